import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ActorContext } from '@/lib/actions/actor'
import { db } from '@/lib/db/client'
import { logger } from '@/lib/logger'
import { startTestSimulator, stopTestSimulator } from '@/lib/aws/testing'
import { createService, deleteService, importClusterServices, importServices, updateService } from './mutations'
import { serviceFieldsSchema } from './schemas'

let admin: ActorContext
const orders = {
  name: 'orders-api',
  environment: 'PROD' as const,
  region: 'us-east-1',
  cluster: 'shop-prod',
  ecsServiceName: 'orders-api',
  team: 'commerce',
  targetGroupArn: null,
  healthUrl: 'https://orders.example.com/healthz',
}

beforeAll(async () => {
  const row = await db.user.create({
    data: { email: 'catalog-admin@example.com', name: 'Cat', role: 'ADMIN' },
    select: { id: true, email: true, name: true, role: true },
  })
  admin = { actor: row, requestId: 'req-cat', log: logger }
})
afterAll(() => db.$disconnect())

describe('service catalog', () => {
  it('validates fields with clear messages', () => {
    const r = serviceFieldsSchema.safeParse({ ...orders, region: 'mars', cluster: 'has space', healthUrl: 'ftp://x' })
    expect(r.success).toBe(false)
    const byField = Object.fromEntries(r.error!.issues.map((i) => [i.path[0], i.message]))
    expect(byField).toMatchObject({
      region: 'Use a region such as us-east-1',
      cluster: 'Use letters, digits, - and _ only (as ECS does)',
      healthUrl: 'Use an http(s) URL',
    })
    expect(serviceFieldsSchema.parse({ ...orders, healthUrl: '  ' }).healthUrl).toBeNull()
  })

  it('adds a service with its audit event, and refuses the same ECS service twice', async () => {
    const s = await createService(admin, orders)
    expect(await db.auditEvent.count({ where: { action: 'admin.service.create', targetId: s.id } })).toBe(1)
    await expect(createService(admin, { ...orders, name: 'again' })).rejects.toMatchObject({
      code: 'CONFLICT',
      message: 'The catalog already has orders-api in shop-prod (us-east-1).',
    })
    expect(await db.service.count()).toBe(1)
  })

  it('edits a service and records what changed', async () => {
    const s = await db.service.findFirstOrThrow()
    await updateService(admin, { ...orders, id: s.id, team: 'payments' })
    const audit = await db.auditEvent.findFirstOrThrow({ where: { action: 'admin.service.update', targetId: s.id } })
    expect(audit.params).toEqual({ team: { from: 'commerce', to: 'payments' } })
  })

  it('keeps a service that incidents name, and removes one they do not', async () => {
    const s = await db.service.findFirstOrThrow()
    await db.incident.create({ data: { title: 't', severity: 'SEV3', impact: 'i', services: { create: { serviceId: s.id } } } })
    await expect(deleteService(admin, s.id)).rejects.toMatchObject({ code: 'CONFLICT' })
    const other = await createService(admin, { ...orders, ecsServiceName: 'spare', name: 'spare' })
    await deleteService(admin, other.id)
    expect(await db.service.findUnique({ where: { id: other.id } })).toBeNull()
    expect(await db.auditEvent.count({ where: { action: 'admin.service.delete', targetId: other.id } })).toBe(1)
  })

  it('imports only the services of a cluster the catalog lacks', async () => {
    const result = await importServices(admin, { region: 'us-east-1', cluster: 'shop-prod', environment: 'PROD', team: 'imported' }, [
      'orders-api',
      'search-api',
      'cart-api',
    ])
    expect(result).toEqual({ added: ['cart-api', 'search-api'], alreadyPresent: 1 })
    expect(await db.service.count({ where: { cluster: 'shop-prod' } })).toBe(3)
  })
})

describe('import from ECS', () => {
  it('lists a cluster through the real SDK (simulator) and adds what is missing; an unknown cluster is a clear error', async () => {
    const { sim } = await startTestSimulator()
    try {
      const result = await importClusterServices(admin, { region: 'us-east-1', cluster: 'shop-dev', environment: 'DEV', team: 'imported' })
      expect(result.added).toEqual(['catalog-api', 'checkout-web', 'inventory-worker', 'orders-api', 'payments-api'])
      // Each with the target group ECS reports; a worker without a load balancer has none.
      const imported = await db.service.findMany({ where: { cluster: 'shop-dev' }, select: { ecsServiceName: true, targetGroupArn: true } })
      const tg = Object.fromEntries(imported.map((s) => [s.ecsServiceName, s.targetGroupArn]))
      const snapshot = Object.fromEntries(
        sim
          .services()
          .filter((s) => s.cluster === 'shop-dev')
          .map((s) => [s.service, s.targetGroupArn]),
      )
      expect(tg).toEqual(snapshot)
      expect(tg['orders-api']).toMatch(/^arn:aws:elasticloadbalancing:us-east-1:\d+:targetgroup\//)
      expect(tg['inventory-worker']).toBeNull()
      await expect(importClusterServices(admin, { region: 'us-east-1', cluster: 'nope', environment: 'DEV', team: 'x' })).rejects.toMatchObject({
        code: expect.stringMatching(/VALIDATION|NOT_FOUND/),
      })
    } finally {
      await stopTestSimulator(sim)
    }
  })
})
