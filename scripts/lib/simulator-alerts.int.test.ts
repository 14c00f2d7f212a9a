// What `npm start` does beside the simulator: the SNS integration made once (audited), then
// the app's endpoint subscribed and confirmed by the app's own receiver, over real HTTP.
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { snsReceiver } from '../../lib/alerts/receive'
import { db } from '../../lib/db/client'
import { startSimulator, type SimulatorHandle } from '../../lib/simulator'
import { ensureSimulatorIntegration, SIMULATOR_INTEGRATION_NAME, subscribeWhenUp } from './simulator-alerts'

let sim: SimulatorHandle
let app: Server
let appUrl: string

beforeAll(async () => {
  sim = await startSimulator({ rateLimits: false })
  const receive = snsReceiver({ simulatorOrigin: new URL(sim.url).origin })
  // A stand-in for the app's server: its health route, and the real SNS receiver.
  app = createServer((req, res) => {
    if (req.url === '/api/health') return void res.writeHead(200).end('{}')
    let body = ''
    req.on('data', (c) => (body += c))
    req.on('end', async () => {
      const answer = await receive(new Request(`http://localhost${req.url}`, { method: 'POST', body }))
      res.writeHead(answer.status).end(await answer.text())
    })
  })
  await new Promise<void>((r) => app.listen(0, '127.0.0.1', r))
  appUrl = `http://127.0.0.1:${(app.address() as AddressInfo).port}`
})

afterAll(async () => {
  await sim.stop()
  await new Promise((r) => app.close(r))
  await db.$disconnect()
})

describe('npm start with the simulator', () => {
  it('makes the SNS integration once, allowing the simulator’s topics, audited', async () => {
    const topics = sim.sns.topics()
    expect(topics).toEqual(['arn:aws:sns:us-east-1:123456789012:shop-dev-alerts', 'arn:aws:sns:us-east-1:123456789012:shop-prod-alerts'])
    expect(await ensureSimulatorIntegration(db, topics)).toBe('created')
    expect(await ensureSimulatorIntegration(db, topics)).toBe('unchanged')
    const rows = await db.alertIntegration.findMany()
    expect(rows).toMatchObject([{ name: SIMULATOR_INTEGRATION_NAME, kind: 'SNS', topicArns: topics, enabled: true }])
    expect(await db.auditEvent.count({ where: { action: 'admin.alert_integration.create', targetId: rows[0].id } })).toBe(1)
  })

  it('subscribes the app to every topic once it answers, and the app confirms', async () => {
    const lines: string[] = []
    await subscribeWhenUp(sim, { appUrl, log: (l) => lines.push(l), stopped: () => false, confirmMs: 10_000 })
    expect(sim.sns.list().map((s) => [s.topicArn, s.status])).toEqual(sim.sns.topics().map((t) => [t, 'confirmed']))
    expect(lines).toEqual([expect.stringContaining(`simulated alarms and ECS events publish to ${appUrl}/api/alerts/sns`)])
  })
})
