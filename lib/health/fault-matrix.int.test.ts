// Fault matrix: every way AWS can break or hide a service, against the board (the fleet
// loader behind getFleetHealth) and the service page (the service detail loader), on the
// simulator over HTTP. The invariant: no broken or unseen service is ever reported healthy.
// Each case starts a fresh simulator (seed 42, its clock at 2025-01-15 12:00) and passes the
// simulator's time as `now`, so every metrics window holds real datapoints.
// The remediation column of the matrix (every recorded outcome equals the simulator's state:
// delayed and dropped UpdateService, circuit-breaker recovery, worker resume) is
// lib/remediation/outcome-matrix.int.test.ts.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { Actor } from '@/lib/actions/actor'
import { startTestSimulator, stopTestSimulator } from '@/lib/aws/testing'
import type { SimulatorHandle } from '@/lib/simulator'
import { alarmWatches, listAlarms } from '@/lib/aws/cloudwatch'
import { db } from '@/lib/db/client'
import { planRemediation } from '@/lib/remediation/plan'
import { getService, listServices } from '@/lib/services/queries'
import type { ServiceSummary } from '@/lib/services/dto'
import { demoServices } from '@/prisma/seed'
import type { ServiceHealthRow } from './dto'
import { loadFleetHealth } from './queries/fleet'
import { loadServiceDetail } from './queries/service-detail'

let actor: Actor
let services: ServiceSummary[]
let sim: SimulatorHandle | null = null

const MIN = 60_000

beforeAll(async () => {
  await db.service.createMany({ data: demoServices() })
  actor = await db.user.create({ data: { email: 'matrix@example.com', name: 'M', role: 'VIEWER' }, select: { id: true, email: true, name: true, role: true } })
  services = await listServices(actor)
})

afterEach(async () => {
  if (sim) await stopTestSimulator(sim)
  sim = null
})

afterAll(async () => {
  await db.$disconnect()
})

async function start() {
  ;({ sim } = await startTestSimulator({ rateLimits: false }))
  return sim!
}

const now = () => new Date(sim!.now())
const board = (opts: Parameters<typeof loadFleetHealth>[2] = {}) => loadFleetHealth(services, now(), { sharedStoppedTasks: false, ...opts })
const row = (fleet: { services: ServiceHealthRow[] }, cluster: string, name: string) =>
  fleet.services.find((r) => r.cluster === cluster && r.ecsServiceName === name)!
async function page(cluster: string, name: string, previous?: Parameters<typeof loadServiceDetail>[2]) {
  const id = services.find((s) => s.cluster === cluster && s.ecsServiceName === name)!.id
  return loadServiceDetail((await getService(actor, id))!, now(), previous)
}

/** Advances the simulator in refresh-sized steps until `until` holds or `limitMs` has passed. */
async function advanceUntil(until: () => boolean, limitMs: number, stepMs = 10_000) {
  for (let t = 0; t < limitMs; t += stepMs) {
    if (until()) return
    sim!.advance(stepMs)
  }
  expect(until(), 'the simulator never reached the expected state').toBe(true)
}
const snap = (cluster: string, name: string) => sim!.services().find((s) => s.cluster === cluster && s.service === name)!

describe('fault matrix: nothing broken or unseen is healthy', () => {
  it('baseline: with nothing wrong, every service is healthy on the board and its page, with current values', async () => {
    await start()
    sim!.advance(2 * MIN)
    const fleet = await board()
    expect(fleet.errors).toEqual([])
    expect(fleet.services.map((r) => [r.ecsServiceName, r.status, r.reason]).filter((x) => x[1] !== 'healthy')).toEqual([])
    const orders = row(fleet, 'shop-prod', 'orders-api')
    expect(orders.cpuPercent).not.toBeNull()
    expect(orders.errorRatePercent).not.toBeNull()
    const detail = await page('shop-prod', 'orders-api')
    expect(detail).toMatchObject({ status: 'healthy', serviceStatus: 'ACTIVE', targetGroupWarning: null })
    expect(detail.current.cpuPercent).not.toBeNull()
  })

  it('CloudWatch refusing every call: unknown and blind to metrics, never "healthy" beside "metrics unavailable"', async () => {
    await start()
    sim!.advance(2 * MIN)
    sim!.faults.add({ kind: 'access_denied', api: 'cloudwatch' })
    const fleet = await board()
    expect(fleet.services.filter((r) => r.status === 'healthy')).toEqual([])
    const orders = row(fleet, 'shop-prod', 'orders-api')
    expect(orders).toMatchObject({ status: 'unknown', cpuPercent: null, errorRatePercent: null })
    expect(orders.reason).toMatch(/^blind to metrics: The app's AWS identity is not allowed to call cloudwatch:GetMetricData/)
    expect(orders.reason).toMatch(/2\/2 tasks running$/)
    const detail = await page('shop-prod', 'orders-api')
    expect(detail.status).toBe('unknown')
    expect(detail.reason).toMatch(/blind to metrics/)
    expect(detail.current).toMatchObject({ cpuPercent: null, memoryPercent: null })
  })

  it('expired credentials: the board is blind, says why in the right words, and keeps the last known critical', async () => {
    await start()
    sim!.scenarios.inject({ cluster: 'shop-prod', service: 'payments-api', scenario: 'crash_loop' })
    sim!.advance(4 * MIN)
    const before = await board()
    expect(row(before, 'shop-prod', 'payments-api').status).toBe('critical')
    const pageBefore = await page('shop-prod', 'payments-api')
    expect(pageBefore).toMatchObject({ status: 'critical', lastKnown: null })

    sim!.faults.add({ kind: 'expired_token' })
    sim!.advance(30_000)
    const during = await board({ previous: before })
    expect(during.blind).toBe(true)
    expect(during.services.every((r) => r.status === 'unknown' && !r.seen)).toBe(true)
    expect(during.errors.join('\n')).toMatch(/credentials have expired \(ExpiredTokenException\)/)
    expect(during.errors.join('\n')).not.toMatch(/Grant it|did not answer/)
    const payments = row(during, 'shop-prod', 'payments-api')
    expect(payments.reason).toMatch(/^cannot read ECS: The app's AWS credentials have expired/)
    expect(payments.lastKnown).toMatchObject({ status: 'critical', at: before.services[0].observedAt })
    expect(payments.lastKnown!.reason).toMatch(/crash loop|tasks running/)
    // Still remembered a refresh later.
    sim!.advance(10_000)
    const later = await board({ previous: during })
    expect(row(later, 'shop-prod', 'payments-api').lastKnown).toMatchObject({ status: 'critical', at: payments.lastKnown!.at })
    expect(row(later, 'shop-prod', 'orders-api').lastKnown).toBeNull()

    const detail = await page('shop-prod', 'payments-api', pageBefore)
    expect(detail.status).toBe('unknown')
    expect(detail.reason).toMatch(/credentials have expired/)
    // The service page, like the board: the last status it saw, with its time; nothing stale shown as current.
    expect(detail.lastKnown).toMatchObject({ status: 'critical', at: pageBefore.observedAt })
    expect(detail.counts.data).toBeNull()
    expect(detail.current).toMatchObject({ cpuPercent: null, memoryPercent: null, errorRatePercent: null, latencyMs: null })
    // A refresh later it is still the same last known, not the unknown in between.
    sim!.advance(10_000)
    expect((await page('shop-prod', 'payments-api', detail)).lastKnown).toMatchObject({ status: 'critical', at: pageBefore.observedAt })
  })

  it('every AWS call failing: every service unknown, the board blind', async () => {
    await start()
    sim!.faults.add({ kind: 'server_error' })
    const fleet = await board()
    expect(fleet.blind).toBe(true)
    expect(new Set(fleet.services.map((r) => r.status))).toEqual(new Set(['unknown']))
    expect((await page('shop-dev', 'catalog-api')).status).toBe('unknown')
  })

  for (const [scenario, status] of [
    ['service_inactive', 'INACTIVE'],
    ['service_draining', 'DRAINING'],
  ] as const) {
    it(`a service ${status} in ECS is flagged critical, not "healthy · 0/0 tasks running"`, async () => {
      await start()
      sim!.scenarios.inject({ cluster: 'shop-prod', service: 'checkout-web', scenario })
      sim!.advance(2 * MIN)
      const r = row(await board(), 'shop-prod', 'checkout-web')
      expect(r).toMatchObject({ status: 'critical', serviceStatus: status, desired: 0 })
      expect(r.reason).toMatch(status === 'INACTIVE' ? /^ECS service deleted \(INACTIVE\)/ : /^ECS service being deleted \(DRAINING\)/)
      const detail = await page('shop-prod', 'checkout-web')
      expect(detail).toMatchObject({ status: 'critical', serviceStatus: status })
      // Nothing to remediate: the fix-it panel's plan refuses, before any change reaches AWS.
      const target = services.find((x) => x.cluster === 'shop-prod' && x.ecsServiceName === 'checkout-web')!
      await expect(planRemediation(target, { kind: 'SCALE', desiredCount: 3 })).rejects.toMatchObject({
        code: 'CONFLICT',
        message: expect.stringMatching(new RegExp(`checkout-web is ${status} in ECS .*nothing to remediate`)),
      })
      await expect(planRemediation(target, { kind: 'FORCE_NEW_DEPLOYMENT' })).rejects.toMatchObject({ code: 'CONFLICT' })
    })
  }

  it('a stale catalog target group: the real one comes from ECS, its 5xx count, and the stale ARN is a visible warning', async () => {
    await start()
    sim!.scenarios.inject({ cluster: 'shop-prod', service: 'orders-api', scenario: 'target_group_replaced' })
    sim!.scenarios.inject({ cluster: 'shop-prod', service: 'orders-api', scenario: 'error_spike', options: { errorShare: 0.12 } })
    sim!.advance(4 * MIN)
    const r = row(await board(), 'shop-prod', 'orders-api')
    expect(r.status).toBe('critical')
    expect(r.errorRatePercent).toBeGreaterThan(5)
    expect(r.findings.map((f) => f.text).join('; ')).toMatch(/catalog target group shop-prod-orders-api is not the service's: ECS uses shop-prod-orders-api-v2/)
    expect(r.findings.some((f) => f.signal === 'alarm' && /5xx-errors/.test(f.text))).toBe(true)
    const detail = await page('shop-prod', 'orders-api')
    expect(detail.status).toBe('critical')
    expect(detail.targetGroupWarning).toMatch(/update the catalog/)
    expect(detail.targets.data?.length).toBeGreaterThan(0)
    expect(detail.alarms.data?.map((a) => a.name)).toContain('shop-prod-orders-api-5xx-errors')
  })

  it('a catalog target group unknown to ECS and ELB alike is blindness, not green', async () => {
    await start()
    const ghost = services.find((s) => s.cluster === 'shop-dev' && s.ecsServiceName === 'inventory-worker')!
    const arn = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/deleted-tg/ffffffffffffffff'
    const fleet = await loadFleetHealth([{ ...ghost, targetGroupArn: arn }], now(), { sharedStoppedTasks: false })
    expect(fleet.services[0].status).toBe('unknown')
    expect(fleet.services[0].reason).toMatch(/blind to load balancer metrics: target group .*deleted-tg.* is unknown to ELB/)
  })

  it('metrics that stop arriving: after two periods the last values are no data, with their age', async () => {
    await start()
    sim!.advance(2 * MIN)
    sim!.scenarios.inject({ cluster: 'shop-prod', service: 'auth-api', scenario: 'metrics_stop' })
    sim!.advance(MIN + 30_000)
    // Still within two periods: current.
    expect(row(await board(), 'shop-prod', 'auth-api').status).toBe('healthy')
    sim!.advance(5 * MIN)
    const r = row(await board(), 'shop-prod', 'auth-api')
    expect(r).toMatchObject({ status: 'unknown', cpuPercent: null, memoryPercent: null, errorRatePercent: null, latencyMs: null })
    expect(r.reason).toMatch(/^load balancer metrics: no data since \d+ min ago; CPU and memory: no data since \d+ min ago; (\d+)\/\1 tasks running$/)
    expect(r.metricsAt?.cpu).toBeTruthy()
    const detail = await page('shop-prod', 'auth-api')
    expect(detail.status).toBe('unknown')
    expect(detail.current.cpuPercent).toBeNull()
  })

  it("no task running: the load balancer's own 503s are counted as 5xx, and the stale CPU is not shown", async () => {
    await start()
    sim!.scenarios.inject({ cluster: 'shop-prod', service: 'catalog-api', scenario: 'crash_loop' })
    sim!.advance(5 * MIN)
    expect(snap('shop-prod', 'catalog-api').runningCount).toBe(0)
    const fleet = await board()
    const r = row(fleet, 'shop-prod', 'catalog-api')
    expect(r.status).toBe('critical')
    expect(r.running).toBe(0)
    expect(r.cpuPercent).toBeNull()
    expect(r.findings.map((f) => f.text).join('; ')).toMatch(/5xx at 100%: no healthy target, the load balancer answers 503 itself/)
    // No request reached a target since: the last latency is history, not a current value.
    expect(r.latencyMs).toBeNull()
    expect(r.metricsAt?.latency).toBeTruthy()
    expect(r.errorRatePercent).toBe(100)
    const detail = await page('shop-prod', 'catalog-api')
    expect(detail.status).toBe('critical')
    expect(detail.current).toMatchObject({ cpuPercent: null, latencyMs: null, errorRatePercent: 100 })
  })

  it('a recovered crash loop is healthy once its alarm has seen a whole minute with tasks up, not ten minutes later', async () => {
    await start()
    sim!.scenarios.inject({ cluster: 'shop-prod', service: 'orders-api', scenario: 'crash_loop' })
    sim!.advance(5 * MIN)
    expect(row(await board(), 'shop-prod', 'orders-api').status).toBe('critical')
    sim!.scenarios.clear({ cluster: 'shop-prod', service: 'orders-api' })
    await advanceUntil(() => snap('shop-prod', 'orders-api').steady, 10 * MIN)
    const steadyAt = sim!.now()
    // The no-running-tasks alarm takes the fewest tasks up in each minute: until a whole minute has had them
    // running it still fires, and the board says so rather than calling the service healthy.
    let r = row(await board(), 'shop-prod', 'orders-api')
    while (r.status !== 'healthy' && sim!.now() - steadyAt < 3 * MIN) {
      expect(r.findings.map((f) => f.text).join('; ')).toMatch(/no-running-tasks/)
      sim!.advance(10_000)
      r = row(await board(), 'shop-prod', 'orders-api')
    }
    expect(r, `steady at ${new Date(steadyAt).toISOString()}`).toMatchObject({ status: 'healthy', running: 2, desired: 2 })
    expect((await page('shop-prod', 'orders-api')).status).toBe('healthy')
  })

  it('a deployment rolled back by the circuit breaker is healthy once the rollback is steady', async () => {
    await start()
    sim!.scenarios.inject({ cluster: 'shop-dev', service: 'payments-api', scenario: 'failed_deployment', options: { deploy: true } })
    sim!.advance(MIN)
    // The bad revision's tasks are failing.
    expect(row(await board(), 'shop-dev', 'payments-api').status).not.toBe('healthy')
    // The circuit breaker rolls back; once the rollback is steady, the failures are history.
    await advanceUntil(() => snap('shop-dev', 'payments-api').steady && snap('shop-dev', 'payments-api').deployments === 1, 20 * MIN)
    sim!.advance(10_000)
    const r = row(await board(), 'shop-dev', 'payments-api')
    expect(r).toMatchObject({ status: 'healthy', rolloutState: 'COMPLETED' })
  })

  it('the stopped-task scan refused: blind to stopped tasks, not healthy', async () => {
    await start()
    sim!.faults.add({ kind: 'access_denied', api: 'ecs', operation: 'ListTasks' })
    const fleet = await board()
    expect(fleet.services.filter((r) => r.status === 'healthy')).toEqual([])
    expect(row(fleet, 'shop-prod', 'orders-api').reason).toMatch(/^blind to stopped tasks: /)
    expect((await page('shop-prod', 'orders-api')).reason).toMatch(/blind to stopped tasks/)
  })

  it('a metric-math alarm (a Metrics list, no dimensions of its own) is matched to its service through its metrics', async () => {
    await start()
    sim!.scenarios.inject({ cluster: 'shop-prod', service: 'orders-api', scenario: 'metric_math_alarm' })
    sim!.advance(4 * MIN)
    const math = (await listAlarms('us-east-1', { state: 'ALARM' })).find((a) => a.name === 'shop-prod-orders-api-5xx-share')!
    expect(math, 'the metric-math alarm fires').toBeDefined()
    // As CloudWatch returns it: no metric, no dimensions; only those of the metrics it combines name the service.
    expect(math).toMatchObject({ metricName: null, dimensions: {} })
    expect(math.metricDimensions.map((d) => d.TargetGroup)).toEqual([
      'targetgroup/shop-prod-orders-api/0123456789abcdef',
      'targetgroup/shop-prod-orders-api/0123456789abcdef',
    ])
    const orders = services.find((x) => x.cluster === 'shop-prod' && x.ecsServiceName === 'orders-api')!
    const payments = services.find((x) => x.cluster === 'shop-prod' && x.ecsServiceName === 'payments-api')!
    expect(alarmWatches(math, { cluster: 'shop-prod', service: 'orders-api', targetGroupArn: orders.targetGroupArn })).toBe(true)
    expect(alarmWatches(math, { cluster: 'shop-prod', service: 'payments-api', targetGroupArn: payments.targetGroupArn })).toBe(false)

    const fleet = await board()
    const r = row(fleet, 'shop-prod', 'orders-api')
    expect(r.status).toBe('critical')
    expect(r.findings.some((f) => f.signal === 'alarm' && /5xx-share/.test(f.text))).toBe(true)
    expect(row(fleet, 'shop-prod', 'payments-api').findings.some((f) => /5xx-share/.test(f.text))).toBe(false)
    expect((await page('shop-prod', 'orders-api')).alarms.data?.map((a) => a.name)).toContain('shop-prod-orders-api-5xx-share')

    // Its metrics follow the service to a new target group, and so does the match (ECS's target group, not the catalog's).
    sim!.scenarios.inject({ cluster: 'shop-prod', service: 'orders-api', scenario: 'target_group_replaced' })
    sim!.advance(MIN)
    expect((await page('shop-prod', 'orders-api')).alarms.data?.map((a) => a.name)).toContain('shop-prod-orders-api-5xx-share')

    // Cleared: the alarm is gone.
    sim!.scenarios.clear({ cluster: 'shop-prod', service: 'orders-api', scenario: 'metric_math_alarm' })
    expect((await listAlarms('us-east-1')).some((a) => a.name === 'shop-prod-orders-api-5xx-share')).toBe(false)
  })

  it('alarms refused: blind to alarms, not healthy', async () => {
    await start()
    sim!.faults.add({ kind: 'access_denied', api: 'cloudwatch', operation: 'DescribeAlarms' })
    const fleet = await board()
    expect(fleet.services.filter((r) => r.status === 'healthy')).toEqual([])
    expect(row(fleet, 'shop-dev', 'orders-api').reason).toMatch(/^blind to alarms: /)
  })
})
