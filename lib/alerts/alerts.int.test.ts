// Alert ingestion end to end against Postgres: every source (valid, forged, wrong token,
// malformed, replay), dedup, grouping under a storm, routing and resolve on OK. SNS
// messages are signed for real with a certificate made here by the openssl CLI (AWS
// cannot be reached from tests, so only the certificate download is replaced).
import { execFileSync } from 'node:child_process'
import { createSign } from 'node:crypto'
import { mkdtempSync, readFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ActorContext } from '@/lib/actions/actor'
import { db } from '@/lib/db/client'
import { updateWebhooks } from '@/lib/incidents/mutations'
import { logger } from '@/lib/logger'
import { acknowledgeAlert, attachAlert, createIntegration, rotateIntegrationToken, silenceAlert, updateIntegration } from './mutations'
import { listInbox } from './queries'
import { snsReceiver, tokenReceiver } from './receive'
import { confirmSubscription, setCertificateFetcher, stringToSign, type SnsEnvelope } from './sns'

// A pinned clock, far enough ahead that certificates made today are valid at it.
const NOW = new Date('2099-03-01T12:00:00Z')
const at = (minutesAgo: number) => new Date(NOW.getTime() - minutesAgo * 60_000).toISOString()
const CERT_URL = 'https://sns.us-east-1.amazonaws.com/SimpleNotificationService-test.pem'
const TOPIC = 'arn:aws:sns:us-east-1:123456789012:prod-alarms'

let awsKey: string
let attackerKey: string
let admin: ActorContext
const tokens: Record<string, string> = {}
const ids: Record<string, string> = {}
const services: Record<string, string> = {}
const confirmed: string[] = []
let hookServer: Server
const hookBodies: string[] = []

function makeKeyPair(dir: string, name: string) {
  const key = join(dir, `${name}.key`)
  const cert = join(dir, `${name}.pem`)
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '36500', '-subj', '/CN=sns.amazonaws.com'], {
    stdio: 'ignore',
  })
  return { key: readFileSync(key, 'utf8'), cert: readFileSync(cert, 'utf8') }
}

let seq = 0
function sns(
  fields: Partial<SnsEnvelope> & { Message: string },
  opts: { version?: '1' | '2'; key?: string; certUrl?: string; tamper?: (m: SnsEnvelope) => void } = {},
) {
  const m = {
    Type: 'Notification',
    MessageId: `msg-${++seq}`,
    TopicArn: TOPIC,
    Timestamp: at(1),
    SignatureVersion: opts.version ?? '1',
    SigningCertURL: opts.certUrl ?? CERT_URL,
    Signature: '',
    ...fields,
  } as SnsEnvelope
  const signer = createSign(m.SignatureVersion === '1' ? 'RSA-SHA1' : 'RSA-SHA256')
  signer.update(stringToSign(m), 'utf8')
  m.Signature = signer.sign(opts.key ?? awsKey, 'base64')
  opts.tamper?.(m)
  return m
}

const alarm = (name: string, state: 'ALARM' | 'OK', dims: Record<string, string>, metric = 'UnHealthyHostCount') =>
  JSON.stringify({
    AlarmName: name,
    AlarmArn: `arn:aws:cloudwatch:us-east-1:123456789012:alarm:${name}`,
    NewStateValue: state,
    NewStateReason: `Threshold Crossed: 1 datapoint was ${state === 'ALARM' ? 'greater' : 'less'} than the threshold`,
    StateChangeTime: at(1),
    Trigger: { MetricName: metric, Threshold: 1, Dimensions: Object.entries(dims).map(([name, value]) => ({ name, value })) },
  })

const post = (body: unknown, headers: Record<string, string> = {}) =>
  new Request('http://localhost/api/alerts/x', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  })
const bearer = (token: string) => ({ authorization: `Bearer ${token}` })

const snsPost = snsReceiver({ now: () => NOW, confirm: async (url) => (confirmed.push(url), { ok: true }) })
const webhookPost = tokenReceiver('WEBHOOK', { now: () => NOW })
const eventbridgePost = tokenReceiver('EVENTBRIDGE', { now: () => NOW })
const alertmanagerPost = tokenReceiver('ALERTMANAGER', { now: () => NOW })

const payloadsOf = (name: string) => db.alertPayload.findMany({ where: { integrationId: ids[name] }, orderBy: { id: 'asc' } })
const incidentsOf = (serviceId: string) => db.incident.findMany({ where: { services: { some: { serviceId } } }, include: { runbookRuns: true } })
const entries = (incidentId: string, kind: string) => db.timelineEntry.findMany({ where: { incidentId, kind }, orderBy: { id: 'asc' } })

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'alerts-certs-'))
  const aws = makeKeyPair(dir, 'aws')
  awsKey = aws.key
  attackerKey = makeKeyPair(dir, 'attacker').key
  setCertificateFetcher(async (url) => {
    if (url === CERT_URL) return aws.cert
    throw new Error('no such certificate')
  })
  const row = await db.user.create({
    data: { email: 'alerts-admin@example.com', name: 'Ada', role: 'ADMIN' },
    select: { id: true, email: true, name: true, role: true },
  })
  admin = { actor: row, requestId: 'req-admin', log: logger }
  const svc = (name: string, environment: 'PROD' | 'DEV', extra: { targetGroupArn?: string } = {}) =>
    db.service.create({
      data: {
        name,
        environment,
        region: 'us-east-1',
        cluster: environment === 'PROD' ? 'shop-prod' : 'shop-dev',
        ecsServiceName: name,
        team: 'shop',
        ...extra,
      },
    })
  services.orders = (await svc('orders', 'PROD', { targetGroupArn: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/orders-tg/abc123' })).id
  services.payments = (await svc('payments', 'PROD')).id
  services.billing = (await svc('billing', 'PROD')).id
  services.cart = (await svc('cart', 'PROD')).id
  services.search = (await svc('search', 'DEV')).id
  services.catalog = (await svc('catalog', 'PROD')).id
  ids.sns = (await createIntegration(admin, { kind: 'SNS', name: 'AWS prod', topicArns: [TOPIC] })).id
  for (const kind of ['EVENTBRIDGE', 'ALERTMANAGER', 'WEBHOOK'] as const) {
    const made = await createIntegration(admin, { kind, name: kind.toLowerCase() })
    ids[kind] = made.id
    tokens[kind] = made.token!
  }
  // The incident webhooks: an auto-declared incident's first update goes there.
  hookServer = createServer((req, res) => {
    let body = ''
    req.on('data', (c) => (body += c))
    req.on('end', () => (hookBodies.push(body), res.end('ok')))
  })
  await new Promise<void>((r) => hookServer.listen(0, '127.0.0.1', r))
  const port = (hookServer.address() as AddressInfo).port
  await updateWebhooks(admin, { expectedVersion: 0, webhooks: [{ name: 'ops', format: 'slack', url: `http://127.0.0.1:${port}/hook`, enabled: true }] })
})

afterAll(async () => {
  setCertificateFetcher(null)
  await new Promise((r) => hookServer.close(r))
  await db.$disconnect()
})

describe('SNS', () => {
  it('confirms a subscription only for an allowed topic, and only on an SNS host', async () => {
    const url = 'https://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription&Token=t1'
    const ok = await snsPost(post(sns({ Type: 'SubscriptionConfirmation', Message: 'confirm', SubscribeURL: url, Token: 't1' })))
    expect(ok.status).toBe(200)
    expect(confirmed).toEqual([url])
    const other = sns({
      Type: 'SubscriptionConfirmation',
      Message: 'confirm',
      SubscribeURL: url,
      Token: 't2',
      TopicArn: 'arn:aws:sns:us-east-1:123456789012:other',
    })
    expect((await snsPost(post(other))).status).toBe(403)
    expect(confirmed).toHaveLength(1)
    // The real confirmer refuses any other host before any network call.
    expect(await confirmSubscription('https://evil.example.com/?Action=ConfirmSubscription')).toMatchObject({ ok: false })
    expect(await confirmSubscription('http://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription')).toMatchObject({ ok: false })
    expect((await payloadsOf('sns')).map((p) => p.outcome)).toEqual(['ACCEPTED'])
  })

  it('an unhealthy-hosts alarm on a prod service declares a SEV2 with its runbook, unacknowledged, and notifies the webhooks', async () => {
    const res = await snsPost(
      post(sns({ Message: alarm('prod-orders-unhealthy-hosts', 'ALARM', { TargetGroup: 'targetgroup/orders-tg/abc123' }) }, { version: '2' })),
    )
    expect(res.status).toBe(200)
    const body = await res.json()
    expect(body.incidents).toHaveLength(1)
    const [incident] = await incidentsOf(services.orders)
    expect(body.alerts[0]).toMatchObject({ routed: 'declare', incidentId: incident.id })
    expect(incident).toMatchObject({ severity: 'SEV2', status: 'INVESTIGATING', commanderId: null, acknowledgedAt: null })
    expect(incident.runbookRuns.map((r) => r.runbookId)).toEqual(['bad-gateway-unhealthy-targets'])
    const [entry] = await entries(incident.id, 'alert')
    expect(entry.text).toContain('prod-orders-unhealthy-hosts')
    expect(entry.text).toContain('Threshold Crossed')
    expect(await entries(incident.id, 'update_posted')).toHaveLength(1)
    expect(hookBodies.some((b) => b.includes('declared automatically'))).toBe(true)
  })

  it('the same alarm again updates one alert: count 2, no second incident, no second entry', async () => {
    const res = await snsPost(post(sns({ Message: alarm('prod-orders-unhealthy-hosts', 'ALARM', { TargetGroup: 'targetgroup/orders-tg/abc123' }) })))
    expect(res.status).toBe(200)
    const alerts = await db.alert.findMany({ where: { serviceId: services.orders } })
    expect(alerts).toHaveLength(1)
    expect(alerts[0].count).toBe(2)
    const incidents = await incidentsOf(services.orders)
    expect(incidents).toHaveLength(1)
    expect(await entries(incidents[0].id, 'alert')).toHaveLength(1)
  })

  it('refuses forged messages (another key, a changed message, a certificate off AWS) and stores none of them', async () => {
    const before = (await payloadsOf('sns')).length
    const message = alarm('prod-orders-unhealthy-hosts', 'OK', { TargetGroup: 'targetgroup/orders-tg/abc123' })
    const forged = [
      sns({ Message: message }, { key: attackerKey }),
      sns({ Message: message }, { tamper: (m) => (m.Message = message.replace('OK', 'ALARM')) }),
      sns({ Message: message }, { certUrl: 'https://evil.example.com/cert.pem' }),
      sns({ Message: message }, { certUrl: 'http://sns.us-east-1.amazonaws.com/cert.pem' }),
      sns({ Message: message }, { tamper: (m) => (m.Signature = 'AAAA') }),
    ]
    for (const m of forged) expect((await snsPost(post(m))).status).toBe(401)
    expect((await payloadsOf('sns')).length).toBe(before)
    expect((await db.alertIntegration.findUniqueOrThrow({ where: { id: ids.sns } })).refusedCount).toBe(forged.length)
    expect((await db.alert.findFirstOrThrow({ where: { serviceId: services.orders } })).state).toBe('FIRING')
  })

  it('refuses replays: a MessageId seen before, and a message older than an hour', async () => {
    const m = sns({ Message: alarm('prod-orders-latency', 'ALARM', { ClusterName: 'shop-prod', ServiceName: 'orders' }, 'TargetResponseTime') })
    expect((await snsPost(post(m))).status).toBe(200)
    const again = await snsPost(post(m))
    expect(again.status).toBe(200)
    expect((await again.json()).outcome).toBe('DUPLICATE')
    expect((await db.alert.findFirstOrThrow({ where: { title: { contains: 'prod-orders-latency' } } })).count).toBe(1)
    const old = await snsPost(post(sns({ Message: alarm('prod-orders-latency', 'ALARM', {}), Timestamp: at(61) })))
    expect(old.status).toBe(400)
    const outcomes = (await payloadsOf('sns')).slice(-2).map((p) => [p.outcome, p.reason])
    expect(outcomes[0]).toEqual(['DUPLICATE', expect.stringContaining('already received')])
    expect(outcomes[1]).toEqual(['REFUSED', expect.stringContaining('older than 60 minutes')])
  })

  it('a malformed notification is a 400 with the reason, kept for debugging', async () => {
    const res = await snsPost(post(sns({ Message: 'this is not json' })))
    expect(res.status).toBe(400)
    expect((await res.json()).message).toMatch(/not JSON/)
    const res2 = await snsPost(post(sns({ Message: JSON.stringify({ AlarmName: 'x' }) })))
    expect(res2.status).toBe(400)
    expect((await res2.json()).message).toMatch(/NewStateValue/)
    expect((await payloadsOf('sns')).slice(-2).map((p) => p.outcome)).toEqual(['REFUSED', 'REFUSED'])
    expect((await snsPost(post('{"Type":"Notification"}'))).status).toBe(400)
  })

  it('the alarm back to OK resolves the alert and says so on the timeline', async () => {
    const res = await snsPost(post(sns({ Message: alarm('prod-orders-unhealthy-hosts', 'OK', { TargetGroup: 'targetgroup/orders-tg/abc123' }) })))
    expect(res.status).toBe(200)
    const alert = await db.alert.findFirstOrThrow({ where: { fingerprint: { contains: 'prod-orders-unhealthy-hosts' } } })
    expect(alert).toMatchObject({ state: 'RESOLVED', resolvedAt: NOW })
    const [entry] = await entries(alert.incidentId!, 'alert_resolved')
    expect(entry.text).toMatch(/^Alert resolved: CloudWatch alarm: prod-orders-unhealthy-hosts/)
  })

  it('accepts an EventBridge event delivered through SNS', async () => {
    const event = {
      'detail-type': 'ECS Deployment State Change',
      source: 'aws.ecs',
      id: 'ev-sns-1',
      time: at(1),
      region: 'us-east-1',
      resources: ['arn:aws:ecs:us-east-1:123456789012:service/shop-prod/catalog'],
      detail: {
        eventType: 'ERROR',
        eventName: 'SERVICE_DEPLOYMENT_FAILED',
        deploymentId: 'ecs-svc/1',
        reason: 'ECS deployment circuit breaker: tasks failed to start.',
      },
    }
    const res = await snsPost(post(sns({ Message: JSON.stringify(event) })))
    expect(res.status).toBe(200)
    const [incident] = await incidentsOf(services.catalog)
    expect(incident.runbookRuns.map((r) => r.runbookId)).toEqual(['deployment-failure'])
  })
})

describe('token sources', () => {
  it('refuse a missing or wrong token with 401 and store nothing', async () => {
    const before = await db.alertPayload.count()
    for (const handler of [webhookPost, eventbridgePost, alertmanagerPost]) {
      expect((await handler(post({ title: 'x' }))).status).toBe(401)
      expect((await handler(post({ title: 'x' }, bearer('not-a-token')))).status).toBe(401)
    }
    // A valid token of another kind is not valid here.
    expect((await webhookPost(post({ title: 'x' }, bearer(tokens.ALERTMANAGER)))).status).toBe(401)
    expect(await db.alertPayload.count()).toBe(before)
  })

  it('a disabled integration is refused and counted; a rotated token replaces the old one', async () => {
    const row = await db.alertIntegration.findUniqueOrThrow({ where: { id: ids.WEBHOOK } })
    await updateIntegration(admin, { id: ids.WEBHOOK, expectedVersion: row.version, enabled: false })
    expect((await webhookPost(post({ title: 'disk filling up' }, bearer(tokens.WEBHOOK)))).status).toBe(401)
    expect((await db.alertIntegration.findUniqueOrThrow({ where: { id: ids.WEBHOOK } })).refusedCount).toBe(1)
    const rotated = await rotateIntegrationToken(admin, { id: ids.WEBHOOK, expectedVersion: row.version + 1 })
    await updateIntegration(admin, { id: ids.WEBHOOK, expectedVersion: rotated.version, enabled: true })
    expect((await webhookPost(post({ title: 'disk filling up' }, bearer(tokens.WEBHOOK)))).status).toBe(401)
    tokens.WEBHOOK = rotated.token
    expect((await webhookPost(post({ title: 'disk filling up' }, bearer(tokens.WEBHOOK)))).status).toBe(200)
  })

  it('malformed bodies are 400 with the reason and kept', async () => {
    const cases: [typeof webhookPost, string, unknown, RegExp][] = [
      [webhookPost, 'WEBHOOK', '{not json', /not JSON/],
      [webhookPost, 'WEBHOOK', { status: 'firing' }, /title/],
      [eventbridgePost, 'EVENTBRIDGE', { 'detail-type': 'ECS Task State Change', source: 'aws.ecs' }, /detail/],
      [alertmanagerPost, 'ALERTMANAGER', { version: '4', alerts: [] }, /alerts/],
    ]
    for (const [handler, kind, body, reason] of cases) {
      const res = await handler(post(body, bearer(tokens[kind])))
      expect(res.status, JSON.stringify(body)).toBe(400)
      expect((await res.json()).message).toMatch(reason)
      const last = (await payloadsOf(kind)).at(-1)!
      expect(last).toMatchObject({ outcome: 'REFUSED' })
      expect(last.reason).toMatch(reason)
    }
  })

  it('EventBridge: a failed deployment declares, and the same event id again is a replay', async () => {
    const event = {
      'detail-type': 'ECS Deployment State Change',
      source: 'aws.ecs',
      id: 'ev-1',
      time: at(1),
      region: 'us-east-1',
      resources: ['arn:aws:ecs:us-east-1:123456789012:service/shop-prod/billing'],
      detail: { eventType: 'ERROR', eventName: 'SERVICE_DEPLOYMENT_FAILED', deploymentId: 'ecs-svc/9', reason: 'rolled back' },
    }
    expect((await eventbridgePost(post(event, { 'x-alert-token': tokens.EVENTBRIDGE }))).status).toBe(200)
    const replay = await eventbridgePost(post(event, bearer(tokens.EVENTBRIDGE)))
    expect((await replay.json()).outcome).toBe('DUPLICATE')
    const incidents = await incidentsOf(services.billing)
    expect(incidents).toHaveLength(1)
    expect(incidents[0].runbookRuns.map((r) => r.runbookId)).toEqual(['deployment-failure'])
    const done = { ...event, id: 'ev-2', detail: { ...event.detail, eventType: 'INFO', eventName: 'SERVICE_DEPLOYMENT_COMPLETED' } }
    expect((await eventbridgePost(post(done, bearer(tokens.EVENTBRIDGE)))).status).toBe(200)
    expect((await db.alert.findFirstOrThrow({ where: { serviceId: services.billing } })).state).toBe('RESOLVED')
  })

  it('EventBridge: stopped tasks count up on one alert and the third is a crash loop that declares', async () => {
    const stop = (n: number) => ({
      'detail-type': 'ECS Task State Change',
      source: 'aws.ecs',
      id: `task-${n}`,
      time: at(3 - n),
      region: 'us-east-1',
      resources: [],
      detail: {
        clusterArn: 'arn:aws:ecs:us-east-1:123456789012:cluster/shop-prod',
        group: 'service:cart',
        lastStatus: 'STOPPED',
        stoppedReason: 'Essential container in task exited',
        stopCode: 'EssentialContainerExited',
        containers: [{ name: 'app', exitCode: 137 }],
      },
    })
    for (const n of [1, 2]) expect((await eventbridgePost(post(stop(n), bearer(tokens.EVENTBRIDGE)))).status).toBe(200)
    expect(await incidentsOf(services.cart)).toHaveLength(0)
    await eventbridgePost(post(stop(3), bearer(tokens.EVENTBRIDGE)))
    const alert = await db.alert.findFirstOrThrow({ where: { serviceId: services.cart } })
    expect(alert).toMatchObject({ count: 3, category: 'crash_loop' })
    const [incident] = await incidentsOf(services.cart)
    expect(incident.runbookRuns.map((r) => r.runbookId)).toEqual(['crash-loop'])
    expect(alert.reason).toContain('app exited 137')
    // A task stopped by a person is not an alert.
    const scaled = {
      ...stop(4),
      detail: { ...stop(4).detail, stopCode: 'UserInitiated', stoppedReason: 'Scaling activity', containers: [{ name: 'app', exitCode: 0 }] },
    }
    const res = await eventbridgePost(post(scaled, bearer(tokens.EVENTBRIDGE)))
    expect((await res.json()).note).toMatch(/stopped normally/)
  })

  it('Alertmanager: the label set is the fingerprint; warnings wait in the inbox; resolved resolves', async () => {
    const alertOf = (status: 'firing' | 'resolved', extra: Record<string, string> = {}) => ({
      version: '4',
      status,
      alerts: [
        {
          status,
          labels: { alertname: 'HighLatency', service: 'payments', cluster: 'shop-prod', severity: 'warning', ...extra },
          annotations: { summary: 'p99 above 1s' },
          startsAt: at(5),
        },
      ],
    })
    for (let i = 0; i < 2; i++) expect((await alertmanagerPost(post(alertOf('firing'), bearer(tokens.ALERTMANAGER)))).status).toBe(200)
    await alertmanagerPost(post(alertOf('firing', { instance: 'b' }), bearer(tokens.ALERTMANAGER)))
    const alerts = await db.alert.findMany({ where: { source: 'alertmanager' }, orderBy: { firstSeenAt: 'asc' } })
    expect(alerts.map((a) => a.count).sort()).toEqual([1, 2])
    expect(alerts.every((a) => a.serviceId === services.payments && a.incidentId === null)).toBe(true)
    await alertmanagerPost(post(alertOf('resolved'), bearer(tokens.ALERTMANAGER)))
    expect((await db.alert.findMany({ where: { source: 'alertmanager', state: 'RESOLVED' } })).length).toBe(1)
  })
})

describe('routing and grouping', () => {
  it('a dev service or a warning goes to the inbox, not to an incident', async () => {
    await webhookPost(post({ title: 'search is down', severity: 'critical', category: 'service_down', service: 'search' }, bearer(tokens.WEBHOOK)))
    await webhookPost(post({ title: 'orders queue growing', severity: 'warning', service: 'payments' }, bearer(tokens.WEBHOOK)))
    expect(await incidentsOf(services.search)).toHaveLength(0)
    expect(await incidentsOf(services.payments)).toHaveLength(0)
    expect(await db.alert.count({ where: { title: { in: ['search is down', 'orders queue growing'] }, incidentId: null } })).toBe(2)
  })

  it('a storm of 25 different alerts on one prod service, in parallel, makes one incident with every alert on it', async () => {
    const storm = Array.from({ length: 25 }, (_, i) =>
      webhookPost(
        post(
          {
            title: `payments down on host ${i}`,
            fingerprint: `pay-${i}`,
            severity: 'critical',
            category: 'service_down',
            service: 'payments',
            cluster: 'shop-prod',
          },
          bearer(tokens.WEBHOOK),
        ),
      ),
    )
    const answers = await Promise.all(storm)
    expect(answers.map((r) => r.status)).toEqual(Array(25).fill(200))
    const incidents = await incidentsOf(services.payments)
    expect(incidents).toHaveLength(1)
    const stormAlerts = await db.alert.findMany({ where: { fingerprint: { startsWith: 'webhook:pay-' } } })
    expect(stormAlerts).toHaveLength(25)
    expect(stormAlerts.every((a) => a.incidentId === incidents[0].id)).toBe(true)
    expect(await entries(incidents[0].id, 'alert')).toHaveLength(25)
    expect(incidents[0].runbookRuns).toHaveLength(1)
  })

  it('a later alert for a service with an open incident attaches to it', async () => {
    const res = await webhookPost(post({ title: 'payments latency high', severity: 'warning', service: 'payments' }, bearer(tokens.WEBHOOK)))
    const [alert] = (await res.json()).alerts
    expect(alert.routed).toBe('attached')
    const [incident] = await incidentsOf(services.payments)
    expect(alert.incidentId).toBe(incident.id)
  })
})

describe('the inbox', () => {
  it('lists alerts without an incident; acknowledge, silence (a silenced alert firing again stays out of incidents) and attach', async () => {
    const inbox = await listInbox(admin.actor)
    const queue = inbox.find((a) => a.title === 'orders queue growing')!
    expect(queue).toBeTruthy()
    expect(inbox.every((a) => !a.title.startsWith('payments down on host'))).toBe(true)
    const acked = await acknowledgeAlert(admin, { alertId: queue.id, expectedVersion: queue.version })
    await expect(acknowledgeAlert(admin, { alertId: queue.id, expectedVersion: queue.version })).rejects.toMatchObject({ code: 'CONFLICT' })

    const ledger = (
      await db.service.create({
        data: { name: 'ledger', environment: 'PROD', region: 'us-east-1', cluster: 'shop-prod', ecsServiceName: 'ledger', team: 'shop' },
      })
    ).id
    const ledgerAlert = { title: 'ledger slow', fingerprint: 'ledger-1', severity: 'warning', service: 'ledger', cluster: 'shop-prod' }
    await webhookPost(post(ledgerAlert, bearer(tokens.WEBHOOK)))
    const waiting = (await listInbox(admin.actor)).find((a) => a.title === 'ledger slow')!
    await silenceAlert(admin, { alertId: waiting.id, expectedVersion: waiting.version, minutes: 60, reason: 'known, being fixed' }, NOW)
    const audit = await db.auditEvent.findFirstOrThrow({ where: { action: 'alert.alert.silence', targetId: waiting.id } })
    expect(audit.reason).toBe('known, being fixed')
    // The same alert now critical and service-down would declare; silenced, it waits.
    const res = await webhookPost(post({ ...ledgerAlert, severity: 'critical', category: 'service_down' }, bearer(tokens.WEBHOOK)))
    expect((await res.json()).alerts[0].routed).toBe('inbox')
    expect(await incidentsOf(ledger)).toHaveLength(0)

    const [incident] = await incidentsOf(services.payments)
    await attachAlert(admin, { alertId: queue.id, expectedVersion: acked.version, incidentId: incident.id })
    expect((await db.alert.findUniqueOrThrow({ where: { id: queue.id } })).incidentId).toBe(incident.id)
    expect((await entries(incident.id, 'alert')).at(-1)!.text).toMatch(/^Alert attached by Ada: orders queue growing/)
    expect((await listInbox(admin.actor)).some((a) => a.id === queue.id)).toBe(false)
  })
})
