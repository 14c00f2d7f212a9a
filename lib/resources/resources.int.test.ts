import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Actor } from '@/lib/actions/actor'
import { DeleteFunctionConcurrencyCommand, LambdaClient, PutFunctionConcurrencyCommand } from '@aws-sdk/client-lambda'
import { sdkConfig, startTestSimulator, stopTestSimulator } from '@/lib/aws/testing'
import { db } from '@/lib/db/client'
import type { ScenarioKind, SimulatorHandle } from '@/lib/simulator'
import { demoServices } from '@/prisma/seed'
import { seedDemoResources } from '@/prisma/demo-resources'
import { listResources } from './queries/catalog'
import { getFleetHealth } from '@/lib/health/queries/fleet'
import { recordServiceView } from '@/lib/health/queries/hot'
import { getResourceHealth } from './queries/health'
import { loadResourceHealth } from './queries/reading'
import { importResources, linkResource } from './mutations'
import { dependencyRunbooks } from './queries/suggest'
import { logger } from '@/lib/logger'

// Each kind's health rules through the real SDK (Lambda REST, RDS and ElastiCache awsQuery,
// DynamoDB JSON, CloudWatch GetMetricData) against the simulator, with the catalog in Postgres.
let sim: SimulatorHandle
let actor: Actor

beforeAll(async () => {
  ;({ sim } = await startTestSimulator())
  await db.service.createMany({ data: demoServices() })
  await seedDemoResources(db)
  actor = await db.user.create({ data: { email: 'res@example.com', name: 'R', role: 'VIEWER' }, select: { id: true, email: true, name: true, role: true } })
})

afterAll(async () => {
  await stopTestSimulator(sim)
  await db.$disconnect()
})

const read = async () => {
  const resources = await listResources(actor)
  return loadResourceHealth(resources, new Date(sim.now()))
}
const row = async (name: string) => (await read()).resources.find((r) => r.name === name)!

describe('resource health', () => {
  it('reads every kind in one batched refresh: all healthy on a quiet demo fleet', async () => {
    sim.calls.reset()
    const health = await read()
    expect(health.errors).toEqual([])
    expect(health.resources.map((r) => `${r.kind} ${r.name}: ${r.status}`)).toEqual([
      'LAMBDA order-events: healthy',
      'LAMBDA payment-webhooks: healthy',
      'RDS orders-db: healthy',
      'RDS orders-db-replica-1: healthy',
      'ELASTICACHE sessions-redis: healthy',
      'DYNAMODB carts: healthy',
      'LOAD_BALANCER shop-prod-alb: healthy',
    ])
    const calls = sim.calls.counts().byOperation
    expect(calls['cloudwatch:GetMetricData']).toBe(1)
    expect(calls['rds:DescribeDBInstances']).toBe(1)
    expect(calls['elasticache:DescribeCacheClusters']).toBe(1)
    expect(calls['lambda:GetFunction']).toBe(2)
    expect(calls['lambda:GetAccountSettings']).toBe(1)
    expect(calls['dynamodb:DescribeTable']).toBe(1)
    expect(calls['elbv2:DescribeTargetGroups']).toBe(1)
    const db1 = health.resources.find((r) => r.name === 'orders-db')!
    expect(db1.state).toBe('available')
    expect(db1.values.connections).toBeGreaterThan(0)
    expect(db1.runbooks).toEqual([])
  })

  it("one refresh per interval with the board's services: one lease, one GetMetricData batch, however many viewers ask", async () => {
    sim.calls.reset()
    const clock = () => new Date(sim.now())
    const [resources, services] = await Promise.all([
      Promise.all(Array.from({ length: 20 }, () => getResourceHealth(actor, { clock }))),
      Promise.all(Array.from({ length: 20 }, () => getFleetHealth(actor, { clock }))),
    ])
    // The services' metrics and the resources' in the same call (a few dozen queries: well under 500 per call).
    expect(sim.calls.counts().byOperation['cloudwatch:GetMetricData']).toBe(1)
    expect(new Set([...resources, ...services].map((r) => r.refreshedAt)).size).toBe(1)
    expect(resources[0].resources).toHaveLength(7)
    expect(services[0].services.length).toBeGreaterThan(0)
    // One snapshot under the board's lease, none of the resources' own (they had a key and a lease of their own).
    expect(await db.sharedCache.count({ where: { key: { startsWith: 'resources:' } } })).toBe(0)
  })

  it('reads a quiet resource once a minute, and one serving a hot service at every refresh', async () => {
    const clock = () => new Date(sim.now())
    const first = await getResourceHealth(actor, { clock })
    expect(first.resources.every((r) => r.status === 'healthy')).toBe(true)
    const db1 = first.resources.find((r) => r.name === 'orders-db')!
    const quiet = first.resources.filter((r) => !r.serviceIds.includes(db1.serviceIds[0]))
    expect(quiet.length).toBeGreaterThan(0)
    sim.advance(15_000)
    // A page open on a service of orders-db makes it hot; a catalog change makes a new snapshot key, so this read refreshes.
    await recordServiceView(db1.serviceIds[0], clock())
    await db.resource.update({
      where: { kind_region_awsId: { kind: 'DYNAMODB', region: 'us-east-1', awsId: 'carts' } },
      data: { config: { readCapacity: 100, writeCapacity: 52 } },
    })
    const next = await getResourceHealth(actor, { clock })
    expect(next.refreshedAt).not.toBe(first.refreshedAt)
    const byId = new Map(next.resources.map((r) => [r.resourceId, r]))
    expect(Date.parse(byId.get(db1.resourceId)!.observedAt)).toBeGreaterThanOrEqual(Date.parse(db1.observedAt) + 15_000)
    // The quiet ones keep the row they had, with the time it was observed (the board says "as of" for it).
    for (const r of quiet) expect(byId.get(r.resourceId)!.observedAt).toBe(r.observedAt)
  })

  const cases: { scenario: ScenarioKind; service: string; resource: string; status: string; reason: RegExp; runbook: string }[] = [
    {
      scenario: 'lambda_error_spike',
      service: 'orders-api',
      resource: 'order-events',
      status: 'critical',
      reason: /^errors \d+ % of \d+ invocations/,
      runbook: 'lambda-failures',
    },
    {
      scenario: 'lambda_throttling',
      service: 'payments-api',
      resource: 'payment-webhooks',
      status: 'critical',
      reason: /throttled invocations|concurrent executions of its reserved 20/,
      runbook: 'lambda-failures',
    },
    {
      scenario: 'db_connections_exhausted',
      service: 'orders-api',
      resource: 'orders-db',
      status: 'critical',
      reason: /^\d+ of 200 connections/,
      runbook: 'db-connection-pool-exhausted',
    },
    {
      scenario: 'replica_cpu_saturated',
      service: 'catalog-api',
      resource: 'orders-db-replica-1',
      status: 'critical',
      reason: /database CPU 9\d %/,
      runbook: 'database-performance',
    },
    {
      scenario: 'redis_down',
      service: 'auth-api',
      resource: 'sessions-redis',
      status: 'critical',
      reason: /AWS reports status "rebooting cache cluster nodes"/,
      runbook: 'cache-down',
    },
    {
      scenario: 'dynamodb_throttling',
      service: 'checkout-web',
      resource: 'carts',
      status: 'critical',
      reason: /throttled requests a minute/,
      runbook: 'dynamodb-throttling',
    },
    {
      scenario: 'unhealthy_targets',
      service: 'orders-api',
      resource: 'shop-prod-alb',
      status: 'critical',
      reason: /unhealthy hosts/,
      runbook: 'bad-gateway-unhealthy-targets',
    },
  ]
  for (const c of cases) {
    it(`${c.scenario} on ${c.service} makes ${c.resource} ${c.status}, and clearing it heals it`, async () => {
      sim.scenarios.inject({ cluster: 'shop-prod', service: c.service, scenario: c.scenario })
      sim.advance(3 * 60_000)
      const bad = await row(c.resource)
      expect(bad.status).toBe(c.status)
      expect(bad.reason).toMatch(c.reason)
      expect(bad.runbooks[0]).toBe(c.runbook)
      sim.scenarios.clear()
      sim.advance(4 * 60_000)
      expect(await row(c.resource)).toMatchObject({ status: 'healthy' })
    })
  }

  it('concurrency is judged against the reserved limit, else the account unreserved pool (GetAccountSettings); unreadable limits are blind', async () => {
    const lambda = new LambdaClient(sdkConfig(sim))
    sim.scenarios.inject({ cluster: 'shop-prod', service: 'payments-api', scenario: 'lambda_throttling' })
    sim.advance(3 * 60_000)
    try {
      const reserved = (await row('payment-webhooks')).findings.find((f) => f.signal === 'concurrency')
      expect(reserved).toMatchObject({ level: 'critical', text: '20 concurrent executions of its reserved 20' })
      // Without reserved concurrency the function runs into the pool no function has reserved: 1000 - 50 for order-events.
      await lambda.send(new DeleteFunctionConcurrencyCommand({ FunctionName: 'payment-webhooks' }))
      sim.advance(60_000)
      const pooled = await row('payment-webhooks')
      expect(pooled.findings.find((f) => f.signal === 'concurrency')).toMatchObject({
        level: 'critical',
        text: "950 concurrent executions of the account's unreserved 950 (account limit 1000)",
      })
      // The account's limit cannot be read: the function without reserved concurrency says so; the other is judged as before.
      sim.faults.add({ kind: 'access_denied', api: 'lambda', operation: 'GetAccountSettings' })
      const health = await read()
      const blind = health.resources.find((r) => r.name === 'payment-webhooks')!
      expect(blind.findings.find((f) => f.signal === 'concurrency')).toBeUndefined()
      expect(blind.findings.map((f) => f.text)).toContain(
        "cannot read the account's concurrency limit: The app's AWS identity is not allowed to call lambda:GetAccountSettings. Grant it lambda:GetAccountSettings in IAM.",
      )
      expect(health.errors.join('\n')).toMatch(/^Lambda account settings in us-east-1: /m)
      expect(health.resources.find((r) => r.name === 'order-events')!.findings.some((f) => f.level === 'blind')).toBe(false)
    } finally {
      sim.faults.clear()
      sim.scenarios.clear()
      await lambda.send(new PutFunctionConcurrencyCommand({ FunctionName: 'payment-webhooks', ReservedConcurrentExecutions: 20 }))
      lambda.destroy()
      sim.advance(4 * 60_000)
    }
  })

  it('refuses a resource scenario on a service without such a dependency', () => {
    expect(() => sim.scenarios.inject({ cluster: 'shop-prod', service: 'inventory-worker', scenario: 'redis_down' })).toThrow(/depends on no resource/)
  })

  it('a resource AWS does not know is unknown, and says why; CloudWatch refused is blind, never healthy', async () => {
    const ghost = await db.resource.create({
      data: { kind: 'LAMBDA', name: 'ghost-fn', awsId: 'ghost-fn', region: 'us-east-1', environment: 'PROD', team: 'none' },
    })
    expect(await row('ghost-fn')).toMatchObject({ status: 'unknown', reason: 'AWS has no function ghost-fn in us-east-1' })
    await db.resource.delete({ where: { id: ghost.id } })

    sim.faults.add({ kind: 'access_denied', api: 'cloudwatch' })
    try {
      const health = await read()
      expect(health.resources.every((r) => r.status === 'unknown')).toBe(true)
      expect(health.resources.find((r) => r.name === 'orders-db')!.reason).toMatch(/^blind to metrics: /)
      expect(health.errors.join('\n')).toMatch(/CloudWatch metrics in us-east-1/)
    } finally {
      sim.faults.clear()
    }
  })

  it('imports from AWS what the catalog lacks, with the config AWS reports, and audits it', async () => {
    const admin = await db.user.create({
      data: { email: 'res-admin@example.com', name: 'A', role: 'ADMIN' },
      select: { id: true, email: true, name: true, role: true },
    })
    const ctx = { actor: admin, requestId: 'req-res-import', log: logger }
    await db.resource.deleteMany({ where: { kind: { in: ['LAMBDA', 'DYNAMODB'] } } })
    const first = await importResources(ctx, { region: 'us-east-1', environment: 'PROD', team: 'platform' })
    expect(first).toEqual({ added: ['DYNAMODB/carts', 'LAMBDA/order-events', 'LAMBDA/payment-webhooks'], alreadyPresent: 3, linkedDatabases: [] })
    const fn = await db.resource.findFirstOrThrow({ where: { awsId: 'payment-webhooks' } })
    expect(fn).toMatchObject({ kind: 'LAMBDA', arn: 'arn:aws:lambda:us-east-1:123456789012:function:payment-webhooks', team: 'platform' })
    expect(fn.config).toEqual({ timeoutSeconds: 10, concurrencyLimit: 20 })
    expect((await db.resource.findFirstOrThrow({ where: { awsId: 'carts' } })).config).toEqual({ readCapacity: 100, writeCapacity: 50 })
    const again = await importResources(ctx, { region: 'us-east-1', environment: 'PROD', team: 'platform' })
    expect(again).toEqual({ added: [], alreadyPresent: 6, linkedDatabases: [] })
    const audit = await db.auditEvent.findMany({ where: { action: 'admin.resource.import' } })
    expect(audit).toHaveLength(2)
    const viewer = { actor, requestId: 'req-res-viewer', log: logger }
    await expect(importResources(viewer, { region: 'us-east-1', environment: 'PROD', team: 'x' })).rejects.toMatchObject({ code: 'FORBIDDEN' })
  })

  it('an incident on a service suggests the runbook of its unhealthy dependency, with why', async () => {
    const orders = await db.service.findFirstOrThrow({ where: { cluster: 'shop-prod', ecsServiceName: 'orders-api' } })
    const auth = await db.service.findFirstOrThrow({ where: { cluster: 'shop-prod', ecsServiceName: 'auth-api' } })
    sim.scenarios.inject({ cluster: 'shop-prod', service: 'orders-api', scenario: 'db_connections_exhausted' })
    sim.advance(3 * 60_000)
    try {
      // A catalog change makes a new snapshot key: this read refreshes.
      await db.resource.update({
        where: { kind_region_awsId: { kind: 'DYNAMODB', region: 'us-east-1', awsId: 'carts' } },
        data: { config: { readCapacity: 100, writeCapacity: 51 } },
      })
      const clock = () => new Date(sim.now())
      const suggested = await dependencyRunbooks(actor, [orders.id], { clock })
      expect(suggested[0]).toEqual({
        id: 'db-connection-pool-exhausted',
        why: expect.stringMatching(/^depends on PostgreSQL \(RDS\) orders-db: \d+ of 200 connections/),
      })
      // auth-api does not use orders-db; the load balancer it shares with orders-api and payments-api counts their 5xx (the symptom).
      expect((await dependencyRunbooks(actor, [auth.id], { clock })).map((s) => s.id)).toEqual(['bad-gateway-unhealthy-targets'])
    } finally {
      sim.scenarios.clear()
    }
  })

  it('an admin sets the services that depend on a resource, audited; an unknown service changes nothing', async () => {
    const admin = await db.user.findFirstOrThrow({ where: { email: 'res-admin@example.com' }, select: { id: true, email: true, name: true, role: true } })
    const ctx = { actor: admin, requestId: 'req-res-link', log: logger }
    const fn = await db.resource.findFirstOrThrow({ where: { awsId: 'order-events' } })
    const orders = await db.service.findFirstOrThrow({ where: { cluster: 'shop-prod', ecsServiceName: 'orders-api' } })
    expect(await linkResource(ctx, { resourceId: fn.id, serviceIds: [orders.id, orders.id] })).toEqual({ resourceId: fn.id, services: 1 })
    expect((await listResources(actor)).find((r) => r.id === fn.id)!.serviceIds).toEqual([orders.id])
    await expect(linkResource(ctx, { resourceId: fn.id, serviceIds: ['00000000-0000-4000-8000-000000000009'] })).rejects.toMatchObject({ code: 'NOT_FOUND' })
    expect((await listResources(actor)).find((r) => r.id === fn.id)!.serviceIds).toEqual([orders.id])
    expect(await db.auditEvent.count({ where: { action: 'admin.resource.link' } })).toBe(1)
  })
})
