// The simulator's SNS end to end, over real HTTP into the app's receiver and real Postgres:
// the subscription handshake, then a crash loop's stopped tasks and alarm, signed by the
// simulator, verified, stored, auto-declared with the crash-loop runbook; the alarm's return
// to OK resolves its alert on the timeline. Without simulated mode the same messages are refused.
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { db } from '@/lib/db/client'
import { logger } from '@/lib/logger'
import { startSimulator, type SimulatorHandle } from '@/lib/simulator'
import { createIntegration } from './mutations'
import { snsReceiver } from './receive'

const MINUTE = 60_000
let sim: SimulatorHandle
let server: Server
let integrationId: string
let serviceId: string
const bodies: string[] = []

beforeAll(async () => {
  sim = await startSimulator({ rateLimits: false, snsRetryDelayMs: 10 })
  const receive = snsReceiver({ simulatorOrigin: new URL(sim.url).origin })
  server = createServer((req, res) => {
    let body = ''
    req.on('data', (c) => (body += c))
    req.on('end', async () => {
      bodies.push(body)
      const answer = await receive(new Request('http://localhost/api/alerts/sns', { method: 'POST', body, headers: { 'content-type': 'text/plain' } }))
      res.writeHead(answer.status, { 'content-type': 'application/json' }).end(await answer.text())
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const admin = await db.user.create({
    data: { email: 'sim-sns@example.com', name: 'Ada', role: 'ADMIN' },
    select: { id: true, email: true, name: true, role: true },
  })
  serviceId = (
    await db.service.create({
      data: { name: 'orders-api', environment: 'PROD', region: 'us-east-1', cluster: 'shop-prod', ecsServiceName: 'orders-api', team: 'commerce' },
    })
  ).id
  const topic = sim.sns.topicOf('shop-prod', 'us-east-1')
  integrationId = (await createIntegration({ actor: admin, requestId: 'req', log: logger }, { kind: 'SNS', name: 'AWS simulator', topicArns: [topic] })).id
})

afterAll(async () => {
  await sim.stop()
  await new Promise((r) => server.close(r))
  await db.$disconnect()
})

const advance = async (minutes: number) => {
  for (let i = 0; i < minutes; i++) {
    sim.advance(MINUTE)
    await sim.sns.idle()
  }
}

describe('simulated SNS into the app', () => {
  it('confirms the subscription through the app’s handshake', async () => {
    sim.sns.subscribe(sim.sns.topicOf('shop-prod', 'us-east-1'), `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/alerts/sns`)
    await sim.sns.idle()
    expect(sim.sns.list()).toMatchObject([{ status: 'confirmed' }])
    const payloads = await db.alertPayload.findMany({ where: { integrationId } })
    expect(payloads).toMatchObject([{ outcome: 'ACCEPTED', reason: 'Subscription confirmed.' }])
  })

  it('turns a crash loop into a SEV2 with the crash-loop runbook, its alarm on the timeline, resolved when the service recovers', async () => {
    sim.scenarios.inject({ cluster: 'shop-prod', service: 'orders-api', scenario: 'crash_loop' })
    // Tasks fail within 40 s; the alarm needs two whole minutes with none running.
    await advance(6)
    expect(sim.sns.recent().filter((d) => d.status !== 'delivered')).toEqual([])
    const [incident] = await db.incident.findMany({ where: { services: { some: { serviceId } } }, include: { runbookRuns: true } })
    expect(incident).toMatchObject({ severity: 'SEV2', status: expect.not.stringMatching('RESOLVED') })
    expect(incident.runbookRuns.map((r) => r.runbookId)).toEqual(['crash-loop'])
    const alarmFingerprint = 'alarm:arn:aws:cloudwatch:us-east-1:123456789012:alarm:shop-prod-orders-api-no-running-tasks'
    const alerts = await db.alert.findMany({ where: { serviceId }, orderBy: { firstSeenAt: 'asc' } })
    expect(alerts.find((a) => a.fingerprint.startsWith('ecs-task:'))).toMatchObject({ category: 'crash_loop', state: 'FIRING', incidentId: incident.id })
    expect(alerts.find((a) => a.fingerprint === alarmFingerprint)).toMatchObject({ state: 'FIRING', incidentId: incident.id, source: 'sns' })
    const timeline = await db.timelineEntry.findMany({ where: { incidentId: incident.id }, orderBy: { id: 'asc' } })
    const alarmEntry = timeline.find(
      (e) => e.kind === 'alert' && e.text.startsWith('Alert: CloudWatch alarm: shop-prod-orders-api-no-running-tasks — Threshold'),
    )
    // The reason's own full stop, then the health snapshot: one full stop between them.
    expect(alarmEntry?.text).toMatch(/ALARM transition\)\. Health/)
    const stored = await db.alertPayload.findMany({ where: { integrationId, outcome: 'ACCEPTED', messageId: { startsWith: 'sns:' } } })
    expect(stored.length).toBeGreaterThanOrEqual(4)

    sim.scenarios.clear()
    // Tasks are up within 35 s; the alarm (the minute's fewest tasks running) returns to OK after a whole minute with them.
    await advance(3)
    expect(await db.alert.findFirst({ where: { fingerprint: alarmFingerprint } })).toMatchObject({ state: 'RESOLVED' })
    const resolved = await db.timelineEntry.findMany({ where: { incidentId: incident.id, kind: 'alert_resolved' } })
    expect(resolved.map((e) => e.text)).toEqual([
      expect.stringMatching(/^Alert resolved: CloudWatch alarm: shop-prod-orders-api-no-running-tasks — Threshold Crossed/),
    ])
  })

  it('refuses the same signed messages when the app is not in simulated mode', async () => {
    const body = bodies.find((b) => b.includes('"Type":"Notification"'))!
    const refusedBefore = (await db.alertIntegration.findUniqueOrThrow({ where: { id: integrationId } })).refusedCount
    for (const receive of [snsReceiver(), snsReceiver({ simulatorOrigin: null }), snsReceiver({ simulatorOrigin: 'http://127.0.0.1:1' })]) {
      const res = await receive(new Request('http://localhost/api/alerts/sns', { method: 'POST', body }))
      expect(res.status).toBe(401)
      expect(((await res.json()) as { message: string }).message).toContain('SigningCertURL is not an https .pem on sns.<region>.amazonaws.com')
    }
    expect((await db.alertIntegration.findUniqueOrThrow({ where: { id: integrationId } })).refusedCount).toBe(refusedBefore + 3)
  })
})
