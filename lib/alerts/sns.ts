import 'server-only'
// Amazon SNS messages: the envelope, the signature (SignatureVersion 1 = SHA1withRSA,
// 2 = SHA256withRSA) checked against the certificate at SigningCertURL, and the one
// outbound call SNS asks for (confirming a subscription). Certificates are fetched only
// from https://sns.<region>.amazonaws.com (or .amazonaws.com.cn), through the outbound
// guard, outside any transaction, and kept in memory by URL. In simulated mode only
// (AWS_MODE=simulated and AWS_SIMULATOR_URL set), the built-in simulator's SNS paths on that
// exact origin are trusted as well (lib/simulator/sns.ts signs like SNS with its own key).
import { createVerify, X509Certificate } from 'node:crypto'
import { z } from 'zod'
import { env } from '@/lib/env'
import { getUrl } from '@/lib/security/outbound'
import { PayloadError } from './parse'

const snsEnvelope = z.object({
  Type: z.enum(['Notification', 'SubscriptionConfirmation', 'UnsubscribeConfirmation']),
  MessageId: z.string().min(1).max(100),
  TopicArn: z.string().min(1).max(300),
  Subject: z.string().optional(),
  Message: z.string(),
  Timestamp: z.string().min(1),
  SignatureVersion: z.enum(['1', '2']),
  Signature: z.string().min(1),
  SigningCertURL: z.string().min(1),
  SubscribeURL: z.string().optional(),
  Token: z.string().optional(),
  UnsubscribeURL: z.string().optional(),
})
export type SnsEnvelope = z.infer<typeof snsEnvelope>

export function parseSnsEnvelope(value: unknown): SnsEnvelope {
  const parsed = snsEnvelope.safeParse(value)
  if (!parsed.success) throw new PayloadError(`Not an SNS message: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ')}`)
  return parsed.data
}

/** The only hosts SNS signs from and sends subscription links on. */
const snsHost = /^sns\.[a-z0-9-]+\.amazonaws\.com(\.cn)?$/

/** Whether a URL is https on an SNS regional host (no port, no credentials). */
export function isSnsUrl(raw: string | undefined, opts: { pem?: boolean } = {}): boolean {
  if (!raw) return false
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    return false
  }
  if (url.protocol !== 'https:' || url.port || url.username || url.password || !snsHost.test(url.hostname)) return false
  return opts.pem ? url.pathname.endsWith('.pem') : true
}

/** The text SNS signs: the listed keys, in this order, as "Key\nValue\n", absent keys left out. */
export function stringToSign(m: SnsEnvelope): string {
  const keys =
    m.Type === 'Notification'
      ? (['Message', 'MessageId', 'Subject', 'Timestamp', 'TopicArn', 'Type'] as const)
      : (['Message', 'MessageId', 'SubscribeURL', 'Timestamp', 'Token', 'TopicArn', 'Type'] as const)
  return keys
    .filter((k) => m[k] !== undefined)
    .map((k) => `${k}\n${m[k]}\n`)
    .join('')
}

/**
 * The origin of the AWS simulator whose SNS signatures the app accepts: only when the app runs
 * against the simulator (AWS_MODE=simulated and AWS_SIMULATOR_URL set). With real AWS, null.
 */
export function simulatorSnsOrigin(config: { AWS_MODE?: string; AWS_SIMULATOR_URL?: string } = env): string | null {
  if (config.AWS_MODE !== 'simulated' || !config.AWS_SIMULATOR_URL) return null
  try {
    return new URL(config.AWS_SIMULATOR_URL).origin
  } catch {
    return null
  }
}

/** Whether a URL is one of the simulator's SNS paths (`/_sim/sns/…`) on exactly the trusted origin. */
export function isSimulatorSnsUrl(raw: string | undefined, origin: string | null, path: 'cert' | 'confirm'): boolean {
  if (!raw || !origin) return false
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    return false
  }
  if (url.origin !== origin || url.username || url.password) return false
  return path === 'cert' ? url.pathname === '/_sim/sns/SimpleNotificationService-simulator.pem' : url.pathname === '/_sim/sns/confirm'
}

export type CertificateFetcher = (url: string) => Promise<string>

const CERT_TIMEOUT_MS = 4_000
const CERT_MAX_BYTES = 16 * 1024

const fetchFromAws: CertificateFetcher = async (url) => {
  const got = await getUrl(url, { timeoutMs: CERT_TIMEOUT_MS, maxBytes: CERT_MAX_BYTES })
  if (!got.ok) throw new Error(`the signing certificate could not be fetched: ${got.error}`)
  return got.body
}

/** The simulator is on this machine (the outbound guard refuses local addresses): a plain fetch, its origin already checked. */
async function fetchLocal(url: string, maxBytes: number) {
  const res = await fetch(url, { signal: AbortSignal.timeout(CERT_TIMEOUT_MS), redirect: 'error' })
  const body = await res.text()
  if (!res.ok) throw new Error(`the simulator answered ${res.status}`)
  if (Buffer.byteLength(body) > maxBytes) throw new Error('the answer is too large')
  return body
}

let fetcher: CertificateFetcher = fetchFromAws
const certificates = new Map<string, Promise<X509Certificate>>()
const MAX_CACHED = 100

/** Tests: where certificates come from (they cannot reach AWS). Clears the cache. */
export function setCertificateFetcher(f: CertificateFetcher | null) {
  fetcher = f ?? fetchFromAws
  certificates.clear()
}

function certificate(url: string, fromSimulator: boolean): Promise<X509Certificate> {
  let cert = certificates.get(url)
  if (!cert) {
    if (certificates.size >= MAX_CACHED) certificates.clear()
    const pem = fromSimulator && fetcher === fetchFromAws ? fetchLocal(url, CERT_MAX_BYTES) : fetcher(url)
    cert = pem.then((text) => new X509Certificate(text))
    // A failed fetch is not kept: the next message tries again.
    cert.catch(() => certificates.delete(url))
    certificates.set(url, cert)
  }
  return cert
}

/** How old a message may be before it is refused as a replay, and how far ahead its clock may run. */
export const SNS_MAX_AGE_MS = 60 * 60_000
const SNS_MAX_SKEW_MS = 5 * 60_000

export type SignatureCheck = { ok: true } | { ok: false; reason: string }

/**
 * Checks the certificate URL, the certificate's validity at `now`, the signature and the timestamp.
 * `simulatorOrigin` (default: from the configuration) is trusted besides SNS, in simulated mode only.
 */
export async function verifySnsSignature(m: SnsEnvelope, now: Date, opts: { simulatorOrigin?: string | null } = {}): Promise<SignatureCheck> {
  const origin = opts.simulatorOrigin === undefined ? simulatorSnsOrigin() : opts.simulatorOrigin
  const fromSimulator = isSimulatorSnsUrl(m.SigningCertURL, origin, 'cert')
  if (!fromSimulator && !isSnsUrl(m.SigningCertURL, { pem: true }))
    return { ok: false, reason: 'SigningCertURL is not an https .pem on sns.<region>.amazonaws.com' }
  let cert: X509Certificate
  try {
    cert = await certificate(m.SigningCertURL, fromSimulator)
  } catch (err) {
    return { ok: false, reason: (err as Error).message || 'the signing certificate could not be read' }
  }
  if (now < new Date(cert.validFrom) || now > new Date(cert.validTo)) return { ok: false, reason: 'the signing certificate is not valid now' }
  const verifier = createVerify(m.SignatureVersion === '1' ? 'RSA-SHA1' : 'RSA-SHA256')
  verifier.update(stringToSign(m), 'utf8')
  let valid = false
  try {
    valid = verifier.verify(cert.publicKey, m.Signature, 'base64')
  } catch {
    valid = false
  }
  if (!valid) return { ok: false, reason: 'the signature does not match the message' }
  return { ok: true }
}

/** Whether the message's Timestamp is inside the window (older ones are replays). */
export function freshness(m: SnsEnvelope, now: Date): SignatureCheck {
  const at = new Date(m.Timestamp).getTime()
  if (Number.isNaN(at)) return { ok: false, reason: 'Timestamp is not a date' }
  if (now.getTime() - at > SNS_MAX_AGE_MS) return { ok: false, reason: `the message is older than ${SNS_MAX_AGE_MS / 60_000} minutes (a replay?)` }
  if (at - now.getTime() > SNS_MAX_SKEW_MS) return { ok: false, reason: 'the message is dated in the future' }
  return { ok: true }
}

export type Confirmer = (subscribeUrl: string, simulatorOrigin?: string | null) => Promise<{ ok: true } | { ok: false; error: string }>

/**
 * Confirms a subscription: a GET on SubscribeURL (SNS hosts only, or the simulator's confirm path in
 * simulated mode; the answer is not kept). Never inside a transaction.
 */
export const confirmSubscription: Confirmer = async (subscribeUrl, simulatorOrigin = simulatorSnsOrigin()) => {
  if (isSimulatorSnsUrl(subscribeUrl, simulatorOrigin, 'confirm')) {
    try {
      await fetchLocal(subscribeUrl, 64 * 1024)
      return { ok: true }
    } catch (err) {
      return { ok: false, error: (err as Error).message }
    }
  }
  if (!isSnsUrl(subscribeUrl)) return { ok: false, error: 'SubscribeURL is not https on sns.<region>.amazonaws.com' }
  const got = await getUrl(subscribeUrl, { timeoutMs: CERT_TIMEOUT_MS, maxBytes: 64 * 1024 })
  return got.ok ? { ok: true } : { ok: false, error: got.error }
}
