// The resources' describe calls (Lambda REST, RDS and ElastiCache awsQuery, DynamoDB JSON) through the
// real SDK against the simulator: Lambda's reserved concurrency and account limits, and every fault the
// simulator injects arriving in each API's own shape, read as the right kind of failure.
import { DeleteFunctionConcurrencyCommand, LambdaClient, PutFunctionConcurrencyCommand } from '@aws-sdk/client-lambda'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { SimulatorHandle } from '@/lib/simulator'
import { describeDynamoTables, describeLambdaFunctions, lambdaAccountLimits, listCacheClusters, listDbInstances } from './resources'
import { REGION, sdkConfig, startTestSimulator, stopTestSimulator } from './testing'

let sim: SimulatorHandle

beforeAll(async () => {
  ;({ sim } = await startTestSimulator({ requestTimeoutMs: 300 }))
})
afterAll(async () => stopTestSimulator(sim))
beforeEach(() => {
  sim.faults.clear()
  sim.calls.reset()
})

describe('Lambda concurrency', () => {
  it('GetFunction says the reserved concurrency; GetAccountSettings the account limit and the unreserved pool; both follow Put/DeleteFunctionConcurrency', async () => {
    const fns = await describeLambdaFunctions(REGION, ['order-events', 'payment-webhooks', 'nope'])
    expect(fns['payment-webhooks']).toMatchObject({ state: 'Active', timeoutSeconds: 10, reservedConcurrency: 20 })
    expect(fns.nope).toBeNull()
    expect(sim.calls.counts().byOperation['lambda:GetFunction']).toBe(3)
    expect(await lambdaAccountLimits(REGION)).toEqual({ concurrentExecutions: 1000, unreservedConcurrentExecutions: 1000 - 50 - 20 })

    const lambda = new LambdaClient(sdkConfig(sim))
    try {
      await lambda.send(new DeleteFunctionConcurrencyCommand({ FunctionName: 'payment-webhooks' }))
      expect((await describeLambdaFunctions(REGION, ['payment-webhooks']))['payment-webhooks']!.reservedConcurrency).toBeNull()
      expect(await lambdaAccountLimits(REGION)).toEqual({ concurrentExecutions: 1000, unreservedConcurrentExecutions: 950 })
      // AWS keeps at least 100 unreserved.
      await expect(
        lambda.send(new PutFunctionConcurrencyCommand({ FunctionName: 'payment-webhooks', ReservedConcurrentExecutions: 851 })),
      ).rejects.toMatchObject({
        name: 'InvalidParameterValueException',
      })
      await lambda.send(new PutFunctionConcurrencyCommand({ FunctionName: 'payment-webhooks', ReservedConcurrentExecutions: 20 }))
      expect(await lambdaAccountLimits(REGION)).toEqual({ concurrentExecutions: 1000, unreservedConcurrentExecutions: 930 })
    } finally {
      lambda.destroy()
    }
  })
})

const calls = {
  lambda: { operation: 'GetFunction', run: () => describeLambdaFunctions(REGION, ['order-events']) },
  rds: { operation: 'DescribeDBInstances', run: () => listDbInstances(REGION) },
  elasticache: { operation: 'DescribeCacheClusters', run: () => listCacheClusters(REGION) },
  dynamodb: { operation: 'DescribeTable', run: () => describeDynamoTables(REGION, ['carts']) },
} as const

describe('faults on the resources APIs', () => {
  for (const [api, call] of Object.entries(calls) as [keyof typeof calls, (typeof calls)[keyof typeof calls]][]) {
    it(`${api}: throttling, access denied, expired credentials, 5xx and a hang, each in ${api}'s own shape`, async () => {
      const expectFailure = async (kind: Parameters<typeof sim.faults.add>[0]['kind'], expected: Record<string, unknown>, message: RegExp) => {
        sim.faults.clear()
        sim.faults.add({ kind, api })
        const err = await call.run().then(
          () => null,
          (e: unknown) => e,
        )
        expect(err, `${api} ${kind}`).toMatchObject({ operation: `${api}:${call.operation}`, ...expected })
        expect((err as Error).message, `${api} ${kind}`).toMatch(message)
      }
      await expectFailure('throttle', { kind: 'throttled' }, /rate-limiting/)
      await expectFailure('access_denied', { kind: 'access_denied' }, new RegExp(`Grant it ${api}:${call.operation} in IAM`))
      await expectFailure('expired_token', { kind: 'access_denied' }, /credentials have expired/)
      await expectFailure('server_error', { kind: 'unknown', httpStatus: 500 }, new RegExp(`^${api}:${call.operation} failed`))
      await expectFailure('hang', { kind: 'timeout' }, /did not answer in time/)
      sim.faults.clear()
      await expect(call.run()).resolves.toBeTruthy()
      // The other APIs were never touched by these faults.
      expect(Object.keys(sim.calls.counts().byOperation).every((k) => k.startsWith(`${api}:`))).toBe(true)
    })
  }

  it('an unknown api is refused by the control API, naming the ones it knows', async () => {
    const res = await fetch(`${sim.url}/_sim/faults`, { method: 'POST', body: JSON.stringify({ kind: 'throttle', api: 'sqs' }) })
    expect(res.status).toBe(400)
    expect((await res.json()).error).toMatch(/lambda, rds, elasticache, dynamodb/)
  })
})
