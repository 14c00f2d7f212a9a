// The simulator's TLS endpoint: an HTTPS server that answers for every demo health URL host
// (orders-api.shop.example.com, ...) with a certificate it issues itself from its own CA, so
// the app's certificate checks run a real handshake in the demo. The app connects here with
// the real host name as SNI (AWS_SIMULATOR_TLS) and trusts the CA only in simulated mode
// (AWS_SIMULATOR_CA_FILE, written by the launcher).
//
// Validity is on the real clock, not the simulated one: TLS clients judge a certificate
// against their own clock. A host whose service runs the certificate_expiring scenario gets a
// certificate that ends `daysValid` days (default 5) after it was issued.
import { createServer } from 'node:https'
import type { AddressInfo } from 'node:net'
import { createSecureContext, type SecureContext } from 'node:tls'
import { generate } from 'selfsigned'
import { demoServices } from './demo-fleet'
import type { ActiveScenario } from './scenarios'
import { DEFAULT_EXPIRING_DAYS } from './tls-scenarios'

const DAY_MS = 86_400_000
/** A little over the whole days, so a certificate issued for N days reads "N days" at first. */
const MARGIN_MS = 60 * 60_000

export type TlsEndpointOptions = {
  host?: string
  /** 0 or omitted: a free port. */
  port?: number
  /** Days a normal certificate is valid (default 90). */
  daysValid?: number
  /** Health URL host → the service it belongs to (default: the demo fleet's). */
  hosts?: Map<string, { cluster: string; service: string }>
  /** The simulator's active scenarios (handle.scenarios.list). */
  scenarios: () => ActiveScenario[]
}

export type TlsEndpoint = { host: string; port: number; address: string; caPem: string; stop(): Promise<void> }

/** The demo fleet's health URL hosts and their services. */
export function demoHealthHosts() {
  const hosts = new Map<string, { cluster: string; service: string }>()
  for (const s of demoServices()) if (s.healthUrl) hosts.set(new URL(s.healthUrl).hostname, { cluster: s.cluster, service: s.ecsServiceName })
  return hosts
}

async function makeCa() {
  const now = Date.now()
  return generate([{ name: 'commonName', value: 'Incident Command AWS simulator CA' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    notBeforeDate: new Date(now - DAY_MS),
    notAfterDate: new Date(now + 3650 * DAY_MS),
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
    ],
  })
}

export async function startTlsEndpoint(opts: TlsEndpointOptions): Promise<TlsEndpoint> {
  const ca = await makeCa()
  const hosts = opts.hosts ?? demoHealthHosts()
  const normalDays = opts.daysValid ?? 90
  const contexts = new Map<string, Promise<SecureContext>>()

  async function issue(host: string, days: number) {
    const now = Date.now()
    const leaf = await generate([{ name: 'commonName', value: host }], {
      keyType: 'ec',
      algorithm: 'sha256',
      notBeforeDate: new Date(now - MARGIN_MS),
      notAfterDate: new Date(now + days * DAY_MS + MARGIN_MS),
      ca: { key: ca.private, cert: ca.cert },
      extensions: [
        { name: 'basicConstraints', cA: false, critical: true },
        { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
        { name: 'extKeyUsage', serverAuth: true },
        { name: 'subjectAltName', altNames: [{ type: 2, value: host }] },
      ],
    })
    return { key: leaf.private, cert: leaf.cert }
  }

  function daysFor(host: string) {
    const owner = hosts.get(host)
    const expiring = owner && opts.scenarios().find((a) => a.scenario === 'certificate_expiring' && a.cluster === owner.cluster && a.service === owner.service)
    return expiring ? (expiring.options.daysValid ?? DEFAULT_EXPIRING_DAYS) : normalDays
  }

  /** One certificate per host and validity (a scenario's is issued when it starts to be asked for). */
  function contextFor(host: string) {
    const days = daysFor(host)
    const key = `${host}|${days}|${hosts.get(host) ? 'known' : 'other'}`
    let ctx = contexts.get(key)
    if (!ctx) {
      ctx = issue(host, days).then((pems) => createSecureContext(pems))
      contexts.set(key, ctx)
      ctx.catch(() => contexts.delete(key))
    }
    return ctx
  }

  const fallback = await issue('simulator.invalid', normalDays)
  const server = createServer(
    {
      // Without SNI (an IP address): a certificate for no demo host.
      ...fallback,
      SNICallback: (servername, cb) => {
        contextFor(servername.toLowerCase()).then(
          (ctx) => cb(null, ctx),
          (err: Error) => cb(err),
        )
      },
    },
    (req, res) => {
      const owner = hosts.get((req.headers.host ?? '').split(':')[0])
      res.writeHead(owner ? 200 : 404, { 'content-type': 'application/json' })
      res.end(JSON.stringify(owner ? { status: 'ok', ...owner } : { error: 'unknown host' }))
    },
  )
  const host = opts.host ?? '127.0.0.1'
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  const port = (server.address() as AddressInfo).port
  return {
    host,
    port,
    address: `${host}:${port}`,
    caPem: ca.cert,
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()))
        server.closeAllConnections()
      }),
  }
}
