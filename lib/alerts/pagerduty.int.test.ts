// The PagerDuty Events API v2 forward against a real local HTTP server: an alert that
// auto-declares triggers it (after the incident committed), resolving that incident resolves
// it with the same dedup_key, and an endpoint that refuses is written on the timeline. The
// routing key is stored encrypted; one saved in plain text before that is encrypted by the
// launcher's step and still forwarded.
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ActorContext } from '@/lib/actions/actor'
import { decryptSecret } from '@/lib/databases/crypto'
import { db } from '@/lib/db/client'
import { changeStatus, declareIncident } from '@/lib/incidents/mutations'
import { logger } from '@/lib/logger'
import { createIntegration, resolveInPagerDuty, savePagerDuty } from './mutations'
import { pagerDutySettingKey } from './pagerduty'
import { encryptPlainPagerDutyKey } from './pagerduty-key'
import { getPagerDutyView } from './queries'
import { tokenReceiver } from './receive'

const NOW = new Date('2026-06-10T12:00:00.000Z')
const KEY = 'R0UTING-KEY-0123456789abcdef'
const SECRET = process.env.DATABASE_CREDENTIALS_KEY!
const storedValue = async () => (await db.appSetting.findUniqueOrThrow({ where: { key: pagerDutySettingKey } })).value as Record<string, unknown>
let admin: ActorContext
let token: string
let server: Server
let answer = 202
const received: { path: string; body: Record<string, unknown> }[] = []
let url: string

const webhookPost = tokenReceiver('WEBHOOK', { now: () => NOW })
const fire = (service: string, title: string) =>
  webhookPost(
    new Request('http://localhost/api/alerts/webhook', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ title, status: 'firing', severity: 'critical', category: 'service_down', service, reason: `${service} has no healthy targets` }),
    }),
  )

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = ''
    req.on('data', (c) => (body += c))
    req.on('end', () => {
      received.push({ path: req.url ?? '', body: JSON.parse(body) })
      res.writeHead(answer, { 'content-type': 'application/json' }).end('{"status":"success"}')
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v2/enqueue`
  const row = await db.user.create({
    data: { email: 'pd-admin@example.com', name: 'Pat', role: 'ADMIN' },
    select: { id: true, email: true, name: true, role: true },
  })
  admin = { actor: row, requestId: 'req-pd', log: logger }
  for (const name of ['orders', 'payments', 'search']) {
    await db.service.create({ data: { name, environment: 'PROD', region: 'us-east-1', cluster: 'shop-prod', ecsServiceName: name, team: 'shop' } })
  }
  token = (await createIntegration(admin, { kind: 'WEBHOOK', name: 'pd-test' })).token!
})

afterAll(async () => {
  await new Promise((r) => server.close(r))
  await db.$disconnect()
})

describe('PagerDuty forward', () => {
  it('is off until an admin saves it; the routing key is stored encrypted and never reaches the audit log or the page', async () => {
    const before = await fire('orders', 'orders down (before PagerDuty)')
    expect(before.status).toBe(200)
    expect(received).toHaveLength(0)
    // Someone else's declare: tidy it away so the next alert declares afresh.
    const { incidents } = (await before.json()) as { incidents: { id: string }[] }
    await db.incident.update({ where: { id: incidents[0].id }, data: { status: 'RESOLVED', resolvedAt: NOW } })

    const saved = await savePagerDuty(admin, { enabled: true, url, routingKey: KEY, expectedVersion: 0 })
    expect(saved).toMatchObject({ version: 1, enabled: true, url })
    const stored = await storedValue()
    expect(JSON.stringify(stored)).not.toContain('R0UTING-KEY')
    expect(Object.keys(stored).sort()).toEqual(['enabled', 'routingKeyEncrypted', 'routingKeyLast4', 'url'])
    expect(decryptSecret(stored.routingKeyEncrypted as string, SECRET)).toBe(KEY)
    const view = await getPagerDutyView(admin.actor)
    expect(view).toEqual({ enabled: true, url, routingKeyPreview: '…cdef', version: 1 })
    const audit = await db.auditEvent.findFirstOrThrow({ where: { action: 'admin.pagerduty.update' } })
    expect(JSON.stringify(audit.params)).not.toContain('R0UTING-KEY')
    await expect(savePagerDuty(admin, { enabled: false, expectedVersion: 0 })).rejects.toMatchObject({ code: 'CONFLICT' })
  })

  it('triggers for an auto-declared incident and resolves it with the same dedup_key', async () => {
    const res = await fire('orders', 'orders down')
    const { incidents } = (await res.json()) as { incidents: { id: string; ref: string; created: boolean }[] }
    expect(incidents[0].created).toBe(true)
    const id = incidents[0].id
    expect(received).toHaveLength(1)
    const trigger = received[0]
    expect(trigger.path).toBe('/v2/enqueue')
    expect(trigger.body).toMatchObject({
      routing_key: KEY,
      event_action: 'trigger',
      dedup_key: `incident-command:${id}`,
      payload: { summary: `${incidents[0].ref} orders down`, severity: 'error', source: 'orders' },
    })

    // A second alert of the same service joins the incident: no second trigger.
    await fire('orders', 'orders 5xx critical')
    expect(received).toHaveLength(1)

    const row = await db.incident.findUniqueOrThrow({ where: { id }, select: { version: true } })
    await changeStatus(admin, { incidentId: id, expectedVersion: row.version, status: 'RESOLVED', resolutionSummary: 'Restarted the tasks' })
    expect(await resolveInPagerDuty(admin, id)).toEqual({ sent: true, ok: true })
    expect(received).toHaveLength(2)
    expect(received[1].body).toEqual({ routing_key: KEY, event_action: 'resolve', dedup_key: `incident-command:${id}` })
  })

  it('does not page for an incident a person declared', async () => {
    const mine = await declareIncident(admin, { idempotencyKey: 'pd-human', title: 'Declared by hand', severity: 'SEV3', impact: 'test', serviceIds: [] })
    await db.incident.update({ where: { id: mine.id }, data: { status: 'RESOLVED', resolvedAt: NOW } })
    expect(await resolveInPagerDuty(admin, mine.id)).toEqual({ sent: false, reason: 'off' })
    expect(received).toHaveLength(2)
  })

  it('writes a refused trigger on the timeline, and the incident stands', async () => {
    answer = 500
    const res = await fire('payments', 'payments down')
    expect(res.status).toBe(200)
    const { incidents } = (await res.json()) as { incidents: { id: string }[] }
    expect(received).toHaveLength(3)
    const failed = await db.timelineEntry.findMany({ where: { incidentId: incidents[0].id, kind: 'update_failed' } })
    expect(failed).toHaveLength(1)
    expect(failed[0].text).toMatch(/The PagerDuty trigger did not reach 127\.0\.0\.1:\d+: .*500/)
    expect(failed[0].data).toMatchObject({ channel: 'pagerduty', action: 'trigger', httpStatus: 500 })
  })

  it('encrypts a routing key saved in plain text (the launcher step), and forwards the same key', async () => {
    answer = 202
    const row = await db.appSetting.findUniqueOrThrow({ where: { key: pagerDutySettingKey }, select: { version: true } })
    // As a release before the encryption stored it.
    await db.appSetting.update({ where: { key: pagerDutySettingKey }, data: { value: { enabled: true, url, routingKey: 'PLAIN-KEY-9876' } } })
    expect((await getPagerDutyView(admin.actor)).routingKeyPreview).toBe('…9876')

    expect(await encryptPlainPagerDutyKey(db, SECRET, 'test')).toBe('encrypted')
    expect(await encryptPlainPagerDutyKey(db, SECRET, 'test')).toBe('unchanged')
    const stored = await storedValue()
    expect(JSON.stringify(stored)).not.toContain('PLAIN-KEY')
    expect(stored).toMatchObject({ enabled: true, url, routingKeyLast4: '9876' })
    expect(await db.appSetting.findUniqueOrThrow({ where: { key: pagerDutySettingKey }, select: { version: true } })).toEqual({ version: row.version + 1 })
    expect(await db.auditEvent.count({ where: { action: 'admin.pagerduty.update', actorEmail: 'system' } })).toBe(1)

    const sent = received.length
    await fire('search', 'search down')
    expect(received).toHaveLength(sent + 1)
    expect(received[sent].body).toMatchObject({ routing_key: 'PLAIN-KEY-9876', event_action: 'trigger' })
  })

  it('a key that does not decrypt (DATABASE_CREDENTIALS_KEY changed) is written on the timeline, and nothing is sent', async () => {
    await db.appSetting.update({ where: { key: pagerDutySettingKey }, data: { value: { enabled: true, url, routingKey: 'OTHER-KEY-1111' } } })
    await encryptPlainPagerDutyKey(db, 'another-database-credentials-key-0123456789', 'test')
    await db.incident.updateMany({ where: { status: { not: 'RESOLVED' } }, data: { status: 'RESOLVED', resolvedAt: NOW } })
    const sent = received.length
    const res = await fire('search', 'search down again')
    const { incidents } = (await res.json()) as { incidents: { id: string }[] }
    expect(received).toHaveLength(sent)
    const failed = await db.timelineEntry.findMany({ where: { incidentId: incidents[0].id, kind: 'update_failed' } })
    expect(failed.map((f) => f.text)).toEqual([expect.stringContaining('the saved routing key does not decrypt (DATABASE_CREDENTIALS_KEY unset or changed)')])
  })
})
