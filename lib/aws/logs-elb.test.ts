// CloudWatch Logs (JSON 1.1) and ELBv2 (awsQuery, XML) through the real SDK.
import { CloudWatchLogsClient, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { targetGroupLoadBalancers, targetHealth } from './elb'
import { recentErrorLogs } from './logs'
import type { SimulatorHandle } from '@/lib/simulator'
import { REGION, sdkConfig, startTestSimulator, stopTestSimulator } from './testing'

let sim: SimulatorHandle
const MIN = 60_000
const tg = (cluster: string, service: string) =>
  `arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/${`${cluster}-${service}`.slice(0, 32)}/0123456789abcdef`

beforeAll(async () => {
  ;({ sim } = await startTestSimulator())
})
afterAll(async () => stopTestSimulator(sim))
beforeEach(() => {
  sim.scenarios.clear()
  sim.calls.reset()
})

describe('logs', () => {
  it('reads INFO chatter with term filters, and paginates', async () => {
    const logs = new CloudWatchLogsClient(sdkConfig(sim))
    const group = '/ecs/shop-prod/orders-api'
    const all = await logs.send(new FilterLogEventsCommand({ logGroupName: group, startTime: sim.now() - 30 * MIN, endTime: sim.now() }))
    expect(all.events!.length).toBeGreaterThan(30)
    expect(all.events!.every((e) => e.logStreamName!.startsWith('orders-api/orders-api/'))).toBe(true)
    const ts = all.events!.map((e) => e.timestamp!)
    expect([...ts].sort((a, b) => a - b)).toEqual(ts)
    const posts = await logs.send(new FilterLogEventsCommand({ logGroupName: group, startTime: sim.now() - 30 * MIN, filterPattern: '"POST /api/orders"' }))
    expect(posts.events!.length).toBeGreaterThan(0)
    expect(posts.events!.every((e) => e.message!.includes('POST /api/orders'))).toBe(true)
    const paged = await logs.send(new FilterLogEventsCommand({ logGroupName: group, startTime: sim.now() - 30 * MIN, limit: 10 }))
    expect(paged.events).toHaveLength(10)
    const rest = await logs.send(new FilterLogEventsCommand({ logGroupName: group, startTime: sim.now() - 30 * MIN, limit: 10, nextToken: paged.nextToken }))
    expect(rest.events![0].eventId).toBe(all.events![10].eventId)
    await expect(logs.send(new FilterLogEventsCommand({ logGroupName: '/ecs/nope' }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' })
    logs.destroy()
  })

  it('recentErrorLogs finds the crash lines of a crash loop, newest first', async () => {
    const before = await recentErrorLogs(REGION, {
      logGroupName: '/ecs/shop-prod/payments-api',
      since: new Date(sim.now() - 10 * MIN),
      until: new Date(sim.now()),
    })
    sim.scenarios.inject({ cluster: 'shop-prod', service: 'payments-api', scenario: 'crash_loop' })
    sim.advance(3 * MIN)
    const lines = await recentErrorLogs(REGION, {
      logGroupName: '/ecs/shop-prod/payments-api',
      since: new Date(sim.now() - 10 * MIN),
      until: new Date(sim.now()),
    })
    expect(lines.length).toBeGreaterThan(before.length)
    expect(lines.some((l) => l.level === 'FATAL' && l.message.includes('exiting with code 1'))).toBe(true)
    expect(lines.every((l) => l.level === 'ERROR' || l.level === 'FATAL')).toBe(true)
    expect(lines[0].timestamp).toBeGreaterThanOrEqual(lines[lines.length - 1].timestamp)
    expect(sim.calls.counts().byOperation['logs:FilterLogEvents']).toBe(2)
  })

  it('recentErrorLogs searches backwards when a window does not fit in one page', async () => {
    sim.scenarios.inject({ cluster: 'shop-prod', service: 'catalog-api', scenario: 'error_spike' })
    sim.advance(30 * MIN)
    sim.calls.reset()
    // Two weeks of every line is more than one 10,000-event page, which forces the backward search.
    const lines = await recentErrorLogs(REGION, {
      logGroupName: '/ecs/shop-prod/catalog-api',
      since: new Date(sim.now() - 14 * 24 * 60 * MIN),
      until: new Date(sim.now()),
      pattern: '',
      limit: 20,
    })
    expect(lines).toHaveLength(20)
    expect(lines[0].timestamp).toBeGreaterThan(sim.now() - 5 * MIN)
    expect(sim.calls.counts().byOperation['logs:FilterLogEvents']).toBeGreaterThanOrEqual(2)
    // The simulator generates two weeks of log lines: about 4 s on a busy 2-core machine.
  }, 30_000)
})

describe('target health', () => {
  it('all healthy normally; unhealthy targets under the scenario', async () => {
    const arn = tg('shop-prod', 'orders-api')
    const healthy = await targetHealth(REGION, arn)
    expect(healthy.counts.total).toBeGreaterThan(0)
    expect(healthy.counts.healthy).toBe(healthy.counts.total)
    expect(healthy.targets[0].id).toMatch(/^10\.0\./)
    expect(healthy.targets[0].port).toBe(8080)

    sim.scenarios.inject({ cluster: 'shop-prod', service: 'orders-api', scenario: 'unhealthy_targets' })
    sim.advance(10_000)
    const sick = await targetHealth(REGION, arn)
    expect(sick.counts.unhealthy).toBeGreaterThan(0)
    expect(sick.targets.find((t) => t.state === 'unhealthy')).toMatchObject({
      reason: 'Target.ResponseCodeMismatch',
      description: 'Health checks failed with these codes: [503]',
    })
  })

  it('maps target groups to their load balancer, and reports unknown ones as not_found', async () => {
    const arns = [tg('shop-prod', 'orders-api'), tg('shop-dev', 'orders-api')]
    const lbs = await targetGroupLoadBalancers(REGION, arns)
    expect(lbs[arns[0]]).toMatch(/:loadbalancer\/app\/shop-prod\//)
    expect(lbs[arns[1]]).toMatch(/:loadbalancer\/app\/shop-dev\//)
    await expect(targetHealth(REGION, tg('shop-prod', 'ghost'))).rejects.toMatchObject({ kind: 'not_found', code: 'TargetGroupNotFound' })
    // An unknown target group does not spoil the lookup of the others.
    const mixed = await targetGroupLoadBalancers(REGION, [tg('shop-prod', 'ghost'), tg('shop-prod', 'payments-api')])
    expect(mixed[tg('shop-prod', 'ghost')]).toBeNull()
    expect(mixed[tg('shop-prod', 'payments-api')]).toMatch(/:loadbalancer\/app\/shop-prod\//)
  })
})
