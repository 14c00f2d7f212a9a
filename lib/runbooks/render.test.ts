import { existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { thresholds } from '@/lib/health/thresholds'
import { runbookById, runbooks } from './catalog'
import {
  describeRemediation,
  describeStep,
  describeVerification,
  diagnosticCommands,
  isDestructive,
  needsSecondApproval,
  remediationCommands,
  renderCommand,
  renderTemplate,
  scaleTarget,
  stepCommands,
  verificationLimit,
  type RemediationContext,
} from './render'
import { blockingChains, lastStoppedTask, probeHealth, serviceCounts, valueOr, variable } from './templates'
import { diagnosticKindList, type RemediationAction } from './types'

const ctx: RemediationContext = {
  region: 'us-east-1',
  cluster: 'shop-prod',
  service: 'orders-api',
  environment: 'PROD',
  healthUrl: 'https://orders.example.com/healthz',
  targetGroupArn: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/orders-api/0123456789abcdef',
  taskDefinition: 'arn:aws:ecs:us-east-1:123456789012:task-definition/orders-api-shop-prod:5',
  previousTaskDefinition: 'orders-api-shop-prod:4',
  desiredCount: 4,
  memoryMiB: 1024,
  cpuUnits: 512,
}

/**
 * Reads a command the way a POSIX shell would quote it and returns the text the shell would
 * still expand or split: everything outside single quotes (unquoted, in double quotes, or in a
 * $(...) substitution, whose own single quotes protect again).
 */
function exposedText(command: string): string {
  let exposed = ''
  // Each frame: 'top' (unquoted), 'dq' (inside "..."), or 'sub' (inside $(...), with its paren depth).
  const stack: { kind: 'top' | 'dq' | 'sub'; depth: number }[] = [{ kind: 'top', depth: 0 }]
  for (let i = 0; i < command.length; i++) {
    const ch = command[i]
    const frame = stack[stack.length - 1]
    if (ch === '\\') {
      exposed += command.slice(i, i + 2)
      i++
      continue
    }
    if (ch === '$' && command[i + 1] === '(') {
      stack.push({ kind: 'sub', depth: 1 })
      exposed += '$('
      i++
      continue
    }
    if (frame.kind === 'dq') {
      if (ch === '"') stack.pop()
      else exposed += ch
      continue
    }
    if (ch === "'") {
      const end = command.indexOf("'", i + 1)
      if (end < 0) throw new Error(`unterminated single quote in: ${command}`)
      i = end
      exposed += ' '
      continue
    }
    if (ch === '"') {
      stack.push({ kind: 'dq', depth: 0 })
      continue
    }
    if (frame.kind === 'sub' && ch === '(') frame.depth++
    if (frame.kind === 'sub' && ch === ')' && --frame.depth === 0) {
      stack.pop()
      exposed += ')'
      continue
    }
    exposed += ch
  }
  if (stack.length !== 1) throw new Error(`unbalanced quoting in: ${command}`)
  return exposed
}

describe('exposedText (the test helper)', () => {
  it('sees through quoting the way a shell does', () => {
    expect(exposedText(`echo 'a $(x)' b`)).toBe('echo   b')
    expect(exposedText(`echo "$(date) 'q'"`)).toBe(`echo $(date) 'q'`)
    expect(exposedText(`x "$(aws --q 'safe $(no)')"`)).toBe('x $(aws --q  )')
    expect(exposedText(`echo 'it'"'"'s'`)).toContain("'")
    expect(exposedText(`echo 'it'"'"'s'`)).not.toContain('it')
  })
})

describe('command templates', () => {
  it('fill in region, cluster and service', () => {
    expect(renderCommand(serviceCounts, ctx).text).toBe(
      "aws ecs describe-services --region us-east-1 --cluster shop-prod --services orders-api --query 'services[0].{status:status,desired:desiredCount,running:runningCount,pending:pendingCount,taskDefinition:taskDefinition,rollout:deployments[0].rolloutState}'",
    )
    expect(renderCommand(probeHealth, ctx).text).toBe("curl -sS -o /dev/null -w '%{http_code} %{time_total}s\\n' https://orders.example.com/healthz")
    expect(renderCommand(lastStoppedTask, ctx).text).toContain(
      '"$(aws ecs list-tasks --region us-east-1 --cluster shop-prod --service-name orders-api --desired-status STOPPED',
    )
  })

  it('render a bare template too', () => {
    expect(renderTemplate(serviceCounts.template, { ...ctx, cluster: 'a b' })).toContain("--cluster 'a b'")
  })

  it('leave a shell variable where a value is unknown', () => {
    expect(renderCommand(probeHealth, { ...ctx, healthUrl: null }).text).toMatch(/ "\$HEALTH_URL"$/)
    expect(valueOr(undefined, 'TARGET_GROUP_ARN')).toBe('"$TARGET_GROUP_ARN"')
    expect(() => variable('bad name')).toThrow()
  })

  it('pass SQL through as written, with nothing of ours put into it', () => {
    const rendered = renderCommand(blockingChains, { ...ctx, service: "x'; DROP TABLE users; --" })
    expect(rendered.lang).toBe('sql')
    expect(rendered.text).toBe(blockingChains.lang === 'sql' ? blockingChains.text : '')
    expect(rendered.text).not.toContain('DROP TABLE')
  })

  // Each value carries a payload a shell would run if it ever saw it unquoted.
  const hostile: RemediationContext = {
    region: 'us-east-1$(pwn-region)',
    cluster: 'a b',
    service: 'api$(reboot)',
    environment: "it's",
    healthUrl: 'https://x.example.com/h?a=1&b=`pwn-url`',
    logGroup: "/ecs/it's/$(pwn-logs)",
    targetGroupArn: 'arn:aws:elasticloadbalancing:us-east-1:1:targetgroup/x;pwn-tg/1',
    family: 'fam|pwn-family',
    taskDefinition: 'td$(pwn-td):5',
    previousTaskDefinition: "td:4'; pwn-prev; '",
    desiredCount: 4,
    memoryMiB: 1024,
    cpuUnits: 256,
  }

  it('keep names with odd characters inert in every command of every runbook', () => {
    let checked = 0
    for (const r of runbooks) {
      for (const step of r.steps) {
        for (const c of stepCommands(step, hostile)) {
          if (c.lang !== 'sh') continue
          const exposed = exposedText(c.text)
          const where = `${r.id}/${step.id}: ${c.label}\n${c.text}`
          expect(exposed, where).not.toContain('$(reboot)')
          expect(exposed, where).not.toContain('pwn')
          expect(exposed, where).not.toContain('a b')
          expect(exposed, where).not.toContain("it's")
          checked++
        }
      }
    }
    expect(checked).toBeGreaterThan(150)
  })

  it('keep the odd names whole: one quoted argument each', () => {
    const text = renderCommand(serviceCounts, hostile).text
    expect(text).toContain("--cluster 'a b'")
    expect(text).toContain("--services 'api$(reboot)'")
    const logs = diagnosticCommands('error_logs', undefined, hostile)[0].text
    expect(logs).toContain(`'/ecs/it'"'"'s/$(pwn-logs)'`)
  })

  it('never run anything while rendering', () => {
    const marker = join(tmpdir(), `runbook-render-${process.pid}-${Date.now()}`)
    const evil: RemediationContext = { ...ctx, service: `x$(touch ${marker})`, cluster: `c\`touch ${marker}\``, healthUrl: `https://h/$(touch ${marker})` }
    const all = runbooks.flatMap((r) => r.steps.flatMap((s) => stepCommands(s, evil)))
    expect(all.length).toBeGreaterThan(150)
    expect(all.every((c) => typeof c.text === 'string')).toBe(true)
    expect(existsSync(marker)).toBe(false)
  })

  it('have a CLI equivalent for every diagnostic', () => {
    for (const kind of diagnosticKindList) {
      const cmds = diagnosticCommands(kind, undefined, ctx)
      expect(cmds.length, kind).toBeGreaterThan(0)
      // PostgreSQL diagnostics read the database itself: their equivalent is SQL for psql.
      for (const c of cmds) expect(c.text, kind).toMatch(kind.startsWith('pg_') ? /^(SELECT|WITH) /i : /^(aws|curl) /)
    }
    expect(diagnosticCommands('error_logs', { pattern: 'Redis', sinceMinutes: 15 }, ctx)[0].text).toBe(
      'aws logs tail /ecs/shop-prod/orders-api --region us-east-1 --since 15m --filter-pattern Redis',
    )
  })
})

describe('describeRemediation', () => {
  const scale = (params: Extract<RemediationAction, { kind: 'scale' }>['params']): RemediationAction => ({ kind: 'scale', params })

  it('states the exact change', () => {
    expect(describeRemediation(scale({ mode: 'multiply', multiplier: 2 }), ctx)).toBe('desired 4 → 8 on orders-api in prod')
    expect(describeRemediation(scale({ mode: 'set', desiredCount: 15 }), ctx)).toBe('desired 4 → 15 on orders-api in prod')
    expect(describeRemediation(scale({ mode: 'zero' }), ctx)).toBe('desired 4 → 0 on orders-api in prod (stops every task)')
    expect(describeRemediation({ kind: 'rollback' }, ctx)).toBe('roll back orders-api from orders-api-shop-prod:5 to :4')
    expect(describeRemediation({ kind: 'force_new_deployment' }, ctx)).toBe('force a new deployment of orders-api (rolling restart)')
    expect(describeRemediation({ kind: 'raise_memory', params: { factor: 2 } }, ctx)).toBe(
      'memory 1024 → 2048 MiB on orders-api in prod (registers a new revision of orders-api-shop-prod, then deploys it)',
    )
    expect(describeRemediation({ kind: 'raise_memory', params: { factor: 1, cpuFactor: 2 } }, ctx)).toBe(
      'CPU 512 → 1024 units on orders-api in prod (memory unchanged; registers a new revision of orders-api-shop-prod, then deploys it)',
    )
    expect(describeRemediation({ kind: 'raise_memory', params: { memoryMiB: 3072, cpuFactor: 2 } }, ctx)).toMatch(
      /^memory 1024 → 3072 MiB, CPU 512 → 1024 units on orders-api/,
    )
  })

  it('says what it cannot know yet', () => {
    const bare = { region: 'us-east-1', cluster: 'shop-prod', service: 'orders-api', environment: 'STAGING' }
    expect(describeRemediation(scale({ mode: 'multiply', multiplier: 2 }), bare)).toBe('desired count ×2 on orders-api in staging')
    expect(describeRemediation(scale({ mode: 'set', desiredCount: 6 }), bare)).toBe('desired count → 6 on orders-api in staging')
    expect(describeRemediation({ kind: 'rollback' }, bare)).toBe('roll back orders-api to the previous task definition revision')
    expect(describeRemediation({ kind: 'rollback' }, { ...bare, taskDefinition: 'orders-api-shop-prod:5' })).toBe(
      'roll back orders-api from orders-api-shop-prod:5 to the previous revision',
    )
    expect(describeRemediation({ kind: 'raise_memory', params: { factor: 2 } }, bare)).toBe(
      'memory ×2 on orders-api in staging (registers a new revision, then deploys it)',
    )
  })

  it('accepts the step as well as the bare action', () => {
    const step = runbookById('high-cpu')!.steps.find((s) => s.id === 'scale-out')!
    expect(step.kind).toBe('remediation')
    if (step.kind === 'remediation') expect(describeRemediation(step, ctx)).toBe('desired 4 → 8 on orders-api in prod')
    expect(describeStep(step, ctx)).toBe('desired 4 → 8 on orders-api in prod')
  })

  it('rounds a multiplied count up and refuses to multiply nothing', () => {
    expect(scaleTarget({ mode: 'multiply', multiplier: 1.5 }, 3)).toBe(5)
    expect(scaleTarget({ mode: 'multiply', multiplier: 2 }, 0)).toBeNull()
    expect(scaleTarget({ mode: 'multiply', multiplier: 2 }, null)).toBeNull()
    expect(scaleTarget({ mode: 'zero' }, 7)).toBe(0)
    expect(scaleTarget({ mode: 'set', desiredCount: 15 })).toBe(15)
  })

  it('flags the destructive actions that need a second approval in production', () => {
    expect(isDestructive({ kind: 'rollback' })).toBe(true)
    expect(isDestructive(scale({ mode: 'zero' }))).toBe(true)
    expect(isDestructive(scale({ mode: 'multiply', multiplier: 2 }))).toBe(false)
    expect(isDestructive({ kind: 'force_new_deployment' })).toBe(false)
    expect(needsSecondApproval({ kind: 'rollback' }, 'PROD')).toBe(true)
    expect(needsSecondApproval({ kind: 'rollback' }, 'staging')).toBe(false)
  })

  it('gives the same change as CLI commands', () => {
    const [set] = remediationCommands(scale({ mode: 'multiply', multiplier: 2 }), ctx)
    expect(set.text).toBe('aws ecs update-service --region us-east-1 --cluster shop-prod --service orders-api --desired-count 8')
    const [rollback] = remediationCommands({ kind: 'rollback' }, ctx)
    expect(rollback.text).toBe('aws ecs update-service --region us-east-1 --cluster shop-prod --service orders-api --task-definition orders-api-shop-prod:4')
    const unknown = remediationCommands(scale({ mode: 'multiply', multiplier: 2 }), { ...ctx, desiredCount: null })[0]
    expect(unknown.text).toMatch(/--desired-count "\$DESIRED_COUNT"$/)
    const memory = remediationCommands({ kind: 'raise_memory', params: { factor: 2 } }, ctx).map((c) => c.text)
    expect(memory[1]).toContain('.memory = "2048"')
    expect(memory[1]).toContain('.memory * 2')
    expect(memory.at(-2)).toContain('--task-definition "$NEW_TASK_DEFINITION"')
  })
})

describe('verification', () => {
  it('takes its limits from the health thresholds', () => {
    expect(verificationLimit({ kind: 'metric_below', signal: 'cpu', line: 'warning', forMinutes: 10 })).toBe(thresholds.cpuPercent.warning)
    expect(verificationLimit({ kind: 'metric_below', signal: 'latency', line: 'critical', forMinutes: 5 })).toBe(thresholds.latencyMs.critical)
    expect(verificationLimit({ kind: 'metric_below', signal: 'error_rate', line: 'warning', forMinutes: 5 })).toBe(thresholds.errorRatePercent.warning)
    expect(verificationLimit({ kind: 'metric_below', signal: 'memory', line: 'critical', forMinutes: 5 })).toBe(thresholds.memoryPercent.critical)
  })

  it('describes what it checks', () => {
    expect(describeVerification({ kind: 'metric_below', signal: 'cpu', line: 'warning', forMinutes: 10 }, ctx)).toBe(
      'CPU of orders-api stays under 70% for 10 min',
    )
    expect(describeVerification({ kind: 'metric_below', signal: 'latency', line: 'warning', forMinutes: 5 }, ctx)).toBe(
      'latency of orders-api stays under 500 ms for 5 min',
    )
    expect(describeVerification({ kind: 'health_url' }, ctx)).toBe('https://orders.example.com/healthz answers 2xx')
    expect(describeVerification({ kind: 'health_url' })).toBe('the health URL answers 2xx')
  })
})

describe('describeStep', () => {
  it('gives one line per step kind', () => {
    const crash = runbookById('crash-loop')!
    const line = (id: string) =>
      describeStep(
        crash.steps.find((s) => s.id === id)!,
        ctx,
      )
    expect(line('stopped-tasks')).toBe('Stopped tasks: orders-api')
    expect(line('post-update')).toBe('draft a progress update')
    expect(line('rollback')).toBe('roll back orders-api from orders-api-shop-prod:5 to :4')
    expect(line('counts-match')).toBe('orders-api runs as many tasks as it wants, none pending')
  })
})
