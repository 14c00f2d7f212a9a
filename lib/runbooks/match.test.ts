import { describe, expect, it } from 'vitest'
import { findingsOf, type HealthInput } from '@/lib/health/rules'
import { runbooks } from './catalog'
import { mentions, runbooksForIncident, suggestRunbooks, type MatchFinding } from './match'

const first = (input: Parameters<typeof suggestRunbooks>[0]) => suggestRunbooks(input)[0]?.runbook.id
const critical = (signal: string, text: string): MatchFinding => ({ signal, text, level: 'critical' })
const warning = (signal: string, text: string): MatchFinding => ({ signal, text, level: 'warning' })

const healthy: HealthInput = {
  desiredCount: 4,
  runningCount: 4,
  pendingCount: 0,
  deployment: { rolloutState: 'COMPLETED', startedAt: null, circuitBreakerTripped: false },
  stoppedTasks: [],
  cpuPercent: 30,
  memoryPercent: 40,
  errorRatePercent: 0.1,
  latencyMs: 120,
  unhealthyTargets: 0,
  alarmsInAlarm: [],
}
const now = new Date('2025-06-01T12:00:00Z')
const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000).toISOString()

describe('suggestRunbooks from status board findings', () => {
  it('puts the crash-loop runbook first for a crash loop', () => {
    const findings = findingsOf(
      {
        ...healthy,
        runningCount: 2,
        stoppedTasks: [1, 2, 3].map((m) => ({ stoppedAt: minutesAgo(m), exitCode: 1, oom: false, failed: true })),
      },
      now,
    )
    expect(findings.map((f) => f.text)).toContain('crash loop: 3 tasks failed in 10 min (exit 1)')
    const [top] = suggestRunbooks({ findings })
    expect(top.runbook.id).toBe('crash-loop')
    expect(top.why[0]).toBe('status board: crash loop: 3 tasks failed in 10 min (exit 1)')
  })

  it('puts the OOM runbook first for OOM kills and high memory', () => {
    const findings = findingsOf(
      {
        ...healthy,
        memoryPercent: 93,
        stoppedTasks: [1, 4, 6].map((m) => ({ stoppedAt: minutesAgo(m), exitCode: 137, oom: true, failed: true })),
      },
      now,
    )
    expect(findings.map((f) => f.text)).toEqual(expect.arrayContaining(['3 OOM kills in 10 min', 'memory 93%']))
    expect(first({ findings })).toBe('oom-memory-leak')
    expect(first({ findings: [critical('memory', 'memory 95%')] })).toBe('oom-memory-leak')
  })

  it('sends unhealthy targets to the 502/503/504 runbook', () => {
    const findings = findingsOf({ ...healthy, unhealthyTargets: 2 }, now)
    expect(findings[0].text).toBe('2 unhealthy targets')
    expect(first({ findings })).toBe('bad-gateway-unhealthy-targets')
  })

  it('maps each kind of finding to its runbook', () => {
    expect(first({ findings: findingsOf({ ...healthy, errorRatePercent: 6 }, now) })).toBe('high-error-rate')
    expect(first({ findings: findingsOf({ ...healthy, latencyMs: 1200 }, now) })).toBe('service-slow')
    expect(first({ findings: findingsOf({ ...healthy, cpuPercent: 91 }, now) })).toBe('high-cpu')
    expect(first({ findings: findingsOf({ ...healthy, runningCount: 0 }, now) })).toBe('complete-outage')
    expect(
      first({ findings: findingsOf({ ...healthy, deployment: { rolloutState: 'FAILED', startedAt: minutesAgo(5), circuitBreakerTripped: true } }, now) }),
    ).toBe('deployment-failure')
    expect(
      first({
        findings: findingsOf({ ...healthy, deployment: { rolloutState: 'IN_PROGRESS', startedAt: minutesAgo(25), circuitBreakerTripped: false } }, now),
      }),
    ).toBe('deployment-failure')
  })

  it('counts a critical finding more than a warning', () => {
    const [warn] = suggestRunbooks({ findings: [warning('cpu', 'CPU 75%')] })
    const [crit] = suggestRunbooks({ findings: [critical('cpu', 'CPU 95%')] })
    expect(warn.runbook.id).toBe('high-cpu')
    expect(crit.score).toBeGreaterThan(warn.score)
  })

  it('does not let words in the notes outweigh a critical crash loop', () => {
    const text = 'slow slowness latency sluggish response time performance cache cold warm up'
    expect(first({ findings: [critical('stopped', 'crash loop: 5 tasks failed in 10 min')], text })).toBe('crash-loop')
  })
})

describe('suggestRunbooks from alarms', () => {
  it.each([
    ['shop-prod-orders-api-memory-high', 'oom-memory-leak'],
    ['shop-prod-orders-api-cpu-high', 'high-cpu'],
    ['shop-prod-orders-api-5xx-errors', 'high-error-rate'],
    ['shop-prod-orders-api-latency-high', 'service-slow'],
    ['shop-prod-orders-api-unhealthy-hosts', 'bad-gateway-unhealthy-targets'],
    ['tradai-prod-orders-unhealthy', 'ecs-health-check-failure'],
    ['tradai-ingest-errors', 'lambda-failures'],
    ['orders-redis-evictions', 'cache-down'],
    ['api-cert-days-to-expiry', 'dns-cdn-tls'],
    ['GuardDuty-high-severity-finding', 'security-incident'],
    ['orders-db-connections-high', 'db-connection-pool-exhausted'],
  ])('%s → %s', (alarm, id) => {
    expect(first({ alarmNames: [alarm] })).toBe(id)
  })

  it('reads alarm findings from the status board too', () => {
    const findings = findingsOf({ ...healthy, alarmsInAlarm: ['shop-prod-orders-api-memory-high'] }, now)
    expect(findings[0]).toMatchObject({ signal: 'alarm', text: 'alarm shop-prod-orders-api-memory-high' })
    const [top] = suggestRunbooks({ findings })
    expect(top.runbook.id).toBe('oom-memory-leak')
    expect(top.why).toContain('alarm shop-prod-orders-api-memory-high')
  })

  it('does not take a 5xx alarm for a Lambda one', () => {
    const ids = suggestRunbooks({ alarmNames: ['shop-prod-orders-api-5xx-errors'] }).map((s) => s.runbook.id)
    expect(ids).not.toContain('lambda-failures')
  })
})

describe('suggestRunbooks from the incident text', () => {
  it.each([
    ['Checkout fails: Redis connection timeout', 'cache-down'],
    ['ElastiCache node replaced, cache misses everywhere', 'cache-down'],
    ['Certificate expired on api.example.com', 'dns-cdn-tls'],
    ['Customers get TLS handshake errors', 'dns-cdn-tls'],
    ['CloudFront serving stale assets', 'dns-cdn-tls'],
    ['Possible breach of the admin panel', 'security-incident'],
    ['Leaked key found in a public repository', 'security-incident'],
    ['AWS access key leaked on GitHub', 'security-incident'],
    ['too many connections from orders-api', 'db-connection-pool-exhausted'],
    ['Deadlock detected in order updates, queries stuck', 'db-lock-contention'],
    ['Lambda function timing out: Task timed out after 30 seconds', 'lambda-failures'],
    ['Accidentally deleted rows, need to restore from backup', 'restore-from-backup'],
    ['Worst case: nothing works after restarts, last resort', 'worst-case-sequence'],
    ['Daily health check', 'daily-health-check'],
    ['Site down for everyone', 'complete-outage'],
    ['Users see 502 Bad Gateway', 'bad-gateway-unhealthy-targets'],
    ['Tasks keep restarting, crash loop after release', 'crash-loop'],
    ['Tasks stuck in PENDING: unable to place', 'task-startup-failure'],
    ['DynamoDB throttling on sessions table', 'dynamodb-throttling'],
  ])('%s → %s', (text, id) => {
    expect(first({ text })).toBe(id)
  })

  it('explains each suggestion', () => {
    const [top] = suggestRunbooks({ text: 'Redis is down' })
    expect(top.why).toContain('mentions "redis"')
  })

  it('matches whole words only, plurals included', () => {
    expect(mentions('table locks piling up', 'lock')).toBe(true)
    expect(mentions('the door is unlocked', 'lock')).toBe(false)
    expect(mentions('sslv3 is old', 'ssl')).toBe(false)
    expect(mentions('see /health for details', '/health')).toBe(true)
    expect(mentions('n+1 queries', 'n+1')).toBe(true)
  })
})

describe('suggestRunbooks in general', () => {
  it('suggests nothing without evidence', () => {
    expect(suggestRunbooks({})).toEqual([])
    expect(suggestRunbooks({ findings: [], alarmNames: [], text: 'lunch menu' })).toEqual([])
  })

  it('ranks best first and honours a limit', () => {
    const all = suggestRunbooks({ findings: [critical('targets', '3 unhealthy targets'), critical('errors', '5xx at 12%')], text: '502 errors' })
    const scores = all.map((s) => s.score)
    expect(scores).toEqual([...scores].sort((a, b) => b - a))
    expect(suggestRunbooks({ findings: [critical('targets', '3 unhealthy targets')] }, { limit: 2 })).toHaveLength(2)
  })

  it('lists suggested runbooks first, then the rest of the catalog', () => {
    const { suggested, others } = runbooksForIncident({ findings: [critical('stopped', 'crash loop: 3 tasks failed in 10 min')] })
    expect(suggested[0].runbook.id).toBe('crash-loop')
    expect(suggested.length + others.length).toBe(runbooks.length)
    expect(others.map((r) => r.id)).not.toContain('crash-loop')
  })
})

describe('an early crash loop with every task down', () => {
  it('suggests the crash-loop runbook before the outage one: failing tasks explain the zero', async () => {
    const { suggestRunbooks } = await import('./match')
    const ranked = suggestRunbooks({
      findings: [
        { signal: 'tasks', level: 'critical', text: '0/2 tasks running' },
        { signal: 'stopped', level: 'warning', text: '2 tasks failed in 10 min (exit 1)' },
      ],
      text: 'Checkout web restarting\nCheckout pages fail for some users',
    })
    expect(ranked[0].runbook.id).toBe('crash-loop')
  })
})
