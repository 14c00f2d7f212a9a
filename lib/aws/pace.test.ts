// The app's clients pace themselves under AWS's rates (lib/aws/pace.ts): a burst of ECS reads
// well past the bucket's capacity (here 100 DescribeServices at once, against a simulator that
// throttles by the wall clock as AWS does) waits its turn and none is throttled.
import { afterAll, beforeAll, expect, it } from 'vitest'
import { generatedFleet, systemClock, type SimulatorHandle } from '@/lib/simulator'
import { describeServices } from './ecs'
import { REGION, startTestSimulator, stopTestSimulator } from './testing'

let sim: SimulatorHandle
const fleet = generatedFleet(1000, { clusters: 10 })

beforeAll(async () => {
  ;({ sim } = await startTestSimulator({ fleet, clock: systemClock }))
})
afterAll(async () => stopTestSimulator(sim))

it('a burst of 100 DescribeServices waits under the ECS read rate instead of being throttled', async () => {
  const refs = fleet.services.map((s) => ({ region: REGION, cluster: s.cluster, service: s.service }))
  sim.calls.reset()
  const out = await describeServices(refs)
  expect(out.failures.map((f) => f.error.message)).toEqual([])
  expect(out.services).toHaveLength(1000)
  const counts = sim.calls.counts()
  expect(counts.byOperation['ecs:DescribeServices']).toBe(100)
  expect(counts.throttled ?? 0).toBe(0)
})
