// The simulator's HTTP surface: the control API other processes use, and wire details.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { manualClock } from './clock'
import { startSimulator, type SimulatorHandle } from './server'

let sim: SimulatorHandle

const control = async (method: string, path: string, body?: unknown) => {
  const res = await fetch(`${sim.url}/_sim${path}`, {
    method,
    headers: body ? { 'content-type': 'application/json' } : undefined,
    body: body ? JSON.stringify(body) : undefined,
  })
  return { status: res.status, body: (await res.json()) as Record<string, unknown> }
}

const ecs = async (op: string, body: unknown) => {
  const res = await fetch(sim.url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `AmazonEC2ContainerServiceV20141113.${op}` },
    body: JSON.stringify(body),
  })
  return { status: res.status, requestId: res.headers.get('x-amzn-requestid'), body: (await res.json()) as Record<string, unknown> }
}

beforeAll(async () => {
  sim = await startSimulator({ clock: manualClock(), seed: 5 })
})
afterAll(async () => sim.stop())

describe('control API', () => {
  it('lists, injects and clears scenarios', async () => {
    const listed = await control('GET', '/scenarios')
    expect(listed.body.scenarios).toEqual([])
    expect((listed.body.kinds as { scenario: string }[]).map((k) => k.scenario)).toContain('crash_loop')

    const created = await control('POST', '/scenarios', { cluster: 'shop-prod', service: 'orders-api', scenario: 'crash_loop' })
    expect(created.status).toBe(201)
    expect(created.body.scenario).toMatchObject({ cluster: 'shop-prod', service: 'orders-api', scenario: 'crash_loop' })
    await control('POST', '/scenarios', { cluster: 'shop-prod', service: 'payments-api', scenario: 'cpu_spike' })
    expect(sim.scenarios.list()).toHaveLength(2)

    expect((await control('POST', '/scenarios', { cluster: 'shop-prod', service: 'orders-api', scenario: 'meteor' })).status).toBe(400)
    expect((await control('POST', '/scenarios', { cluster: 'shop-prod', service: 'ghost', scenario: 'oom' })).status).toBe(404)

    const id = (created.body.scenario as { id: string }).id
    expect((await control('DELETE', `/scenarios/${id}`)).body).toEqual({ cleared: 1 })
    expect((await control('DELETE', '/scenarios?service=payments-api')).body).toEqual({ cleared: 1 })
    expect(sim.scenarios.list()).toEqual([])
  })

  it('counts AWS calls by operation and resets', async () => {
    await control('DELETE', '/calls')
    await ecs('DescribeServices', { cluster: 'shop-prod', services: ['orders-api'] })
    await ecs('DescribeServices', { cluster: 'shop-prod', services: ['orders-api'] })
    await ecs('ListTasks', { cluster: 'shop-prod' })
    const counts = await control('GET', '/calls')
    expect(counts.body).toMatchObject({ total: 3, byOperation: { 'ecs:DescribeServices': 2, 'ecs:ListTasks': 1 } })
    await control('POST', '/calls/reset')
    expect((await control('GET', '/calls')).body.total).toBe(0)
  })

  it('advances the clock and shows the fleet', async () => {
    const before = sim.now()
    const res = await control('POST', '/clock', { advanceMs: 90_000 })
    expect(Date.parse(res.body.now as string)).toBe(before + 90_000)
    const services = (await control('GET', '/services')).body.services as { cluster: string; service: string; steady: boolean }[]
    expect(services).toHaveLength(12)
    expect((await control('GET', '/health')).body.ok).toBe(true)
    expect((await control('GET', '/nothing')).status).toBe(404)
  })

  it('adds and clears faults', async () => {
    const added = await control('POST', '/faults', { kind: 'access_denied', api: 'ecs', operation: 'ListTasks', times: 1 })
    expect(added.status).toBe(201)
    const denied = await ecs('ListTasks', { cluster: 'shop-prod' })
    expect(denied.status).toBe(400)
    expect(denied.body.__type).toBe('AccessDeniedException')
    expect((await ecs('ListTasks', { cluster: 'shop-prod' })).status).toBe(200)
    await control('POST', '/faults', { kind: 'throttle' })
    expect((await control('DELETE', '/faults')).body).toEqual({ cleared: 1 })
    expect((await control('POST', '/faults', { kind: 'nope' })).status).toBe(400)
  })
})

describe('wire details', () => {
  it('delayed_apply applies a change after the client gave up; drop receives it and never applies it; both are counted', async () => {
    const desired = () => sim.services().find((x) => x.cluster === 'shop-dev' && x.service === 'orders-api')!.desiredCount
    const start = desired()
    const counted = () => sim.calls.counts().byOperation['ecs:UpdateService'] ?? 0
    const before = counted()
    await control('POST', '/faults', { kind: 'drop', api: 'ecs', operation: 'UpdateService', times: 1 })
    await expect(ecs('UpdateService', { cluster: 'shop-dev', service: 'orders-api', desiredCount: start + 1 })).rejects.toThrow()
    expect(desired()).toBe(start)
    await control('POST', '/faults', { kind: 'delayed_apply', api: 'ecs', operation: 'UpdateService', times: 1, delayMs: 300 })
    const gaveUp = fetch(sim.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AmazonEC2ContainerServiceV20141113.UpdateService' },
      body: JSON.stringify({ cluster: 'shop-dev', service: 'orders-api', desiredCount: start + 2 }),
      signal: AbortSignal.timeout(50),
    })
    await expect(gaveUp).rejects.toThrow()
    expect(desired()).toBe(start)
    await new Promise((r) => setTimeout(r, 400))
    expect(desired()).toBe(start + 2)
    expect(counted() - before).toBe(2)
    expect((await control('GET', '/calls')).body.byOperation).toMatchObject({ 'ecs:UpdateService': counted() })
  })

  it('sends x-amzn-requestid on successes and errors, and JSON errors with __type', async () => {
    const ok = await ecs('DescribeClusters', { clusters: ['shop-prod', 'nope'] })
    expect(ok.status).toBe(200)
    expect(ok.requestId).toMatch(/[0-9a-f-]{36}/)
    expect(ok.body.failures).toEqual([{ arn: 'arn:aws:ecs:us-east-1:123456789012:cluster/nope', reason: 'MISSING' }])
    const missing = await ecs('ListServices', { cluster: 'nope' })
    expect(missing).toMatchObject({ status: 400, body: { __type: 'ClusterNotFoundException', message: 'Cluster not found.' } })
    expect(missing.requestId).toBeTruthy()
    const unknown = await ecs('RunTask', {})
    expect(unknown.body.__type).toBe('UnknownOperationException')
  })

  it('answers ELBv2 form posts with XML', async () => {
    const res = await fetch(sim.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'Action=DescribeTargetGroups&Version=2015-12-01&Names.member.1=shop-prod-orders-api',
    })
    const xml = await res.text()
    expect(res.status).toBe(200)
    expect(res.headers.get('x-amzn-requestid')).toBeTruthy()
    expect(xml).toContain('<DescribeTargetGroupsResponse')
    expect(xml).toContain('<TargetGroupName>shop-prod-orders-api</TargetGroupName>')
    expect(xml).toMatch(/<LoadBalancerArns><member>arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer\/app\/shop-prod\//)
  })

  it('CloudWatch errors carry x-amzn-query-error', async () => {
    const res = await fetch(sim.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'GraniteServiceVersion20100801.DescribeAlarms', 'x-amzn-query-mode': 'true' },
      body: JSON.stringify({ MaxRecords: 0 }),
    })
    expect(res.status).toBe(400)
    expect(res.headers.get('x-amzn-query-error')).toBe('ValidationError;Sender')
  })

  it('gives the environment that points SDK clients here', () => {
    expect(sim.env()).toMatchObject({
      AWS_ENDPOINT_URL_ECS: sim.url,
      AWS_ENDPOINT_URL_CLOUDWATCH: sim.url,
      AWS_ENDPOINT_URL_CLOUDWATCH_LOGS: sim.url,
      AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2: sim.url,
      AWS_REGION: 'us-east-1',
    })
  })
})

describe('rate limits', () => {
  it('throttles bursts above the ECS read rate until time refills the bucket', async () => {
    const own = await startSimulator({ clock: manualClock(), seed: 5 })
    try {
      const call = () =>
        fetch(own.url, {
          method: 'POST',
          headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AmazonEC2ContainerServiceV20141113.ListServices' },
          body: JSON.stringify({ cluster: 'shop-prod' }),
        }).then(async (r) => ({ status: r.status, type: ((await r.json()) as { __type?: string }).__type }))
      const burst = await Promise.all(Array.from({ length: 60 }, call))
      expect(burst.filter((r) => r.status === 200)).toHaveLength(50)
      expect(burst.filter((r) => r.type === 'ThrottlingException')).toHaveLength(10)
      expect(own.calls.counts()).toMatchObject({ total: 60, throttled: 10 })
      own.advance(1_000)
      expect((await call()).status).toBe(200)
    } finally {
      await own.stop()
    }
  })
})
