import 'server-only'
// One TLS handshake with a health URL's host, from the app itself (node:tls), to read the
// certificate it serves. Nothing is refused during the handshake: the chain and the name are
// checked and reported, so an expired or mismatched certificate is observed, not an error.
import { checkServerIdentity, connect } from 'node:tls'
import type { CertificateObservation } from './rules'

export type CheckOptions = {
  /** Trusted CAs (PEM), in place of the default store. Default: Node's own store (its bundled public roots, plus NODE_EXTRA_CA_CERTS, or the system store with --use-openssl-ca). */
  ca?: string[]
  /** Connect here instead of the URL's host and port (the simulator serves every demo host); the name sent (SNI) and checked stays the URL's host. */
  connectTo?: { host: string; port: number }
  timeoutMs?: number
}

const isoOf = (text: string | undefined) => {
  const t = text ? Date.parse(text) : NaN
  return Number.isFinite(t) ? new Date(t).toISOString() : null
}

const nameOf = (fields: Record<string, string | string[]> | undefined) => {
  if (!fields) return null
  const pick = (k: string) => (Array.isArray(fields[k]) ? (fields[k] as string[]).join(', ') : (fields[k] as string | undefined))
  return pick('CN') ?? pick('O') ?? null
}

export function checkCertificate(url: string, opts: CheckOptions = {}): Promise<CertificateObservation> {
  const parsed = new URL(url)
  const host = parsed.hostname.replace(/^\[|\]$/g, '')
  const port = parsed.port ? Number(parsed.port) : 443
  const base: CertificateObservation = {
    url,
    host,
    port,
    reachable: false,
    error: null,
    subject: null,
    issuer: null,
    validFrom: null,
    validTo: null,
    chainValid: null,
    chainError: null,
    hostnameMatch: null,
    hostnameError: null,
  }
  const isIp = /^[\d.]+$|:/.test(host)
  return new Promise((resolve) => {
    let settled = false
    const done = (obs: CertificateObservation) => {
      if (settled) return
      settled = true
      socket.destroy()
      resolve(obs)
    }
    const socket = connect({
      host: opts.connectTo?.host ?? host,
      port: opts.connectTo?.port ?? port,
      servername: isIp ? undefined : host,
      ca: opts.ca,
      rejectUnauthorized: false,
      // Checked below and reported, not enforced here.
      checkServerIdentity: () => undefined,
      ALPNProtocols: ['http/1.1'],
    })
    socket.setTimeout(opts.timeoutMs ?? 5_000, () => done({ ...base, error: `no TLS answer within ${opts.timeoutMs ?? 5_000} ms` }))
    socket.once('error', (err: NodeJS.ErrnoException) => done({ ...base, error: err.code ? `${err.code}: ${err.message}` : err.message }))
    socket.once('secureConnect', () => {
      const cert = socket.getPeerCertificate(false)
      if (!cert || !cert.valid_to) return done({ ...base, error: 'the server sent no certificate' })
      const identity = checkServerIdentity(host, cert)
      const chainError = socket.authorizationError ? String((socket.authorizationError as NodeJS.ErrnoException).code ?? socket.authorizationError) : null
      done({
        ...base,
        reachable: true,
        subject: nameOf(cert.subject as unknown as Record<string, string>),
        issuer: nameOf(cert.issuer as unknown as Record<string, string>),
        validFrom: isoOf(cert.valid_from),
        validTo: isoOf(cert.valid_to),
        chainValid: socket.authorized,
        chainError: socket.authorized ? null : chainError,
        hostnameMatch: !identity,
        hostnameError: identity ? identity.message : null,
      })
    })
  })
}
