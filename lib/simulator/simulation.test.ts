import { describe, expect, it } from 'vitest'
import { manualClock } from './clock'
import { generatedFleet } from './fleet'
import { statsOf } from './metrics'
import { MINUTE, type SimService } from './model'
import { Simulation } from './simulation'

function demo(seed = 7) {
  const sim = new Simulation({ clock: manualClock(), seed })
  const svc = (cluster: string, name: string) => sim.service('us-east-1', cluster, name)!
  return { sim, svc }
}

const running = (s: SimService) => s.tasks.filter((t) => t.lastStatus === 'RUNNING').length
const stopped = (s: SimService) => s.tasks.filter((t) => t.lastStatus === 'STOPPED')

/** Advances in small steps until `done` or the time runs out; returns the ms it took. */
function until(sim: Simulation, done: () => boolean, maxMs = 15 * MINUTE, step = 5_000): number {
  let waited = 0
  sim.sync()
  while (!done()) {
    if (waited >= maxMs) throw new Error(`condition not met after ${maxMs / 1000}s`)
    sim.advance(step)
    waited += step
  }
  return waited
}

describe('the demo fleet', () => {
  it('matches prisma/seed.ts and starts steady, with a previous task definition revision', () => {
    const { sim, svc } = demo()
    expect(sim.services.size).toBe(12)
    expect([...sim.clusters.values()].map((c) => c.name).sort()).toEqual(['shop-dev', 'shop-prod'])
    const orders = svc('shop-prod', 'orders-api')
    expect(orders.targetGroup?.arn).toBe('arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/shop-prod-orders-api/0123456789abcdef')
    expect(svc('shop-prod', 'inventory-worker').targetGroup).toBeUndefined()
    for (const s of sim.services.values()) {
      expect(s.steady).toBe(true)
      expect(running(s)).toBe(s.desiredCount)
      expect(s.deployments).toHaveLength(1)
      expect(s.deployments[0].rolloutState).toBe('COMPLETED')
      const td = sim.taskDefinitionOf('us-east-1', s.taskDefinitionArn)
      expect(td.revision).toBeGreaterThanOrEqual(3)
      expect(sim.taskDefinitionByRef('us-east-1', `${td.family}:${td.revision - 1}`)).toBeDefined()
    }
    expect(sim.alarms.every((a) => a.state === 'OK')).toBe(true)
  })

  it('is deterministic for a seed', () => {
    const a = demo(3)
    const b = demo(3)
    const c = demo(4)
    const ids = (x: ReturnType<typeof demo>) => x.svc('shop-prod', 'orders-api').tasks.map((t) => t.id)
    expect(ids(a)).toEqual(ids(b))
    expect(ids(a)).not.toEqual(ids(c))
    a.sim.advance(10 * MINUTE)
    b.sim.advance(10 * MINUTE)
    const m = a.sim.completedMinute() - 1
    expect(a.sim.sampleAt(a.svc('shop-prod', 'orders-api'), m)).toEqual(b.sim.sampleAt(b.svc('shop-prod', 'orders-api'), m))
  })

  it('builds a large generated fleet quickly', () => {
    const started = performance.now()
    const sim = new Simulation({ clock: manualClock(), fleet: generatedFleet(200) })
    sim.advance(10 * MINUTE)
    expect(sim.services.size).toBe(200)
    expect(sim.alarms).toHaveLength(1200)
    expect(performance.now() - started).toBeLessThan(3000)
  })
})

describe('scaling and deployments', () => {
  it('moves running toward desired step by step', () => {
    const { sim, svc } = demo()
    const s = svc('shop-prod', 'orders-api')
    sim.updateService(s, { desiredCount: s.desiredCount + 4 })
    const seen = new Set<number>()
    until(sim, () => {
      seen.add(running(s))
      return running(s) === s.desiredCount && s.steady
    })
    expect(seen.size).toBeGreaterThan(2)
    sim.updateService(s, { desiredCount: 1 })
    until(sim, () => running(s) === 1 && s.steady)
    expect(stopped(s).every((t) => t.stopCode === 'ServiceSchedulerInitiated' && t.exitCode === 0)).toBe(true)
  })

  it('rolls a forced deployment to COMPLETED, replacing every task', () => {
    const { sim, svc } = demo()
    const s = svc('shop-prod', 'payments-api')
    const before = s.tasks.map((t) => t.id)
    sim.updateService(s, { forceNewDeployment: true })
    expect(s.deployments.map((d) => [d.status, d.rolloutState])).toEqual([
      ['PRIMARY', 'IN_PROGRESS'],
      ['ACTIVE', 'COMPLETED'],
    ])
    const took = until(sim, () => s.deployments.length === 1 && s.deployments[0].rolloutState === 'COMPLETED')
    expect(took).toBeGreaterThan(30_000)
    expect(s.tasks.filter((t) => t.lastStatus !== 'STOPPED').every((t) => !before.includes(t.id))).toBe(true)
    expect(s.events[0].message).toMatch(/steady state|deployment completed/)
  })

  it('fails a bad deployment with the circuit breaker and rolls back', () => {
    const { sim, svc } = demo()
    const s = svc('shop-prod', 'checkout-web')
    const good = s.taskDefinitionArn
    sim.injectScenario({ cluster: 'shop-prod', service: 'checkout-web', scenario: 'failed_deployment', options: { deploy: true } })
    expect(s.taskDefinitionArn).not.toBe(good)
    until(sim, () => s.deployments.some((d) => d.rolloutState === 'FAILED'))
    const failed = s.deployments.find((d) => d.rolloutState === 'FAILED')!
    expect(failed.rolloutStateReason).toMatch(/circuit breaker/)
    expect(failed.failedTasks).toBeGreaterThanOrEqual(3)
    expect(s.deployments[0].rolloutStateReason).toMatch(/circuit breaker: rolling back/)
    expect(s.events.some((e) => /circuit breaker/.test(e.message))).toBe(true)
    expect(stopped(s).some((t) => t.exitCode === 1 && t.stopCode === 'EssentialContainerExited')).toBe(true)
    until(sim, () => s.deployments.length === 1 && s.deployments[0].rolloutState === 'COMPLETED')
    expect(s.taskDefinitionArn).toBe(good)
  })

  it('does not roll back a failed rollback, and recovers once the cause is cleared', () => {
    const { sim, svc } = demo()
    const s = svc('shop-prod', 'orders-api')
    sim.injectScenario({ cluster: 'shop-prod', service: 'orders-api', scenario: 'crash_loop' })
    sim.updateService(s, { forceNewDeployment: true })
    until(sim, () => s.deployments[0].rollback && s.deployments[0].rolloutState === 'FAILED', 30 * MINUTE)
    expect(s.deployments.filter((d) => d.rollback)).toHaveLength(1)
    expect(s.events.some((e) => e.message.includes('the rollback itself failed'))).toBe(true)
    sim.clearScenarios()
    until(sim, () => running(s) === s.desiredCount, 15 * MINUTE)
  })

  it('fails the next deployment once armed, and only while armed', () => {
    const { sim, svc } = demo()
    const s = svc('shop-dev', 'orders-api')
    sim.injectScenario({ cluster: 'shop-dev', service: 'orders-api', scenario: 'failed_deployment' })
    sim.updateService(s, { forceNewDeployment: true })
    until(sim, () => s.deployments.some((d) => d.rolloutState === 'FAILED'))
    until(sim, () => s.steady)
    sim.clearScenarios({ cluster: 'shop-dev', service: 'orders-api' })
    sim.updateService(s, { forceNewDeployment: true })
    until(sim, () => s.steady)
    expect(s.deployments[0].failedTasks).toBe(0)
  })
})

describe('scenarios', () => {
  it('crash_loop stops tasks with exit code 1, and clearing it lets the service recover', () => {
    const { sim, svc } = demo()
    const s = svc('shop-prod', 'orders-api')
    sim.injectScenario({ cluster: 'shop-prod', service: 'orders-api', scenario: 'crash_loop' })
    until(sim, () => stopped(s).length >= 4, 10 * MINUTE)
    for (const t of stopped(s)) {
      expect(t.exitCode).toBe(1)
      expect(t.stoppedReason).toBe('Essential container in task exited')
    }
    expect(s.events.some((e) => e.message.includes('unable to consistently start tasks'))).toBe(true)
    expect(s.logBuffer.some((l) => l.message.startsWith('FATAL'))).toBe(true)
    sim.clearScenarios({ scenario: 'crash_loop' })
    until(sim, () => s.steady, 15 * MINUTE)
  })

  it('a minute keeps the fewest tasks running at any of its ticks (RunningTaskCount Minimum)', () => {
    const { sim, svc } = demo()
    const s = svc('shop-prod', 'payments-api')
    // A rolling deployment (the scheduler drains old tasks mid-tick), then a crash loop and its recovery.
    sim.updateService(s, { forceNewDeployment: true })
    const seen = new Map<number, number>()
    for (let i = 0; i < 10 * 12; i++) {
      if (i === 4 * 12) sim.injectScenario({ cluster: 'shop-prod', service: 'payments-api', scenario: 'crash_loop' })
      if (i === 5 * 12) sim.clearScenarios({ scenario: 'crash_loop' })
      sim.advance(5_000)
      // A tick at t belongs to the minute that ends at or after it.
      const minute = Math.ceil(sim.simTime / MINUTE) - 1
      seen.set(minute, Math.min(seen.get(minute) ?? Infinity, running(s)))
    }
    const minutes = [...seen.keys()].filter((m) => m < sim.completedMinute()).slice(1)
    expect(minutes.length).toBeGreaterThanOrEqual(8)
    for (const m of minutes) expect(sim.sampleAt(s, m)?.runningLow, `minute ${m}`).toBe(seen.get(m))
    // Tasks started within a minute: its fewest is below the count at its end.
    expect(minutes.some((m) => sim.sampleAt(s, m)!.runningLow! < sim.sampleAt(s, m)!.running)).toBe(true)
  })

  it('minutesIn starts a crash loop in its middle: failed tasks, events, metrics and an alarm of the last minutes, now', () => {
    const notices: string[] = []
    const sim = new Simulation({
      clock: manualClock(),
      seed: 7,
      onNotice: (n) => notices.push(n.kind === 'alarm' ? `${n.alarm.name} ${n.alarm.state}` : n.kind),
    })
    sim.advance(20 * MINUTE)
    const s = sim.service('us-east-1', 'shop-prod', 'orders-api')!
    const other = sim.service('us-east-1', 'shop-prod', 'catalog-api')!
    const now = sim.now()
    const active = sim.injectScenario({ cluster: 'shop-prod', service: 'orders-api', scenario: 'crash_loop', options: { minutesIn: 8 } })
    expect(Date.parse(active.startedAt)).toBe(now - 8 * MINUTE)
    // Without any time passing: the loop has already stopped several tasks, all in the last 8 minutes.
    expect(sim.now()).toBe(now)
    const failed = stopped(s).filter((t) => t.exitCode === 1)
    expect(failed.length).toBeGreaterThanOrEqual(3)
    for (const t of failed) expect(t.stoppedAt!).toBeGreaterThan(now - 8 * MINUTE)
    expect(s.events.some((e) => e.message.includes('unable to consistently start tasks') && e.createdAt < now)).toBe(true)
    // The replayed minutes carry the failure, and the service's alarm on running tasks has fired.
    const minute = sim.completedMinute() - 1
    expect(sim.sampleAt(s, minute)!.running).toBeLessThan(s.desiredCount)
    expect(sim.alarms.find((a) => a.name === 'shop-prod-orders-api-no-running-tasks')!.state).toBe('ALARM')
    expect(notices).toContain('shop-prod-orders-api-no-running-tasks ALARM')
    // Nothing else in the account was replayed.
    expect(stopped(other)).toHaveLength(0)
    expect(running(other)).toBe(other.desiredCount)
  })

  it('minutesIn is refused outside 1-30 whole minutes and for failures that are not the service’s own', () => {
    const { sim } = demo()
    for (const minutesIn of [0, 31, 1.5])
      expect(() => sim.injectScenario({ cluster: 'shop-prod', service: 'orders-api', scenario: 'crash_loop', options: { minutesIn } })).toThrow(/minutesIn/)
    expect(() => sim.injectScenario({ cluster: 'shop-prod', service: 'orders-api', scenario: 'certificate_expiring', options: { minutesIn: 5 } })).toThrow(
      /minutesIn/,
    )
    expect(sim.listScenarios()).toHaveLength(0)
  })

  it('oom kills with exit 137 and an OutOfMemoryError reason, memory near 100 %', () => {
    const { sim, svc } = demo()
    const s = svc('shop-prod', 'catalog-api')
    sim.injectScenario({ cluster: 'shop-prod', service: 'catalog-api', scenario: 'oom' })
    until(sim, () => stopped(s).length >= 1, 10 * MINUTE)
    const killed = stopped(s)[0]
    expect(killed.exitCode).toBe(137)
    expect(killed.containerReason).toBe('OutOfMemoryError: Container killed due to memory usage')
    sim.advance(2 * MINUTE)
    const sample = sim.sampleAt(s, sim.completedMinute() - 1)!
    expect(sample.mem).toBeGreaterThan(90)
  })

  it('memory_leak climbs until tasks are OOM-killed', () => {
    const { sim, svc } = demo()
    const s = svc('shop-prod', 'auth-api')
    sim.injectScenario({ cluster: 'shop-prod', service: 'auth-api', scenario: 'memory_leak', options: { leakPerMinute: 5 } })
    sim.advance(3 * MINUTE)
    const early = sim.sampleAt(s, sim.completedMinute() - 1)!.mem!
    sim.advance(4 * MINUTE)
    const later = sim.sampleAt(s, sim.completedMinute() - 1)!.mem!
    expect(later).toBeGreaterThan(early + 10)
    until(sim, () => stopped(s).some((t) => t.exitCode === 137), 20 * MINUTE)
  })

  it('cpu_spike drives the CPU alarm to ALARM and back to OK', () => {
    const { sim, svc } = demo()
    const s = svc('shop-prod', 'orders-api')
    const alarm = sim.alarms.find((a) => a.name === 'shop-prod-orders-api-cpu-high')!
    sim.injectScenario({ cluster: 'shop-prod', service: 'orders-api', scenario: 'cpu_spike' })
    sim.advance(5 * MINUTE)
    expect(statsOf(sim.sampleAt(s, sim.completedMinute() - 1)!, 'cpu')!.avg).toBeGreaterThan(85)
    expect(alarm.state).toBe('ALARM')
    expect(alarm.stateReason).toMatch(/Threshold Crossed: 3 out of the last 3 datapoints/)
    sim.clearScenarios()
    sim.advance(3 * MINUTE)
    expect(alarm.state).toBe('OK')
  })

  it('error_spike and slow_responses move the ALB numbers', () => {
    const { sim, svc } = demo()
    const s = svc('shop-prod', 'payments-api')
    sim.injectScenario({ cluster: 'shop-prod', service: 'payments-api', scenario: 'error_spike' })
    sim.injectScenario({ cluster: 'shop-prod', service: 'payments-api', scenario: 'slow_responses' })
    sim.advance(3 * MINUTE)
    const sample = sim.sampleAt(s, sim.completedMinute() - 1)!
    expect(sample.e5xx! / sample.req!).toBeGreaterThan(0.05)
    expect(sample.lat!).toBeGreaterThan(1)
    expect(sim.alarms.find((a) => a.name === 'shop-prod-payments-api-5xx-errors')!.state).toBe('ALARM')
  })

  it('unhealthy_targets fails health checks and ECS replaces those tasks', () => {
    const { sim, svc } = demo()
    const s = svc('shop-prod', 'orders-api')
    sim.injectScenario({ cluster: 'shop-prod', service: 'orders-api', scenario: 'unhealthy_targets' })
    sim.advance(10_000)
    expect(sim.targetStates(s.targetGroup!).some((t) => t.state === 'unhealthy')).toBe(true)
    until(sim, () => stopped(s).some((t) => /failed ELB health checks/.test(t.stoppedReason ?? '')), 5 * MINUTE)
    sim.advance(2 * MINUTE)
    expect(sim.alarms.find((a) => a.name === 'shop-prod-orders-api-unhealthy-hosts')!.state).toBe('ALARM')
  })

  it('throttling marks the service for the API layer', () => {
    const { sim } = demo()
    sim.injectScenario({ cluster: 'shop-prod', service: 'orders-api', scenario: 'throttling' })
    expect(sim.isThrottled(['us-east-1/shop-prod/orders-api'])).toBe(true)
    expect(sim.isThrottled(['us-east-1/shop-prod/payments-api'])).toBe(false)
    expect(sim.listScenarios()).toHaveLength(1)
    expect(sim.clearScenarios({ service: 'orders-api' })).toBe(1)
    expect(sim.isThrottled(['us-east-1/shop-prod/orders-api'])).toBe(false)
  })
})
