// The PagerDuty Events API v2 forward against a real local HTTP server: an alert that
// auto-declares triggers it (after the incident committed), resolving that incident resolves
// it with the same dedup_key, and an endpoint that refuses is written on the timeline.
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ActorContext } from '@/lib/actions/actor'
import { db } from '@/lib/db/client'
import { changeStatus, declareIncident } from '@/lib/incidents/mutations'
import { logger } from '@/lib/logger'
import { createIntegration, resolveInPagerDuty, savePagerDuty } from './mutations'
import { tokenReceiver } from './receive'

const NOW = new Date('2026-06-10T12:00:00.000Z')
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
  for (const name of ['orders', 'payments']) {
    await db.service.create({ data: { name, environment: 'PROD', region: 'us-east-1', cluster: 'shop-prod', ecsServiceName: name, team: 'shop' } })
  }
  token = (await createIntegration(admin, { kind: 'WEBHOOK', name: 'pd-test' })).token!
})

afterAll(async () => {
  await new Promise((r) => server.close(r))
  await db.$disconnect()
})

describe('PagerDuty forward', () => {
  it('is off until an admin saves it; the routing key never reaches the audit log', async () => {
    const before = await fire('orders', 'orders down (before PagerDuty)')
    expect(before.status).toBe(200)
    expect(received).toHaveLength(0)
    // Someone else's declare: tidy it away so the next alert declares afresh.
    const { incidents } = (await before.json()) as { incidents: { id: string }[] }
    await db.incident.update({ where: { id: incidents[0].id }, data: { status: 'RESOLVED', resolvedAt: NOW } })

    const saved = await savePagerDuty(admin, { enabled: true, url, routingKey: 'R0UTING-KEY-0123456789abcdef', expectedVersion: 0 })
    expect(saved).toMatchObject({ version: 1, enabled: true, url })
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
      routing_key: 'R0UTING-KEY-0123456789abcdef',
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
    expect(received[1].body).toEqual({ routing_key: 'R0UTING-KEY-0123456789abcdef', event_action: 'resolve', dedup_key: `incident-command:${id}` })
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
})
