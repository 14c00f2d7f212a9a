// Lambda functions' CloudWatch Logs (/aws/lambda/<function>) through the real SDK: the runtime's
// lines when healthy, ERROR stacks and timeouts under the game-day scenarios, read with the
// filter pattern the resources' error lines use.
import { CloudWatchLogsClient, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { SimulatorHandle } from '@/lib/simulator'
import { LAMBDA_ERROR_PATTERN, lambdaLogGroup, recentErrorLogs } from './logs'
import { REGION, sdkConfig, startTestSimulator, stopTestSimulator } from './testing'

let sim: SimulatorHandle
const MIN = 60_000

beforeAll(async () => {
  ;({ sim } = await startTestSimulator())
})
afterAll(async () => stopTestSimulator(sim))
beforeEach(() => sim.scenarios.clear())

const errors = (fn: string, minutes = 10) =>
  recentErrorLogs(REGION, {
    logGroupName: lambdaLogGroup(fn),
    since: new Date(sim.now() - minutes * MIN),
    until: new Date(sim.now()),
    pattern: LAMBDA_ERROR_PATTERN,
  })

describe('Lambda logs', () => {
  it('a healthy function writes START, INFO, END and REPORT lines to /aws/lambda/<function>, and no error lines', async () => {
    const logs = new CloudWatchLogsClient(sdkConfig(sim))
    const out = await logs.send(new FilterLogEventsCommand({ logGroupName: '/aws/lambda/order-events', startTime: sim.now() - 5 * MIN, endTime: sim.now() }))
    logs.destroy()
    const messages = out.events!.map((e) => e.message!)
    expect(messages.length).toBeGreaterThan(20)
    for (const word of ['START RequestId: ', '\tINFO\tprocessed ', 'END RequestId: ', 'REPORT RequestId: '])
      expect(messages.some((m) => m.includes(word))).toBe(true)
    expect(out.events!.every((e) => /^\d{4}\/\d{2}\/\d{2}\/\[\$LATEST\][0-9a-f]{32}$/.test(e.logStreamName!))).toBe(true)
    expect(out.events!.every((e) => e.timestamp! <= sim.now())).toBe(true)
    // At most the rare failure every function has (one invocation in a thousand).
    expect((await errors('order-events')).length).toBeLessThanOrEqual(1)
    await expect(errors('no-such-function')).rejects.toMatchObject({ kind: 'not_found' })
  })

  it('lambda_error_spike: ERROR lines with the stack, newest first, only for the minutes it covered', async () => {
    sim.scenarios.inject({ cluster: 'shop-prod', service: 'orders-api', scenario: 'lambda_error_spike' })
    sim.advance(3 * MIN)
    const lines = await errors('order-events', 3)
    expect(lines.length).toBeGreaterThan(3)
    expect(lines[0].timestamp).toBeGreaterThanOrEqual(lines[lines.length - 1].timestamp)
    expect(lines.every((l) => l.level === 'ERROR' && l.message.includes('\tERROR\tInvoke Error \t'))).toBe(true)
    expect(lines[0].message).toMatch(/\n {4}at handler \(\/var\/task\/index\.js:42:11\)/)
    // The other function is not affected.
    expect((await errors('payment-webhooks', 3)).length).toBeLessThanOrEqual(1)
  })

  it('lambda_throttling: the invocations that run time out at the function timeout; throttled ones leave only retried deliveries', async () => {
    sim.scenarios.inject({ cluster: 'shop-prod', service: 'payments-api', scenario: 'lambda_throttling' })
    sim.advance(3 * MIN)
    const lines = await errors('payment-webhooks', 3)
    expect(lines.length).toBeGreaterThan(0)
    expect(lines.every((l) => /Task timed out after 10\.00 seconds$/.test(l.message))).toBe(true)
    const logs = new CloudWatchLogsClient(sdkConfig(sim))
    const out = await logs.send(
      new FilterLogEventsCommand({ logGroupName: '/aws/lambda/payment-webhooks', startTime: sim.now() - 3 * MIN, filterPattern: '?"Status: timeout" ?WARN' }),
    )
    logs.destroy()
    expect(out.events!.some((e) => /\tDuration: 10000\.00 ms\t.*\tStatus: timeout$/.test(e.message!))).toBe(true)
    expect(out.events!.some((e) => /\tWARN\tevent delivered again \(attempt \d\): an earlier attempt was throttled$/.test(e.message!))).toBe(true)
  })
})
