// A registered database and the RDS resource it runs on: the launcher links the demo's orders-db to
// the RDS instance of the same name, the admin links and unlinks (audited, one database per
// instance, RDS only), the resource import links by DB instance id, and the link reaches the board
// row (live diagnostics) and an incident's runbook steps (that database first).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ActorContext } from '@/lib/actions/actor'
import { startTestSimulator, stopTestSimulator } from '@/lib/aws/testing'
import { db } from '@/lib/db/client'
import { logger } from '@/lib/logger'
import { importResources } from '@/lib/resources/mutations'
import { listResources } from '@/lib/resources/queries/catalog'
import { loadResourceHealth } from '@/lib/resources/queries/reading'
import type { SimulatorHandle } from '@/lib/simulator'
import { seedDemoResources } from '@/prisma/demo-resources'
import { demoServices } from '@/prisma/seed'
import { ensureDemoDatabase } from '@/scripts/lib/demo-database'
import { linkDatabaseResource } from './mutations'
import { databasesForServices, listDatabases } from './queries'

let sim: SimulatorHandle
let admin: ActorContext
let databaseId: string
const rdsId = async (awsId: string) => (await db.resource.findFirstOrThrow({ where: { kind: 'RDS', awsId }, select: { id: true } })).id

beforeAll(async () => {
  ;({ sim } = await startTestSimulator())
  await db.service.createMany({ data: demoServices() })
  await seedDemoResources(db)
  const user = await db.user.create({
    data: { email: 'link@example.com', name: 'Lin', role: 'ADMIN' },
    select: { id: true, email: true, name: true, role: true },
  })
  admin = { actor: user, requestId: 'rq-link', log: logger }
  await ensureDemoDatabase(process.env.DATABASE_URL!, db, process.env.DATABASE_CREDENTIALS_KEY!)
  databaseId = (await db.registeredDatabase.findUniqueOrThrow({ where: { name: 'orders-db' } })).id
})

afterAll(async () => {
  await stopTestSimulator(sim)
  await db.$disconnect()
})

describe('registered database on its RDS resource', () => {
  it('the launcher links orders-db to the RDS instance; its unhealthy row offers the live diagnostics and the lock runbook', async () => {
    expect((await listDatabases(admin.actor)).find((d) => d.id === databaseId)!.resource).toEqual({ id: await rdsId('orders-db'), name: 'orders-db' })
    sim.scenarios.inject({ cluster: 'shop-prod', service: 'orders-api', scenario: 'db_connections_exhausted' })
    sim.advance(3 * 60_000)
    try {
      const health = await loadResourceHealth(await listResources(admin.actor), new Date(sim.now()))
      const row = health.resources.find((r) => r.name === 'orders-db')!
      expect(row.status).not.toBe('healthy')
      expect(row.database).toEqual({ id: databaseId, name: 'orders-db' })
      expect(row.runbooks).toEqual(['db-connection-pool-exhausted', 'db-lock-contention', 'database-performance'])
      expect(health.resources.find((r) => r.name === 'orders-db-replica-1')!.database).toBeNull()
    } finally {
      sim.scenarios.clear()
    }
  })

  it('an incident on a service that depends on the RDS instance lists its database first, though not linked to the service itself', async () => {
    const payments = await db.service.findFirstOrThrow({ where: { cluster: 'shop-prod', ecsServiceName: 'payments-api' }, select: { id: true } })
    await db.registeredDatabase.create({
      data: { name: 'aaa-other', environment: 'PROD', team: 't', host: '127.0.0.1', port: 5432, dbname: 'x', username: 'u', passwordEncrypted: 'v1:a:b:c' },
    })
    expect((await databasesForServices(admin.actor, [payments.id])).map((d) => [d.name, d.linked])).toEqual([
      ['orders-db', true],
      ['aaa-other', false],
    ])
    await linkDatabaseResource(admin, { id: databaseId, resourceId: null })
    expect((await databasesForServices(admin.actor, [payments.id])).map((d) => [d.name, d.linked])).toEqual([
      ['aaa-other', false],
      ['orders-db', false],
    ])
  })

  it('the admin links to an RDS instance only, one database each, audited; a refusal changes nothing', async () => {
    const other = (await db.registeredDatabase.findUniqueOrThrow({ where: { name: 'aaa-other' } })).id
    const redis = (await db.resource.findFirstOrThrow({ where: { kind: 'ELASTICACHE' } })).id
    await expect(linkDatabaseResource(admin, { id: databaseId, resourceId: redis })).rejects.toMatchObject({ code: 'VALIDATION' })
    await linkDatabaseResource(admin, { id: databaseId, resourceId: await rdsId('orders-db') })
    await expect(linkDatabaseResource(admin, { id: other, resourceId: await rdsId('orders-db') })).rejects.toMatchObject({
      code: 'CONFLICT',
      message: 'orders-db already has a registered database (orders-db).',
    })
    expect((await db.registeredDatabase.findUniqueOrThrow({ where: { id: other } })).resourceId).toBeNull()
    const audit = await db.auditEvent.findMany({ where: { action: 'admin.database.link', targetId: databaseId }, orderBy: { id: 'asc' } })
    expect(audit.map((a) => (a.params as { resource: string | null }).resource)).toEqual([null, 'orders-db'])
    const viewer = { ...admin, actor: { ...admin.actor, role: 'VIEWER' as const } }
    await expect(linkDatabaseResource(viewer, { id: databaseId, resourceId: null })).rejects.toMatchObject({ code: 'FORBIDDEN' })
  })

  it('importing an RDS instance links the registered database of the same name that runs on none', async () => {
    await db.resource.deleteMany({ where: { kind: 'RDS' } })
    expect((await db.registeredDatabase.findUniqueOrThrow({ where: { id: databaseId } })).resourceId).toBeNull()
    const result = await importResources(admin, { region: 'us-east-1', environment: 'PROD', team: 'commerce' })
    expect(result.added).toEqual(['RDS/orders-db', 'RDS/orders-db-replica-1'])
    expect(result.linkedDatabases).toEqual(['orders-db'])
    expect((await db.registeredDatabase.findUniqueOrThrow({ where: { id: databaseId } })).resourceId).toBe(await rdsId('orders-db'))
  })
})
