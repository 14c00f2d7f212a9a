import { describe, expect, it } from 'vitest'
import { assessHealth, findingsOf, statusRank, type HealthInput } from './rules'
import { levelOf, thresholds } from './thresholds'

const now = new Date('2026-11-21T12:00:00Z')
const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000).toISOString()

const healthy: HealthInput = {
  desiredCount: 4,
  runningCount: 4,
  pendingCount: 0,
  deployment: { rolloutState: 'COMPLETED', startedAt: minutesAgo(60), circuitBreakerTripped: false },
  stoppedTasks: [],
  cpuPercent: 35,
  memoryPercent: 50,
  errorRatePercent: 0.1,
  latencyMs: 120,
  unhealthyTargets: 0,
  alarmsInAlarm: [],
}

const verdict = (patch: Partial<HealthInput>) => assessHealth({ ...healthy, ...patch }, now)

describe('levelOf (every threshold boundary)', () => {
  const cases = [
    ['cpuPercent', thresholds.cpuPercent],
    ['memoryPercent', thresholds.memoryPercent],
    ['errorRatePercent', thresholds.errorRatePercent],
    ['latencyMs', thresholds.latencyMs],
  ] as const
  for (const [name, limits] of cases) {
    it(`${name}: at the line is fine, just above is the next level`, () => {
      expect(levelOf(limits.warning, limits)).toBeNull()
      expect(levelOf(limits.warning + 0.01, limits)).toBe('warning')
      expect(levelOf(limits.critical, limits)).toBe('warning')
      expect(levelOf(limits.critical + 0.01, limits)).toBe('critical')
      expect(levelOf(null, limits)).toBeNull()
    })
  }
})

describe('assessHealth', () => {
  it('calls a service with every signal normal healthy', () => {
    expect(verdict({})).toMatchObject({ status: 'healthy', reason: '4/4 tasks running; all signals normal', findings: [] })
  })

  it('is unknown without data, with the reason given', () => {
    expect(assessHealth(null, now, 'AWS denied access')).toEqual({ status: 'unknown', reason: 'AWS denied access', findings: [] })
  })

  it('degrades when fewer tasks run than desired, and is critical when none run', () => {
    expect(verdict({ runningCount: 2 })).toMatchObject({ status: 'degraded', reason: '2/4 tasks running' })
    expect(verdict({ runningCount: 0 })).toMatchObject({ status: 'critical', reason: '0/4 tasks running' })
    expect(verdict({ desiredCount: 0, runningCount: 0 }).status).toBe('healthy')
  })

  it('grades CPU, memory, 5xx and latency by their thresholds', () => {
    expect(verdict({ cpuPercent: 71 })).toMatchObject({ status: 'degraded', reason: 'CPU 71%' })
    expect(verdict({ cpuPercent: 86 })).toMatchObject({ status: 'critical', reason: 'CPU 86%' })
    expect(verdict({ memoryPercent: 81 }).status).toBe('degraded')
    expect(verdict({ memoryPercent: 91 }).status).toBe('critical')
    expect(verdict({ errorRatePercent: 1.5 })).toMatchObject({ status: 'degraded', reason: '5xx at 1.5%' })
    expect(verdict({ errorRatePercent: 5.2 }).status).toBe('critical')
    expect(verdict({ latencyMs: 501 })).toMatchObject({ status: 'degraded', reason: 'latency 501 ms' })
    expect(verdict({ latencyMs: 1001 }).status).toBe('critical')
  })

  it('ignores signals that are not measured', () => {
    expect(verdict({ errorRatePercent: null, latencyMs: null, unhealthyTargets: null }).status).toBe('healthy')
  })

  it('is critical with any unhealthy target', () => {
    expect(verdict({ unhealthyTargets: 1 })).toMatchObject({ status: 'critical', reason: '1 unhealthy target' })
  })

  it('is critical when a rollout failed, and degraded when one runs too long', () => {
    expect(verdict({ deployment: { rolloutState: 'FAILED', startedAt: minutesAgo(5), circuitBreakerTripped: true } })).toMatchObject({
      status: 'critical',
      reason: 'deployment failed (circuit breaker)',
    })
    expect(verdict({ deployment: { rolloutState: 'IN_PROGRESS', startedAt: minutesAgo(14), circuitBreakerTripped: false } }).status).toBe('healthy')
    expect(verdict({ deployment: { rolloutState: 'IN_PROGRESS', startedAt: minutesAgo(20), circuitBreakerTripped: false } })).toMatchObject({
      status: 'degraded',
      reason: 'deployment in progress for 20 min',
    })
  })

  it('warns on a recent OOM kill or failed task, and calls repeated failures a crash loop', () => {
    const oom = { stoppedAt: minutesAgo(2), exitCode: 137, oom: true, failed: true }
    const crash = { stoppedAt: minutesAgo(1), exitCode: 1, oom: false, failed: true }
    expect(verdict({ stoppedTasks: [oom] })).toMatchObject({ status: 'degraded', reason: '1 OOM kill in 10 min' })
    expect(verdict({ stoppedTasks: [oom, oom, oom] })).toMatchObject({ status: 'critical', reason: '3 OOM kills in 10 min' })
    expect(verdict({ stoppedTasks: [crash] })).toMatchObject({ status: 'degraded', reason: '1 task failed in 10 min (exit 1)' })
    expect(verdict({ stoppedTasks: [crash, crash, crash] })).toMatchObject({
      status: 'critical',
      reason: 'crash loop: 3 tasks failed in 10 min (exit 1)',
    })
  })

  it('does not count old stops, or tasks stopped on purpose', () => {
    const old = { stoppedAt: minutesAgo(11), exitCode: 1, oom: false, failed: true }
    const scaledIn = { stoppedAt: minutesAgo(1), exitCode: 0, oom: false, failed: false }
    expect(verdict({ stoppedTasks: [old, old, old, scaledIn] }).status).toBe('healthy')
  })

  it('puts critical findings first in the reason and keeps it to three', () => {
    const v = verdict({ runningCount: 2, cpuPercent: 90, memoryPercent: 85, alarmsInAlarm: ['orders-api-5xx'], latencyMs: 700 })
    expect(v.status).toBe('critical')
    expect(v.reason).toBe('CPU 90%; 2/4 tasks running; latency 700 ms')
    expect(v.findings).toHaveLength(5)
  })

  it('raises an alarm in ALARM as a warning', () => {
    expect(findingsOf({ ...healthy, alarmsInAlarm: ['orders-api-high-cpu'] }, now)).toEqual([
      { level: 'warning', signal: 'alarm', text: 'alarm orders-api-high-cpu' },
    ])
  })

  it('is never healthy while it cannot see a signal: unknown, with what it is blind to', () => {
    expect(verdict({ blind: ['blind to metrics: CloudWatch refused'] })).toMatchObject({
      status: 'unknown',
      reason: 'blind to metrics: CloudWatch refused; 4/4 tasks running',
    })
    // Something it can see is wrong: graded by that, and the blindness is still listed.
    const v = verdict({ runningCount: 2, blind: ['blind to alarms: denied'] })
    expect(v.status).toBe('degraded')
    expect(v.findings.map((f) => f.level)).toEqual(['warning', 'blind'])
  })

  it('shows a value older than two periods as no data, with its age, never as current', () => {
    const ages = { periodSeconds: 60, cpu: minutesAgo(8), memory: minutesAgo(8), loadBalancer: minutesAgo(8) }
    const v = verdict({ cpuPercent: 99, errorRatePercent: 30, metricAges: ages })
    expect(v.status).toBe('unknown')
    expect(v.reason).toBe('load balancer metrics: no data since 8 min ago; CPU and memory: no data since 8 min ago; 4/4 tasks running')
    // The period that ended within two periods is current.
    const fresh = { periodSeconds: 60, cpu: minutesAgo(2), memory: minutesAgo(2), loadBalancer: minutesAgo(2) }
    expect(verdict({ cpuPercent: 99, metricAges: fresh })).toMatchObject({ status: 'critical', reason: 'CPU 99%' })
    expect(verdict({ metricAges: { periodSeconds: 60, cpu: null, memory: null } })).toMatchObject({
      status: 'unknown',
      reason: 'CPU and memory: no data; 4/4 tasks running',
    })
    // No task running: no CPU datapoint is expected, and the task count says what matters.
    expect(verdict({ runningCount: 0, metricAges: { periodSeconds: 60, cpu: null, memory: null } })).toMatchObject({
      status: 'critical',
      reason: '0/4 tasks running',
    })
  })

  it('takes a 5xx share or latency without a current datapoint (no traffic) as no value, not as current and not as blindness', () => {
    const ages = { periodSeconds: 60, cpu: minutesAgo(2), memory: minutesAgo(2), loadBalancer: minutesAgo(2), errors: minutesAgo(6), latency: minutesAgo(6) }
    expect(verdict({ latencyMs: 1500, errorRatePercent: 30, metricAges: ages })).toMatchObject({ status: 'healthy' })
    expect(verdict({ latencyMs: 1500, metricAges: { ...ages, latency: minutesAgo(2) } })).toMatchObject({ status: 'critical', reason: 'latency 1500 ms' })
  })

  it("counts the load balancer's own 5xx (no healthy target) as critical", () => {
    expect(verdict({ runningCount: 0, errorRatePercent: 100, loadBalancer5xx: 1200 })).toMatchObject({
      status: 'critical',
      reason: '0/4 tasks running; 5xx at 100%: no healthy target, the load balancer answers 503 itself',
    })
  })

  it('flags a deleted or draining service', () => {
    expect(verdict({ serviceStatus: 'INACTIVE', desiredCount: 0, runningCount: 0 })).toMatchObject({
      status: 'critical',
      reason: 'ECS service deleted (INACTIVE)',
    })
    expect(verdict({ serviceStatus: 'DRAINING', desiredCount: 0, runningCount: 1 }).reason).toMatch(/^ECS service being deleted \(DRAINING\)/)
  })

  it('counts failures of the current revision only, and none from before the last steady state', () => {
    const crash = (m: number, rev = 'td:2') => ({ stoppedAt: minutesAgo(m), exitCode: 1, oom: false, failed: true, taskDefinitionArn: rev })
    const deployment = { rolloutState: 'COMPLETED' as const, startedAt: minutesAgo(60), circuitBreakerTripped: false, taskDefinitionArn: 'td:2' }
    const loop = [crash(6), crash(5), crash(4)]
    expect(verdict({ deployment, stoppedTasks: loop }).status).toBe('critical')
    // Steady again since 2 minutes: recovered.
    expect(verdict({ deployment, stoppedTasks: loop, steadySince: minutesAgo(2) })).toMatchObject({ status: 'healthy' })
    // Not steady (a task missing): the failures still count.
    expect(verdict({ deployment, stoppedTasks: loop, steadySince: minutesAgo(2), runningCount: 3 }).status).toBe('critical')
    // A failed revision rolled back: its failures are not the current deployment's.
    expect(verdict({ deployment, stoppedTasks: [crash(3, 'td:3'), crash(2, 'td:3'), crash(1, 'td:3')] }).status).toBe('healthy')
  })

  it('orders the board critical, degraded, unknown, healthy', () => {
    expect(['healthy', 'unknown', 'critical', 'degraded'].sort((a, b) => statusRank(a as never) - statusRank(b as never))).toEqual([
      'critical',
      'degraded',
      'unknown',
      'healthy',
    ])
  })
})
