// Which signing certificates the app trusts: SNS's own hosts always; the built-in simulator's
// only in simulated mode, and only on its exact origin. Messages here are signed for real by
// a running simulator (lib/simulator/sns.ts) and checked with the certificate it serves.
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'

// No configuration: as with real AWS, nothing names a simulator (AWS_MODE is unset).
vi.hoisted(() => {
  process.env.SKIP_ENV_VALIDATION = '1'
})
import { startSimulator, type SimulatorHandle } from '@/lib/simulator'
import { confirmSubscription, isSimulatorSnsUrl, parseSnsEnvelope, simulatorSnsOrigin, verifySnsSignature, type SnsEnvelope } from './sns'

let sim: SimulatorHandle
let server: Server
const received: SnsEnvelope[] = []

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = ''
    req.on('data', (c) => (body += c))
    req.on('end', () => {
      received.push(parseSnsEnvelope(JSON.parse(body)))
      res.writeHead(200).end()
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  sim = await startSimulator({ rateLimits: false })
  sim.sns.subscribe(sim.sns.topicOf('shop-prod', 'us-east-1'), `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/alerts/sns`)
  await sim.sns.idle()
})
afterAll(async () => {
  await sim.stop()
  server.close()
})

describe('the simulator as a signer', () => {
  it('is trusted only in simulated mode, with the simulator configured', () => {
    const url = 'http://127.0.0.1:4566'
    expect(simulatorSnsOrigin({ AWS_MODE: 'simulated', AWS_SIMULATOR_URL: url })).toBe(url)
    expect(simulatorSnsOrigin({ AWS_MODE: 'aws', AWS_SIMULATOR_URL: url })).toBeNull()
    expect(simulatorSnsOrigin({ AWS_SIMULATOR_URL: url })).toBeNull()
    expect(simulatorSnsOrigin({ AWS_MODE: 'simulated' })).toBeNull()
    // The tests' own configuration is not simulated mode.
    expect(simulatorSnsOrigin()).toBeNull()
  })

  it('is trusted on its exact origin and SNS paths only', () => {
    const origin = 'http://127.0.0.1:4566'
    const cert = `${origin}/_sim/sns/SimpleNotificationService-simulator.pem`
    expect(isSimulatorSnsUrl(cert, origin, 'cert')).toBe(true)
    expect(isSimulatorSnsUrl(cert, null, 'cert')).toBe(false)
    expect(isSimulatorSnsUrl(cert.replace('4566', '4567'), origin, 'cert')).toBe(false)
    expect(isSimulatorSnsUrl(cert.replace('127.0.0.1', 'localhost'), origin, 'cert')).toBe(false)
    expect(isSimulatorSnsUrl(cert.replace('http:', 'https:'), origin, 'cert')).toBe(false)
    expect(isSimulatorSnsUrl(`${origin}/_sim/scenarios`, origin, 'cert')).toBe(false)
    expect(isSimulatorSnsUrl(`http://user:pw@127.0.0.1:4566/_sim/sns/SimpleNotificationService-simulator.pem`, origin, 'cert')).toBe(false)
    expect(isSimulatorSnsUrl(`${origin}/_sim/sns/confirm?Token=x`, origin, 'confirm')).toBe(true)
    expect(isSimulatorSnsUrl(`${origin}/_sim/sns/confirm?Token=x`, origin, 'cert')).toBe(false)
  })

  it("refuses the simulator's signature unless in simulated mode for that simulator, and accepts it then", async () => {
    const m = received.find((x) => x.Type === 'SubscriptionConfirmation')!
    expect(m.SigningCertURL.startsWith(sim.url)).toBe(true)
    const now = new Date()
    const origin = new URL(sim.url).origin
    // Real AWS (the tests' configuration), or no simulator: the URL is refused before any fetch.
    expect(await verifySnsSignature(m, now)).toEqual({ ok: false, reason: 'SigningCertURL is not an https .pem on sns.<region>.amazonaws.com' })
    expect(await verifySnsSignature(m, now, { simulatorOrigin: null })).toMatchObject({ ok: false })
    expect(await verifySnsSignature(m, now, { simulatorOrigin: 'http://127.0.0.1:1' })).toMatchObject({ ok: false })
    expect(await verifySnsSignature(m, now, { simulatorOrigin: origin })).toEqual({ ok: true })
    expect(await verifySnsSignature({ ...m, Message: `${m.Message} (changed)` }, now, { simulatorOrigin: origin })).toEqual({
      ok: false,
      reason: 'the signature does not match the message',
    })
  })

  it('confirms a subscription on the simulator only in simulated mode', async () => {
    const m = received.find((x) => x.Type === 'SubscriptionConfirmation')!
    expect(await confirmSubscription(m.SubscribeURL!)).toMatchObject({ ok: false })
    expect(await confirmSubscription(m.SubscribeURL!, null)).toMatchObject({ ok: false })
    expect(sim.sns.list()[0].status).toBe('pending')
    expect(await confirmSubscription(m.SubscribeURL!, new URL(sim.url).origin)).toEqual({ ok: true })
    expect(sim.sns.list()[0].status).toBe('confirmed')
  })
})
