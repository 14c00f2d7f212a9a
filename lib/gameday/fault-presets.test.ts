// Game day's fault presets for the resource APIs and CloudWatch Logs, posted to the
// simulator's control API as the game day page posts them, then met by the app's own
// readers through the real SDK: each fails the way its preset says, the others answer.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { recentErrorLogs } from '@/lib/aws/logs'
import { describeDynamoTables, describeLambdaFunctions, listCacheClusters, listDbInstances } from '@/lib/aws/resources'
import { REGION, startTestSimulator, stopTestSimulator } from '@/lib/aws/testing'
import { faultApis } from '@/lib/simulator/faults'
import type { SimulatorHandle } from '@/lib/simulator'
import { gameDayFaults } from './scenarios'

let sim: SimulatorHandle
beforeAll(async () => {
  ;({ sim } = await startTestSimulator({ requestTimeoutMs: 300 }))
})
afterAll(async () => stopTestSimulator(sim))
beforeEach(() => sim.faults.clear())

const readers = {
  lambda: () => describeLambdaFunctions(REGION, ['order-events']),
  rds: () => listDbInstances(REGION),
  elasticache: () => listCacheClusters(REGION),
  dynamodb: () => describeDynamoTables(REGION, ['carts']),
  logs: () => recentErrorLogs(REGION, { logGroupName: '/ecs/shop-prod/orders-api', since: new Date(sim.now() - 600_000), until: new Date(sim.now()) }),
}

const expected = {
  lambda_throttled: { api: 'lambda', failure: { kind: 'throttled' } },
  rds_errors: { api: 'rds', failure: { kind: 'unknown', httpStatus: 500 } },
  elasticache_hang: { api: 'elasticache', failure: { kind: 'timeout' } },
  dynamodb_denied: { api: 'dynamodb', failure: { kind: 'access_denied' } },
  logs_throttled: { api: 'logs', failure: { kind: 'throttled' } },
} as const

describe('game day fault presets', () => {
  it('offer at least one preset for every API the simulator can fault', () => {
    const covered = new Set<string>(gameDayFaults.flatMap((f) => ('api' in f.fault ? [f.fault.api] : [])))
    expect(faultApis.filter((api) => !covered.has(api))).toEqual([])
  })

  for (const [preset, { api, failure }] of Object.entries(expected)) {
    it(`${preset}: ${api} fails as ${failure.kind}, the other APIs still answer`, async () => {
      const { fault } = gameDayFaults.find((f) => f.preset === preset)!
      const res = await fetch(`${sim.url}/_sim/faults`, { method: 'POST', body: JSON.stringify(fault) })
      expect(res.status).toBe(201)
      await expect(readers[api]()).rejects.toMatchObject({ operation: expect.stringMatching(new RegExp(`^${api}:`)), ...failure })
      for (const [other, read] of Object.entries(readers)) if (other !== api) await expect(read(), other).resolves.toBeTruthy()
    })
  }
})
