// A storm's race: an alert asks for a declare, goes back to OK before that declare lands, and
// another alarm of the same service fires. It must share the first declare's key, so one
// incident comes of both (before, it looked only at firing alerts and started a second one).
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { ActorContext } from '@/lib/actions/actor'
import { db } from '@/lib/db/client'
import { logger } from '@/lib/logger'
import { alertsContext, createIntegration, ingestSignals, runDeclares, type MatchedSignal } from './mutations'

const NOW = new Date('2026-06-10T12:00:00.000Z')
let ctx: ActorContext
let integrationId: string
let service: { id: string; environment: string }

const signal = (fingerprint: string, state: 'FIRING' | 'RESOLVED'): MatchedSignal => ({
  source: 'webhook',
  fingerprint,
  state,
  severity: 'CRITICAL',
  category: 'service_down',
  title: `orders ${fingerprint}`,
  reason: 'no healthy targets',
  at: NOW,
  hint: {},
  service,
})

beforeAll(async () => {
  const admin = await db.user.create({
    data: { email: 'race-admin@example.com', name: 'Ra', role: 'ADMIN' },
    select: { id: true, email: true, name: true, role: true },
  })
  integrationId = (await createIntegration({ actor: admin, requestId: 'r', log: logger }, { kind: 'WEBHOOK', name: 'race' })).id
  const row = await db.service.create({
    data: { name: 'orders', environment: 'PROD', region: 'us-east-1', cluster: 'shop', ecsServiceName: 'orders', team: 'shop' },
  })
  service = { id: row.id, environment: row.environment }
  ctx = await alertsContext('race')
})

afterAll(async () => {
  await db.$disconnect()
})

it('an alert back to OK before its declare lands still lends its key to the next alarm of the service', async () => {
  const first = await ingestSignals(ctx.actor, { integrationId, body: '{}', signals: [signal('a', 'FIRING')], now: NOW })
  if (first.duplicate) throw new Error('unexpected duplicate')
  expect(first.declares).toHaveLength(1)
  // Its declare has not run yet; the alarm goes back to OK, then another alarm fires.
  await ingestSignals(ctx.actor, { integrationId, body: '{}', signals: [signal('a', 'RESOLVED')], now: new Date(NOW.getTime() + 1_000) })
  const second = await ingestSignals(ctx.actor, { integrationId, body: '{}', signals: [signal('b', 'FIRING')], now: new Date(NOW.getTime() + 2_000) })
  if (second.duplicate) throw new Error('unexpected duplicate')
  expect(second.declares.map((d) => d.key)).toEqual(first.declares.map((d) => d.key))
  await Promise.all([runDeclares(ctx, first.declares), runDeclares(ctx, second.declares)])
  const incidents = await db.incident.findMany({ where: { services: { some: { serviceId: service.id } } }, select: { id: true } })
  expect(incidents).toHaveLength(1)
  const alerts = await db.alert.findMany({ where: { serviceId: service.id }, select: { incidentId: true } })
  expect(alerts.map((a) => a.incidentId)).toEqual([incidents[0].id, incidents[0].id])
})
