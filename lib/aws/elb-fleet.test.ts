// A cold start at 2,000 services: every target group's load balancer is unknown at once.
// Asked 20 at a time that is 100 DescribeTargetGroups, far past what AWS's Describe limit
// lets through; the region's list, 400 a page, is 5 calls.
import { afterAll, beforeAll, expect, it } from 'vitest'
import { generatedFleet, type SimulatorHandle } from '@/lib/simulator'
import { targetGroupLoadBalancers } from './elb'
import { REGION, startTestSimulator, stopTestSimulator } from './testing'

let sim: SimulatorHandle
const fleet = generatedFleet(2000)

beforeAll(async () => {
  ;({ sim } = await startTestSimulator({ fleet }))
})
afterAll(async () => stopTestSimulator(sim))

it('resolves 2,000 target groups in a handful of calls, within the rate limit', async () => {
  const arns = fleet.services.map((s) => s.targetGroupArn!)
  sim.calls.reset()
  const lbs = await targetGroupLoadBalancers(REGION, arns)
  expect(arns.filter((a) => !lbs[a])).toEqual([])
  expect(lbs[arns[0]]).toMatch(/:loadbalancer\/app\/fleet-01\//)
  const counts = sim.calls.counts()
  expect(counts.byOperation['elbv2:DescribeTargetGroups']).toBe(5)
  expect(counts.throttled ?? 0).toBe(0)
  // Known now: asking again calls nothing.
  await targetGroupLoadBalancers(REGION, arns)
  expect(sim.calls.counts().byOperation['elbv2:DescribeTargetGroups']).toBe(5)
})
