// 200 services: the batching rules keep AWS calls to what the per-call limits allow.
import { afterAll, beforeAll, expect, it } from 'vitest'
import { getServiceMetrics, listAlarms } from './cloudwatch'
import { describeServices } from './ecs'
import { generatedFleet, type SimulatorHandle } from '@/lib/simulator'
import { REGION, startTestSimulator, stopTestSimulator } from './testing'

let sim: SimulatorHandle
const fleet = generatedFleet(200, { clusters: 4 })

beforeAll(async () => {
  ;({ sim } = await startTestSimulator({ fleet }))
})
afterAll(async () => stopTestSimulator(sim))

it('describes 200 services in 20 DescribeServices calls', async () => {
  sim.calls.reset()
  const refs = fleet.services.map((s) => ({ region: REGION, cluster: s.cluster, service: s.service }))
  const { services, missing } = await describeServices(refs)
  expect(services).toHaveLength(200)
  expect(missing).toEqual([])
  expect(sim.calls.counts().byOperation).toEqual({ 'ecs:DescribeServices': 20 })
})

it("fetches seven metrics for 200 services, and each load balancer's own 5xx, in three GetMetricData calls", async () => {
  sim.calls.reset()
  const targets = fleet.services.map((s) => ({ key: s.service, cluster: s.cluster, service: s.service, targetGroupArn: s.targetGroupArn }))
  const metrics = await getServiceMetrics(REGION, targets, { start: new Date(sim.now() - 15 * 60_000), end: new Date(sim.now()) })
  expect(Object.keys(metrics)).toHaveLength(200)
  expect(metrics['svc-0200'].points).toHaveLength(15)
  expect(metrics['svc-0200'].latest.requests).toBeGreaterThan(0)
  // About 1,400 queries at 500 per call, whole services per call; 200 unknown target groups: the region's list, one page of 400.
  expect(sim.calls.counts().byOperation).toEqual({ 'cloudwatch:GetMetricData': 3, 'elbv2:DescribeTargetGroups': 1 })
  sim.calls.reset()
  await getServiceMetrics(REGION, targets, { start: new Date(sim.now() - 15 * 60_000), end: new Date(sim.now()) })
  expect(sim.calls.counts().byOperation).toEqual({ 'cloudwatch:GetMetricData': 3 })
})

it('reads 1,200 alarms in twelve pages', async () => {
  sim.calls.reset()
  const alarms = await listAlarms(REGION)
  expect(alarms).toHaveLength(1200)
  expect(new Set(alarms.map((a) => a.name)).size).toBe(1200)
  expect(sim.calls.counts().byOperation).toEqual({ 'cloudwatch:DescribeAlarms': 12 })
})

it('keeps the metrics of the other calls when one GetMetricData call is refused', async () => {
  const targets = fleet.services.map((s) => ({ key: s.service, cluster: s.cluster, service: s.service, targetGroupArn: s.targetGroupArn }))
  sim.scenarios.inject({ cluster: 'fleet-01', service: 'svc-0001', scenario: 'throttling' })
  try {
    const metrics = await getServiceMetrics(REGION, targets, { start: new Date(sim.now() - 15 * 60_000), end: new Date(sim.now()) })
    expect(Object.keys(metrics)).toHaveLength(200)
    expect(metrics['svc-0001']).toMatchObject({ points: [], error: { kind: 'throttled' } })
    const refused = Object.values(metrics).filter((m) => m.error)
    // The first call carried whole services up to 500 queries: 70 of them.
    expect(refused).toHaveLength(70)
    expect(metrics['svc-0200']).toMatchObject({ error: null })
    expect(metrics['svc-0200'].points).toHaveLength(15)
  } finally {
    sim.scenarios.clear()
  }
})
