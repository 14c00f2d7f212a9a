import { describe, expect, it } from 'vitest'
import { statusUpdateKinds } from '@/lib/incidents/status-update'
import { runbookById, runbookIds, runbooks } from './catalog'
import { matcherRegExp, suggestRunbooks } from './match'
import {
  actionKindList,
  diagnosticKindList,
  healthSignals,
  metricSignalList,
  phases,
  runbookCategories,
  stepKinds,
  verificationKindList,
  type RunbookStep,
} from './types'

const kebab = /^[a-z0-9]+(-[a-z0-9]+)*$/
const ctx = { region: 'us-east-1', cluster: 'shop-prod', service: 'orders-api', environment: 'PROD' }

/** Every runbook the issue (#5) asks for, by the id it has in the catalog. */
const required = {
  'ECS service health-check failure': 'ecs-health-check-failure',
  'container restart loop / crash loop': 'crash-loop',
  'OOM kills and memory leaks': 'oom-memory-leak',
  'high CPU': 'high-cpu',
  'deployment failure and rollback': 'deployment-failure',
  'cannot connect / 502 / 503 / 504 and unhealthy targets': 'bad-gateway-unhealthy-targets',
  'high error rate': 'high-error-rate',
  'service slow': 'service-slow',
  'complete outage': 'complete-outage',
  'database connection pool exhausted': 'db-connection-pool-exhausted',
  'database lock contention': 'db-lock-contention',
  'cache (Redis/ElastiCache) down': 'cache-down',
  'Lambda function failures': 'lambda-failures',
  'DNS, CDN and TLS certificate problems': 'dns-cdn-tls',
  'security incident': 'security-incident',
  'restoring from backups': 'restore-from-backup',
  'emergency response checklist': 'emergency-response-checklist',
  'worst-case sequence': 'worst-case-sequence',
  'daily health check': 'daily-health-check',
}

/** Problems with one step, as messages (empty when well-formed). */
function stepProblems(step: RunbookStep): string[] {
  const problems: string[] = []
  if (!kebab.test(step.id)) problems.push('id is not kebab-case')
  if (!step.title.trim()) problems.push('no title')
  if (!(stepKinds as readonly string[]).includes(step.kind)) problems.push(`unknown kind ${step.kind}`)
  if (!(phases as readonly string[]).includes(step.phase)) problems.push(`unknown phase ${step.phase}`)
  for (const field of ['detail', 'when', 'caution'] as const) {
    if (field in step && !step[field]?.trim()) problems.push(`empty ${field}`)
  }
  switch (step.kind) {
    case 'manual':
      for (const c of step.commands ?? []) {
        if (!c.label.trim()) problems.push('command without label')
        if (c.lang === 'sh') {
          if (typeof c.template !== 'function') problems.push(`${c.label}: template is not a function`)
          else if (!c.template(ctx).trim()) problems.push(`${c.label}: renders empty`)
        } else if (!['sql', 'logs-insights'].includes(c.lang) || !c.text.trim()) problems.push(`${c.label}: bad plain command`)
      }
      break
    case 'diagnostic':
      if (!diagnosticKindList.includes(step.diagnostic)) problems.push(`unknown diagnostic ${step.diagnostic}`)
      if (step.params?.sinceMinutes != null && !(Number.isInteger(step.params.sinceMinutes) && step.params.sinceMinutes > 0)) problems.push('bad sinceMinutes')
      if (step.params?.pattern != null && step.diagnostic !== 'error_logs') problems.push('pattern only applies to error_logs')
      break
    case 'remediation': {
      const a = step.action
      if (!actionKindList.includes(a.kind)) problems.push(`unknown action ${a.kind}`)
      if (a.kind === 'scale') {
        const p = a.params
        if (p.mode === 'set' && !(Number.isInteger(p.desiredCount) && p.desiredCount >= 0)) problems.push('bad desiredCount')
        if (p.mode === 'multiply' && !(p.multiplier > 1 && p.multiplier <= 10)) problems.push('multiplier must be in (1, 10]')
        if (!['set', 'multiply', 'zero'].includes(p.mode)) problems.push('bad scale mode')
      }
      if (a.kind === 'raise_memory') {
        const p = a.params
        if ((p.factor == null) === (p.memoryMiB == null)) problems.push('raise_memory needs exactly one of factor and memoryMiB')
        if (p.factor != null && !(p.factor >= 1 && p.factor <= 4)) problems.push('memory factor must be in [1, 4]')
        if (p.memoryMiB != null && !(Number.isInteger(p.memoryMiB) && p.memoryMiB >= 512)) problems.push('bad memoryMiB')
        if (p.cpuFactor != null && !(p.cpuFactor >= 1 && p.cpuFactor <= 4)) problems.push('cpu factor must be in [1, 4]')
        if (p.factor === 1 && (p.cpuFactor ?? 1) === 1) problems.push('raise_memory changes nothing')
      }
      break
    }
    case 'verification': {
      const c = step.check
      if (!verificationKindList.includes(c.kind)) problems.push(`unknown verification ${c.kind}`)
      if (c.kind === 'metric_below') {
        if (!metricSignalList.includes(c.signal)) problems.push(`unknown signal ${c.signal}`)
        if (!['warning', 'critical'].includes(c.line)) problems.push(`unknown line ${c.line}`)
        if (!(Number.isInteger(c.forMinutes) && c.forMinutes > 0 && c.forMinutes <= 120)) problems.push('bad forMinutes')
      }
      break
    }
    case 'communication':
      if (!statusUpdateKinds.includes(step.update)) problems.push(`unknown update kind ${step.update}`)
      break
  }
  return problems
}

describe('runbook catalog', () => {
  it('has every runbook the issue lists', () => {
    for (const [name, id] of Object.entries(required)) expect(runbookById(id), name).toBeDefined()
    expect(runbooks.length).toBeGreaterThanOrEqual(Object.keys(required).length)
  })

  it('has unique kebab-case ids, and runbookById finds each', () => {
    expect(new Set(runbookIds).size).toBe(runbooks.length)
    for (const r of runbooks) {
      expect(r.id).toMatch(kebab)
      expect(runbookById(r.id)).toBe(r)
    }
    expect(runbookById('no-such-runbook')).toBeUndefined()
  })

  it.each(runbooks.map((r) => [r.id, r] as const))('%s is complete', (_id, r) => {
    expect(r.title.trim()).not.toBe('')
    expect(r.summary.length).toBeGreaterThan(40)
    expect(runbookCategories).toContain(r.category)
    expect(r.symptoms.length).toBeGreaterThanOrEqual(1)
    expect(r.steps.length).toBeGreaterThanOrEqual(6)
    const inPhase = new Set(r.steps.map((s) => s.phase))
    for (const phase of ['diagnosis', 'resolution', 'verification'] as const) expect(inPhase.has(phase), `${r.id} has no ${phase} step`).toBe(true)
  })

  it.each(runbooks.map((r) => [r.id, r] as const))('%s: steps are well-formed, unique and in phase order', (_id, r) => {
    const ids = r.steps.map((s) => s.id)
    expect(new Set(ids).size, `duplicate step ids in ${r.id}`).toBe(ids.length)
    const order = r.steps.map((s) => phases.indexOf(s.phase))
    expect(order, `${r.id} steps out of phase order`).toEqual([...order].sort((a, b) => a - b))
    for (const step of r.steps) expect(stepProblems(step), `${r.id}/${step.id}`).toEqual([])
  })

  it('links only to runbooks that exist', () => {
    for (const r of runbooks) {
      expect(r.related.length, r.id).toBeGreaterThan(0)
      expect(new Set(r.related).size, r.id).toBe(r.related.length)
      for (const id of r.related) {
        expect(id, `${r.id} links to itself`).not.toBe(r.id)
        expect(runbookById(id), `${r.id} → ${id}`).toBeDefined()
      }
    }
  })

  it('has matchers that compile and make sense', () => {
    for (const r of runbooks) {
      const { healthSignals: hs = [], alarmPatterns = [], keywords = [] } = r.matchers
      expect(hs.length + alarmPatterns.length + keywords.length, `${r.id} has no matcher`).toBeGreaterThan(0)
      for (const m of hs) {
        expect(healthSignals, r.id).toContain(m.signal)
        if (m.pattern) {
          expect(matcherRegExp(m.pattern), `${r.id}: /${m.pattern}/`).not.toBeNull()
          expect(matcherRegExp(m.pattern)!.test(m.example), `${r.id}: /${m.pattern}/ vs "${m.example}"`).toBe(true)
        }
        if (m.weight != null) expect(m.weight, r.id).toBeGreaterThan(0)
      }
      for (const p of alarmPatterns) expect(matcherRegExp(p), `${r.id}: /${p}/`).not.toBeNull()
      expect(new Set(keywords).size, `${r.id} repeats a keyword`).toBe(keywords.length)
      for (const k of keywords) {
        expect(k, r.id).toBe(k.toLowerCase().trim())
        // Plurals match on their own ("lock" finds "locks"), so listing both is noise.
        expect(keywords.includes(`${k}s`) || keywords.includes(`${k}es`), `${r.id}: "${k}" and its plural`).toBe(false)
      }
    }
  })

  it.each(runbooks.map((r) => [r.id, r] as const))('%s is reachable from each of its own matchers', (_id, r) => {
    const found = (input: Parameters<typeof suggestRunbooks>[0]) => suggestRunbooks(input).some((s) => s.runbook.id === r.id)
    for (const m of r.matchers.healthSignals ?? []) {
      expect(found({ findings: [{ signal: m.signal, text: m.example, level: 'warning' }] }), `finding "${m.example}"`).toBe(true)
    }
    for (const k of r.matchers.keywords ?? []) expect(found({ text: `Incident: ${k} reported` }), `keyword "${k}"`).toBe(true)
    // Every runbook has at least one way in.
    const anyWay = (r.matchers.healthSignals?.length ?? 0) > 0 || (r.matchers.keywords?.length ?? 0) > 0 || (r.matchers.alarmPatterns?.length ?? 0) > 0
    expect(anyWay).toBe(true)
  })

  it('uses every diagnostic, action and verification kind somewhere', () => {
    const steps = runbooks.flatMap((r) => r.steps)
    const used = {
      diagnostic: new Set(steps.flatMap((s) => (s.kind === 'diagnostic' ? [s.diagnostic] : []))),
      action: new Set(steps.flatMap((s) => (s.kind === 'remediation' ? [s.action.kind] : []))),
      verification: new Set(steps.flatMap((s) => (s.kind === 'verification' ? [s.check.kind] : []))),
    }
    for (const k of diagnosticKindList) expect(used.diagnostic.has(k), k).toBe(true)
    for (const k of actionKindList) expect(used.action.has(k), k).toBe(true)
    for (const k of verificationKindList) expect(used.verification.has(k), k).toBe(true)
  })

  it('warns before every rollback and every scale to zero', () => {
    for (const r of runbooks) {
      for (const s of r.steps) {
        if (s.kind !== 'remediation') continue
        const destructive = s.action.kind === 'rollback' || (s.action.kind === 'scale' && s.action.params.mode === 'zero')
        if (destructive) expect(s.caution, `${r.id}/${s.id}`).toBeTruthy()
        if (s.action.kind === 'rollback') expect(s.caution, `${r.id}/${s.id} must mention migrations`).toMatch(/migrat/i)
      }
    }
  })
})
