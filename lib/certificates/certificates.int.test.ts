// Certificate checks against real TLS servers made here (selfsigned, our own CA), and the
// simulator's TLS endpoint with its "certificate about to expire" scenario, through the
// shared-cache check of the catalog's health URLs. Validity is on the real clock (TLS
// clients judge it so); every assertion is relative to the `now` the test reads once.
import { createServer, type Server } from 'node:https'
import type { AddressInfo } from 'node:net'
import { generate } from 'selfsigned'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { db } from '@/lib/db/client'
import { startSimulator, type SimulatorHandle } from '@/lib/simulator'
import { startTlsEndpoint, type TlsEndpoint } from '@/lib/simulator/tls-endpoint'
import { checkCertificate } from './check'
import { checkCertificatesNow, getCertificates } from './queries'
import { assessCertificate } from './rules'

const DAY = 86_400_000
const HOUR = 3_600_000
const servers: Server[] = []

async function makeCa(name: string) {
  return generate([{ name: 'commonName', value: name }], {
    keyType: 'ec',
    algorithm: 'sha256',
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    ],
  })
}

async function serve(ca: { private: string; cert: string }, host: string, from: number, to: number) {
  const leaf = await generate([{ name: 'commonName', value: host }], {
    keyType: 'ec',
    algorithm: 'sha256',
    notBeforeDate: new Date(from),
    notAfterDate: new Date(to),
    ca: { key: ca.private, cert: ca.cert },
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: [{ type: 2, value: host }] },
    ],
  })
  const server = createServer({ key: leaf.private, cert: leaf.cert }, (_req, res) => res.end('ok'))
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  servers.push(server)
  return `https://localhost:${(server.address() as AddressInfo).port}/healthz`
}

let now: Date
let trusted: Awaited<ReturnType<typeof makeCa>>
let sim: SimulatorHandle
let tls: TlsEndpoint

beforeAll(async () => {
  now = new Date()
  trusted = await makeCa('Test CA')
  sim = await startSimulator({ host: '127.0.0.1', rateLimits: false })
  tls = await startTlsEndpoint({ scenarios: () => sim.scenarios.list() })
})

afterAll(async () => {
  for (const s of servers) s.close()
  await tls.stop()
  await sim.stop()
  await db.$disconnect()
})

describe('checkCertificate against real TLS servers', () => {
  const check = (url: string) => checkCertificate(url, { ca: [trusted.cert], timeoutMs: 3_000 })

  it('valid: trusted chain, the right name, 90 days', async () => {
    const url = await serve(trusted, 'localhost', now.getTime() - DAY, now.getTime() + 90 * DAY + HOUR)
    const obs = await check(url)
    expect(obs).toMatchObject({ reachable: true, chainValid: true, hostnameMatch: true, subject: 'localhost', issuer: 'Test CA' })
    expect(assessCertificate(url, obs, now)).toEqual({ status: 'healthy', reason: 'valid for 90 days', daysLeft: 90 })
  })

  it('near expiry: 5 days left is degraded', async () => {
    const url = await serve(trusted, 'localhost', now.getTime() - DAY, now.getTime() + 5 * DAY + HOUR)
    expect(assessCertificate(url, await check(url), now)).toEqual({ status: 'degraded', reason: 'expires in 5 days (under 14)', daysLeft: 5 })
  })

  it('expired: critical, and the handshake still tells the date', async () => {
    const url = await serve(trusted, 'localhost', now.getTime() - 40 * DAY, now.getTime() - 2 * DAY - HOUR)
    const obs = await check(url)
    expect(obs).toMatchObject({ reachable: true, chainValid: false, chainError: 'CERT_HAS_EXPIRED' })
    expect(assessCertificate(url, obs, now)).toMatchObject({ status: 'critical', daysLeft: -3, reason: expect.stringMatching(/^expired \d{4}-\d\d-\d\d$/) })
  })

  it('wrong hostname: critical', async () => {
    const url = await serve(trusted, 'elsewhere.example.com', now.getTime() - DAY, now.getTime() + 90 * DAY)
    const obs = await check(url)
    expect(obs).toMatchObject({ chainValid: true, hostnameMatch: false })
    expect(obs.hostnameError).toContain('localhost')
    expect(assessCertificate(url, obs, now)).toMatchObject({ status: 'critical', reason: 'does not cover localhost' })
  })

  it('untrusted chain: a CA nobody trusts is critical', async () => {
    const stranger = await makeCa('Stranger CA')
    const url = await serve(stranger, 'localhost', now.getTime() - DAY, now.getTime() + 90 * DAY)
    const obs = await check(url)
    expect(obs).toMatchObject({ reachable: true, chainValid: false, hostnameMatch: true })
    expect(assessCertificate(url, obs, now)).toMatchObject({ status: 'critical', reason: expect.stringMatching(/^untrusted chain \(/) })
    // The system's public roots do not know our test CA either.
    const url2 = await serve(trusted, 'localhost', now.getTime() - DAY, now.getTime() + 90 * DAY)
    expect(await checkCertificate(url2, { timeoutMs: 3_000 })).toMatchObject({ chainValid: false })
  })

  it('unreachable: unknown, never healthy', async () => {
    const closed = createServer()
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r))
    const port = (closed.address() as AddressInfo).port
    await new Promise((r) => closed.close(r))
    const url = `https://localhost:${port}/healthz`
    const obs = await check(url)
    expect(obs).toMatchObject({ reachable: false, validTo: null })
    expect(obs.error).toContain('ECONNREFUSED')
    expect(assessCertificate(url, obs, now)).toMatchObject({ status: 'unknown' })
  })
})

describe('the catalog check, with the simulator TLS endpoint', () => {
  it('stores every https health URL with its time; the scenario re-serves a 5-day certificate', async () => {
    const base = { environment: 'PROD' as const, region: 'us-east-1', cluster: 'shop-prod', team: 'commerce' }
    const orders = await db.service.create({
      data: { ...base, name: 'orders-api', ecsServiceName: 'orders-api', healthUrl: 'https://orders-api.shop.example.com/healthz' },
    })
    const payments = await db.service.create({
      data: { ...base, name: 'payments-api', ecsServiceName: 'payments-api', healthUrl: 'https://payments-api.shop.example.com/healthz' },
    })
    const plain = await db.service.create({ data: { ...base, name: 'legacy', ecsServiceName: 'legacy', healthUrl: 'http://legacy.internal/healthz' } })
    const actor = { id: '00000000-0000-4000-8000-000000000009', email: 'v@example.com', name: 'V', role: 'VIEWER' as const }
    const check = { ca: [tls.caPem], connectTo: { host: tls.host, port: tls.port }, timeoutMs: 3_000 }

    const first = await checkCertificatesNow(actor, { check })
    const row = (id: string, view = first) => view.rows.find((r) => r.serviceId === id)!
    expect(first.checkedAt).not.toBeNull()
    expect(row(orders.id)).toMatchObject({ status: 'healthy', daysLeft: 90, issuer: 'Incident Command AWS simulator CA', host: 'orders-api.shop.example.com' })
    expect(Date.parse(row(orders.id).checkedAt!)).toBeGreaterThanOrEqual(now.getTime())
    expect(row(plain.id)).toMatchObject({ status: 'not_applicable', checkedAt: null })

    sim.scenarios.inject({ cluster: 'shop-prod', service: 'orders-api', scenario: 'certificate_expiring' })
    // The stored result stays what was seen until the next check: never a guess.
    expect(row(orders.id, await getCertificates(actor, { check }))).toMatchObject({ status: 'healthy' })
    const after = await checkCertificatesNow(actor, { check, reuseMs: 1 })
    expect(row(orders.id, after)).toMatchObject({ status: 'degraded', daysLeft: 5, reason: 'expires in 5 days (under 14)' })
    expect(row(payments.id, after)).toMatchObject({ status: 'healthy' })
    expect(Date.parse(after.checkedAt!)).toBeGreaterThan(Date.parse(first.checkedAt!))

    // The simulator CA is not one of the public roots: without it, the demo chain is untrusted.
    const untrusted = await checkCertificate('https://orders-api.shop.example.com/healthz', { connectTo: check.connectTo, timeoutMs: 3_000 })
    expect(untrusted).toMatchObject({ chainValid: false, hostnameMatch: true })
    // One service's rows only.
    expect((await getCertificates(actor, { serviceId: orders.id, check })).rows.map((r) => r.serviceId)).toEqual([orders.id])
  })
})
