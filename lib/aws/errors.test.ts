// Failure answers from the simulator, retried by the SDK, surfacing as typed AwsErrors.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { configureAwsClients } from './clients'
import { getServiceMetrics, listAlarms } from './cloudwatch'
import { describeService, describeServices, updateDesiredCount } from './ecs'
import { targetHealth } from './elb'
import { AwsError, toAwsError } from './errors'
import { recentErrorLogs } from './logs'
import type { SimulatorHandle } from '@/lib/simulator'
import { REGION, startTestSimulator, stopTestSimulator } from './testing'

let sim: SimulatorHandle
const orders = { region: REGION, cluster: 'shop-prod', service: 'orders-api' }
const TG = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/shop-prod-orders-api/0123456789abcdef'

beforeAll(async () => {
  ;({ sim } = await startTestSimulator())
})
afterAll(async () => stopTestSimulator(sim))
beforeEach(() => {
  sim.scenarios.clear()
  sim.faults.clear()
  sim.calls.reset()
})

async function failure(p: Promise<unknown>): Promise<AwsError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(err).toBeInstanceOf(AwsError)
  return err as AwsError
}

describe('throttling', () => {
  it('ECS: the throttling scenario is retried three times, then surfaces as throttled', async () => {
    sim.scenarios.inject({ cluster: 'shop-prod', service: 'orders-api', scenario: 'throttling' })
    const err = await failure(describeService(orders))
    expect(err).toMatchObject({ kind: 'throttled', code: 'ThrottlingException', operation: 'ecs:DescribeServices', httpStatus: 400 })
    expect(err.requestId).toMatch(/[0-9a-f-]{36}/)
    expect(err.message).toMatch(/rate-limiting ecs:DescribeServices/)
    expect(sim.calls.counts().byOperation['ecs:DescribeServices']).toBe(3)
    // Other services are not affected.
    await expect(describeService({ ...orders, service: 'payments-api' })).resolves.toMatchObject({ ref: { service: 'payments-api' } })
  })

  it('ECS: a throttled first attempt is retried and succeeds', async () => {
    sim.faults.add({ kind: 'throttle', api: 'ecs', operation: 'DescribeServices', times: 1 })
    const { services } = await describeServices([orders])
    expect(services).toHaveLength(1)
    expect(sim.calls.counts().byOperation['ecs:DescribeServices']).toBe(2)
  })

  it('CloudWatch: Throttling via x-amzn-query-error becomes throttled', async () => {
    sim.faults.add({ kind: 'throttle', api: 'cloudwatch' })
    const err = await failure(listAlarms(REGION))
    expect(err).toMatchObject({ kind: 'throttled', code: 'Throttling', operation: 'cloudwatch:DescribeAlarms' })
    expect(sim.calls.counts().byOperation['cloudwatch:DescribeAlarms']).toBe(3)
  })

  it('CloudWatch: metrics of a throttled service', async () => {
    sim.scenarios.inject({ cluster: 'shop-prod', service: 'orders-api', scenario: 'throttling' })
    const err = await failure(
      getServiceMetrics(REGION, [{ key: 'o', cluster: 'shop-prod', service: 'orders-api' }], {
        start: new Date(sim.now() - 600_000),
        end: new Date(sim.now()),
      }),
    )
    expect(err.kind).toBe('throttled')
  })

  it('Logs and ELB throttle in their own dialects', async () => {
    sim.scenarios.inject({ cluster: 'shop-prod', service: 'orders-api', scenario: 'throttling' })
    const logs = await failure(
      recentErrorLogs(REGION, { logGroupName: '/ecs/shop-prod/orders-api', since: new Date(sim.now() - 600_000), until: new Date(sim.now()) }),
    )
    expect(logs).toMatchObject({ kind: 'throttled', code: 'ThrottlingException' })
    const elb = await failure(targetHealth(REGION, TG))
    expect(elb).toMatchObject({ kind: 'throttled', code: 'Throttling' })
  })
})

describe('access denied', () => {
  it('ECS: AccessDeniedException is not retried and names the permission', async () => {
    sim.faults.add({ kind: 'access_denied', api: 'ecs', operation: 'UpdateService' })
    const err = await failure(updateDesiredCount(orders, 3))
    expect(err).toMatchObject({ kind: 'access_denied', code: 'AccessDeniedException', operation: 'ecs:UpdateService' })
    expect(err.message).toMatch(/not allowed to call ecs:UpdateService on service orders-api in shop-prod/)
    expect(err.requestId).toBeTruthy()
    expect(sim.calls.counts().byOperation['ecs:UpdateService']).toBe(1)
  })

  it('CloudWatch and ELB answer 403 AccessDenied', async () => {
    sim.faults.add({ kind: 'access_denied', api: 'cloudwatch' })
    sim.faults.add({ kind: 'access_denied', api: 'elbv2' })
    expect(await failure(listAlarms(REGION))).toMatchObject({ kind: 'access_denied', code: 'AccessDenied', httpStatus: 403 })
    expect(await failure(targetHealth(REGION, TG))).toMatchObject({ kind: 'access_denied', httpStatus: 403 })
  })

  it('expired credentials say so, not "grant it in IAM"', async () => {
    sim.faults.add({ kind: 'expired_token' })
    const ecs = await failure(describeService(orders))
    expect(ecs).toMatchObject({ kind: 'access_denied', code: 'ExpiredTokenException' })
    expect(ecs.message).toMatch(/credentials have expired \(ExpiredTokenException\)/)
    expect(ecs.message).not.toMatch(/IAM/)
    const cw = await failure(listAlarms(REGION))
    expect(cw).toMatchObject({ kind: 'access_denied', code: 'ExpiredToken' })
    expect(cw.message).toMatch(/credentials have expired/)
    const bad = toAwsError(
      Object.assign(new Error('The security token included in the request is invalid.'), { name: 'UnrecognizedClientException' }),
      'ecs:ListTasks',
    )
    expect(bad.message).toMatch(/does not accept the app's credentials \(UnrecognizedClientException\)/)
  })

  it('Logs answer AccessDeniedException', async () => {
    sim.faults.add({ kind: 'access_denied', api: 'logs' })
    const err = await failure(
      recentErrorLogs(REGION, { logGroupName: '/ecs/shop-prod/orders-api', since: new Date(sim.now() - 600_000), until: new Date(sim.now()) }),
    )
    expect(err).toMatchObject({ kind: 'access_denied', code: 'AccessDeniedException' })
  })
})

describe('slow and broken AWS', () => {
  it('a call that takes too long is a timeout', async () => {
    configureAwsClients({
      endpoint: sim.url,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      retryBaseDelayMs: 5,
      maxAttempts: 2,
      requestTimeoutMs: 150,
    })
    try {
      sim.faults.add({ kind: 'delay', api: 'ecs', delayMs: 400 })
      const err = await failure(describeService(orders))
      expect(err).toMatchObject({ kind: 'timeout', operation: 'ecs:DescribeServices', requestId: null })
      expect(sim.calls.counts().byOperation['ecs:DescribeServices']).toBe(2)
    } finally {
      configureAwsClients({ endpoint: sim.url, credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, retryBaseDelayMs: 5 })
    }
  })

  it('server errors are retried once (two attempts keep a call within one refresh interval), then unknown', async () => {
    sim.faults.add({ kind: 'server_error', api: 'ecs', times: 1 })
    await expect(describeService(orders)).resolves.toBeTruthy()
    expect(sim.calls.counts().byOperation['ecs:DescribeServices']).toBe(2)
    sim.faults.add({ kind: 'server_error', api: 'ecs' })
    expect(await failure(describeService(orders))).toMatchObject({ kind: 'unknown', code: 'ServerException', httpStatus: 500 })
  })

  it('an unreachable endpoint is reported as such', async () => {
    configureAwsClients({ endpoint: 'http://127.0.0.1:9', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, retryBaseDelayMs: 1 })
    try {
      const err = await failure(describeService(orders))
      expect(err.kind).toBe('unknown')
      expect(err.message).toMatch(/Could not reach AWS for ecs:DescribeServices \(ECONNREFUSED\)/)
    } finally {
      configureAwsClients({ endpoint: sim.url, credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, retryBaseDelayMs: 5 })
    }
  })
})

describe('toAwsError', () => {
  it('keeps AwsErrors and maps bare errors', () => {
    const existing = toAwsError(Object.assign(new Error('x'), { name: 'ThrottlingException' }), 'ecs:ListTasks')
    expect(toAwsError(existing, 'other')).toBe(existing)
    expect(toAwsError('boom', 'ecs:ListTasks')).toMatchObject({ kind: 'unknown', message: 'ecs:ListTasks failed: boom', requestId: null })
    expect(
      toAwsError(Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' }), 'ecs:ListTasks').kind,
    ).toBe('access_denied')
    expect(toAwsError({ name: 'X', $metadata: { httpStatusCode: 429, requestId: 'r1' } }, 'ecs:ListTasks')).toMatchObject({
      kind: 'throttled',
      requestId: 'r1',
    })
  })
})
