// Alert routing against Postgres, through the real receivers: an admin's service mappings
// (before dimensions), routing rules (before the default), maintenance windows (recorded,
// never declared), and the health snapshot an attach entry carries (from the shared cache,
// "unknown" when there is no reading).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ActorContext } from '@/lib/actions/actor'
import { db } from '@/lib/db/client'
import { declareIncident } from '@/lib/incidents/mutations'
import { logger } from '@/lib/logger'
import { createAlertRoute, createIntegration, createMaintenanceWindow, createServiceMapping, removeAlertRule } from './mutations'
import { listInbox, listRouting } from './queries'
import { tokenReceiver } from './receive'

const NOW = new Date('2099-03-01T12:00:00Z')
const minutes = (n: number) => new Date(NOW.getTime() + n * 60_000)
let admin: ActorContext
const tokens: Record<string, string> = {}
const svc: Record<string, string> = {}

const webhook = tokenReceiver('WEBHOOK', { now: () => NOW })
const alertmanager = tokenReceiver('ALERTMANAGER', { now: () => NOW })
const post = (token: string, body: unknown) =>
  new Request('http://localhost/api/alerts/x', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  })
const send = async (body: Record<string, unknown>) => {
  const res = await webhook(post(tokens.WEBHOOK, body))
  expect(res.status).toBe(200)
  return (await res.json()) as { alerts: { id: string; routed: string; incidentId: string | null }[]; incidents: { id: string; created: boolean }[] }
}
const alertOf = (id: string) => db.alert.findUniqueOrThrow({ where: { id } })
const incidentsOf = (serviceId: string) => db.incident.findMany({ where: { services: { some: { serviceId } } }, include: { runbookRuns: true } })

beforeAll(async () => {
  const row = await db.user.create({
    data: { email: 'routing-admin@example.com', name: 'Ada', role: 'ADMIN' },
    select: { id: true, email: true, name: true, role: true },
  })
  admin = { actor: row, requestId: 'req-routing', log: logger }
  const make = async (name: string, environment: 'PROD' | 'DEV') =>
    (
      await db.service.create({
        data: { name, environment, region: 'us-east-1', cluster: `shop-${environment.toLowerCase()}`, ecsServiceName: name, team: 'shop' },
        select: { id: true },
      })
    ).id
  for (const [name, env] of [
    ['checkout', 'PROD'],
    ['ledger', 'PROD'],
    ['reports', 'DEV'],
    ['inventory', 'PROD'],
    ['gateway', 'PROD'],
  ] as const)
    svc[name] = await make(name, env)
  for (const kind of ['WEBHOOK', 'ALERTMANAGER'] as const) tokens[kind] = (await createIntegration(admin, { kind, name: kind.toLowerCase() })).token!
})

afterAll(async () => {
  await db.$disconnect()
})

describe('service mappings', () => {
  it('an alarm name mapped by an admin wins over the service the alert names', async () => {
    await createServiceMapping(admin, { pattern: 'legacy-billing-*', serviceId: svc.ledger })
    const body = await send({ title: 'legacy-billing-queue-depth', severity: 'warning', service: 'checkout', cluster: 'shop-prod' })
    expect((await alertOf(body.alerts[0].id)).serviceId).toBe(svc.ledger)
    // Without the mapping, the same words match by service name.
    const other = await send({ title: 'checkout queue depth', severity: 'warning', service: 'checkout', cluster: 'shop-prod' })
    expect((await alertOf(other.alerts[0].id)).serviceId).toBe(svc.checkout)
  })

  it('an Alertmanager label ("key=value") maps an alert that names no known service', async () => {
    await createServiceMapping(admin, { pattern: 'team=stock', serviceId: svc.inventory })
    const res = await alertmanager(
      post(tokens.ALERTMANAGER, {
        version: '4',
        status: 'firing',
        alerts: [{ status: 'firing', labels: { alertname: 'StockSyncLag', team: 'stock', severity: 'warning' }, annotations: { summary: 'stock sync lags' } }],
      }),
    )
    expect(res.status).toBe(200)
    const alert = await alertOf((await res.json()).alerts[0].id)
    expect(alert.serviceId).toBe(svc.inventory)
  })

  it('refuses a pattern of only wildcards and a duplicate pattern', async () => {
    await expect(createServiceMapping(admin, { pattern: 'legacy-billing-*', serviceId: svc.checkout })).rejects.toMatchObject({ code: 'VALIDATION' })
    const { createServiceMappingSchema } = await import('./schemas')
    expect(createServiceMappingSchema.safeParse({ pattern: '**', serviceId: svc.checkout }).success).toBe(false)
  })
})

describe('routing rules', () => {
  it('a rule declares a SEV1 with the chosen runbook for a dev alert the default would leave in the inbox', async () => {
    await createAlertRoute(admin, {
      source: 'webhook',
      environment: null,
      serviceId: svc.reports,
      namePattern: '*disk full*',
      action: 'DECLARE',
      severity: 'SEV1',
      runbookId: 'crash-loop',
    })
    const body = await send({ title: 'reports disk full', severity: 'info', service: 'reports', cluster: 'shop-dev' })
    expect(body.alerts[0].routed).toBe('declare')
    const [incident] = await incidentsOf(svc.reports)
    expect(incident.severity).toBe('SEV1')
    expect(incident.runbookRuns.map((r) => r.runbookId)).toEqual(['crash-loop'])
  })

  it('an inbox rule keeps a prod outage that the default would declare out of incidents', async () => {
    const made = await createAlertRoute(admin, {
      source: null,
      environment: 'PROD',
      serviceId: svc.gateway,
      namePattern: null,
      action: 'INBOX',
      severity: null,
      runbookId: null,
    })
    const body = await send({ title: 'gateway down', severity: 'critical', category: 'service_down', service: 'gateway', cluster: 'shop-prod' })
    expect(body.alerts[0].routed).toBe('inbox')
    expect(await incidentsOf(svc.gateway)).toHaveLength(0)
    // Removed, the default applies again: the same outage declares a SEV2.
    await removeAlertRule(admin, { kind: 'route', id: made.id })
    const again = await send({
      title: 'gateway down',
      fingerprint: 'gateway-2',
      severity: 'critical',
      category: 'service_down',
      service: 'gateway',
      cluster: 'shop-prod',
    })
    expect(again.alerts[0].routed).toBe('declare')
    expect((await incidentsOf(svc.gateway)).map((i) => i.severity)).toEqual(['SEV2'])
  })

  it('refuses an unknown runbook, and lists rules in the order they are tried', async () => {
    await expect(
      createAlertRoute(admin, {
        source: null,
        environment: 'DEV',
        serviceId: null,
        namePattern: null,
        action: 'DECLARE',
        severity: null,
        runbookId: 'no-such',
      }),
    ).rejects.toMatchObject({ code: 'VALIDATION' })
    const routing = await listRouting(admin.actor)
    expect(routing.routes.map((r) => r.namePattern)).toEqual(['*disk full*'])
    expect(routing.mappings.map((m) => m.pattern)).toEqual(['legacy-billing-*', 'team=stock'])
  })
})

describe('maintenance windows', () => {
  it('a prod outage during a window is recorded and shown, and neither declares nor attaches', async () => {
    const w = await createMaintenanceWindow(admin, { serviceId: svc.checkout, startsAt: minutes(-30), endsAt: minutes(30), reason: 'database upgrade' })
    const body = await send({ title: 'checkout down', severity: 'critical', category: 'service_down', service: 'checkout', cluster: 'shop-prod' })
    expect(body.alerts[0]).toMatchObject({ routed: 'muted', incidentId: null })
    expect(await incidentsOf(svc.checkout)).toHaveLength(0)
    const shown = (await listInbox(admin.actor)).find((a) => a.id === body.alerts[0].id)
    expect(shown?.maintenance).toMatchObject({ reason: 'database upgrade', endsAt: minutes(30).toISOString() })

    // Ended early by the admin (the wall clock is well before NOW, so the window closes now, before NOW): the same outage declares.
    await removeAlertRule(admin, { kind: 'window', id: w.id })
    const after = await send({ title: 'checkout down', severity: 'critical', category: 'service_down', service: 'checkout', cluster: 'shop-prod' })
    expect(after.alerts[0].routed).toBe('declare')
    expect(await incidentsOf(svc.checkout)).toHaveLength(1)
    expect((await alertOf(after.alerts[0].id)).maintenanceWindowId).toBeNull()
  })
})

describe('health snapshot on attach', () => {
  it('says "unknown" when the shared cache holds no reading, and what the last reading saw when it does', async () => {
    const incident = await declareIncident(admin, {
      idempotencyKey: 'routing-ledger',
      title: 'ledger slow',
      severity: 'SEV3',
      impact: 'slow',
      serviceIds: [svc.ledger],
    })
    const first = await send({ title: 'ledger latency', severity: 'warning', service: 'ledger', cluster: 'shop-prod' })
    expect(first.alerts[0]).toMatchObject({ routed: 'attached', incidentId: incident.id })
    const entries = () => db.timelineEntry.findMany({ where: { incidentId: incident.id, kind: 'alert' }, orderBy: { id: 'asc' } })
    const [unknown] = await entries()
    expect(unknown.text).toContain('Health: unknown (no health reading yet)')
    expect(unknown.data).toMatchObject({ health: { status: 'unknown', observedAt: null } })

    const observedAt = minutes(-1).toISOString()
    const row = { serviceId: svc.ledger, status: 'critical', reason: '0/3 tasks running', observedAt }
    await db.sharedCache.create({ data: { key: 'health:fleet:routing-test', value: { services: [row], errors: [] }, refreshedAt: NOW } })
    await send({ title: 'ledger errors', severity: 'warning', service: 'ledger', cluster: 'shop-prod' })
    const [, known] = await entries()
    expect(known.text).toContain('Health at 2099-03-01 11:59 UTC: critical — 0/3 tasks running')
    expect(known.data).toMatchObject({ health: { status: 'critical', observedAt } })

    // A reading older than five minutes does not stand for now.
    await db.sharedCache.update({
      where: { key: 'health:fleet:routing-test' },
      data: { value: { services: [{ ...row, observedAt: minutes(-20).toISOString() }] } },
    })
    await send({ title: 'ledger timeouts', severity: 'warning', service: 'ledger', cluster: 'shop-prod' })
    const [, , old] = await entries()
    expect(old.text).toContain('Health: unknown (the last reading, 2099-03-01 11:40 UTC, is too old)')
  })
})
