// Simulated SNS over real HTTP: the subscription handshake, signed Notifications for alarm
// changes and ECS events (checked with the certificate the simulator serves, and read by the
// app's own parsers), and retries when the endpoint fails.
import { createVerify, X509Certificate } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseSnsMessage } from '@/lib/alerts/parse'
import { manualClock } from './clock'
import { startSimulator, type SimulatorHandle } from './server'

type Envelope = Record<string, string>

let sim: SimulatorHandle
let server: Server
let endpoint: string
const received: Envelope[] = []
let failNext = 0

const TOPIC = 'arn:aws:sns:us-east-1:123456789012:shop-prod-alerts'

function signedText(m: Envelope) {
  const keys =
    m.Type === 'Notification'
      ? ['Message', 'MessageId', 'Subject', 'Timestamp', 'TopicArn', 'Type']
      : ['Message', 'MessageId', 'SubscribeURL', 'Timestamp', 'Token', 'TopicArn', 'Type']
  return keys
    .filter((k) => m[k] !== undefined)
    .map((k) => `${k}\n${m[k]}\n`)
    .join('')
}

async function verify(m: Envelope) {
  const pem = await (await fetch(m.SigningCertURL)).text()
  return createVerify('RSA-SHA256').update(signedText(m), 'utf8').verify(new X509Certificate(pem).publicKey, m.Signature, 'base64')
}

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = ''
    req.on('data', (c) => (body += c))
    req.on('end', () => {
      if (failNext > 0) {
        failNext--
        res.writeHead(503).end()
        return
      }
      received.push(JSON.parse(body) as Envelope)
      res.writeHead(200).end()
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/alerts/sns`
  sim = await startSimulator({ clock: manualClock(Date.UTC(2025, 0, 15, 12, 0, 20)), seed: 3, snsRetryDelayMs: 5 })
})
afterAll(async () => {
  await sim.stop()
  server.close()
})

describe('simulated SNS', () => {
  it('confirms a subscription through a signed SubscriptionConfirmation whose SubscribeURL is on the simulator', async () => {
    const res = await fetch(`${sim.url}/_sim/sns/subscribe`, { method: 'POST', body: JSON.stringify({ cluster: 'shop-prod', endpoint }) })
    expect(res.status).toBe(201)
    expect(((await res.json()) as { subscription: { status: string } }).subscription.status).toBe('pending')
    await sim.sns.idle()
    const confirmation = received.find((m) => m.Type === 'SubscriptionConfirmation')!
    expect(confirmation).toMatchObject({ TopicArn: TOPIC, SignatureVersion: '2' })
    expect(confirmation.SigningCertURL).toBe(`${sim.url}/_sim/sns/SimpleNotificationService-simulator.pem`)
    expect(await verify(confirmation)).toBe(true)
    expect(await verify({ ...confirmation, Token: 'forged' })).toBe(false)
    // Nothing is published to a pending subscription.
    expect(sim.sns.list()[0].status).toBe('pending')
    const confirmed = await fetch(confirmation.SubscribeURL)
    expect(confirmed.status).toBe(200)
    expect(await confirmed.text()).toContain('<SubscriptionArn>arn:aws:sns:us-east-1:123456789012:shop-prod-alerts:')
    expect(sim.sns.list()[0].status).toBe('confirmed')
    expect(
      (await fetch(`${sim.url}/_sim/sns/subscribe`, { method: 'POST', body: JSON.stringify({ topicArn: 'arn:aws:sns:us-east-1:1:nope', endpoint }) })).status,
    ).toBe(404)
  })

  it('publishes stopped tasks and the alarm of a crash loop, signed, in the shapes the app reads', async () => {
    received.length = 0
    sim.scenarios.inject({ cluster: 'shop-prod', service: 'orders-api', scenario: 'crash_loop' })
    for (let i = 0; i < 8; i++) sim.advance(60_000)
    await sim.sns.idle()
    const notifications = received.filter((m) => m.Type === 'Notification')
    for (const m of notifications) expect(await verify(m)).toBe(true)
    const now = new Date(sim.now())
    const parsed = notifications.map((m) => ({ subject: m.Subject, signals: parseSnsMessage(m.Message, now).signals }))
    const tasks = parsed.filter((p) => p.signals[0]?.category === 'task_stopped')
    expect(tasks.length).toBeGreaterThanOrEqual(3)
    expect(tasks[0].subject).toBeUndefined()
    expect(tasks[0].signals[0]).toMatchObject({ state: 'FIRING', severity: 'CRITICAL', hint: { cluster: 'shop-prod', serviceName: 'orders-api' } })
    expect(tasks[0].signals[0].reason).toContain('Essential container in task exited')
    const alarm = parsed.find((p) => p.subject === 'ALARM: "shop-prod-orders-api-no-running-tasks" in US East (N. Virginia)')
    expect(alarm?.signals[0]).toMatchObject({
      state: 'FIRING',
      category: 'service_down',
      fingerprint: 'alarm:arn:aws:cloudwatch:us-east-1:123456789012:alarm:shop-prod-orders-api-no-running-tasks',
      hint: { cluster: 'shop-prod', serviceName: 'orders-api', region: 'us-east-1' },
    })
    expect(alarm?.signals[0].reason).toMatch(/^Threshold Crossed: 2 out of the last 2 datapoints .* were less than the threshold \(1\)/)
    // Nothing of shop-dev reaches a subscriber of shop-prod's topic.
    expect(notifications.every((m) => m.TopicArn === TOPIC)).toBe(true)

    received.length = 0
    sim.scenarios.clear()
    for (let i = 0; i < 3; i++) sim.advance(60_000)
    await sim.sns.idle()
    const ok = received.find((m) => m.Subject === 'OK: "shop-prod-orders-api-no-running-tasks" in US East (N. Virginia)')
    expect(parseSnsMessage(ok!.Message, new Date(sim.now())).signals[0]).toMatchObject({ state: 'RESOLVED' })
  })

  it('retries a failed delivery and gives up after four attempts, without holding up the simulation', async () => {
    received.length = 0
    failNext = 2
    sim.scenarios.inject({ cluster: 'shop-prod', service: 'payments-api', scenario: 'crash_loop' })
    sim.advance(60_000) // returns before any delivery is tried
    await sim.sns.idle()
    const tried = sim.sns.recent().filter((d) => d.type === 'Notification' && d.subject === undefined && d.attempts > 1)
    expect(tried[0]).toMatchObject({ status: 'delivered', attempts: 3, httpStatus: 200 })

    failNext = 100
    sim.advance(60_000)
    await sim.sns.idle()
    const last = sim.sns.recent().at(-1)!
    expect(last).toMatchObject({ status: 'failed', attempts: 4, httpStatus: 503 })
    failNext = 0
    sim.scenarios.clear()
  })

  it('stops publishing once unsubscribed, telling the endpoint', async () => {
    received.length = 0
    const res = await fetch(`${sim.url}/_sim/sns/subscriptions`, { method: 'DELETE' })
    expect(await res.json()).toEqual({ removed: 1 })
    await sim.sns.idle()
    expect(received.map((m) => m.Type)).toEqual(['UnsubscribeConfirmation'])
    sim.scenarios.inject({ cluster: 'shop-prod', service: 'orders-api', scenario: 'crash_loop' })
    sim.advance(120_000)
    await sim.sns.idle()
    expect(received).toHaveLength(1)
  })
})
