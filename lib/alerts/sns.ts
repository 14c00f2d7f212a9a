import 'server-only'
// Amazon SNS messages: the envelope, the signature (SignatureVersion 1 = SHA1withRSA,
// 2 = SHA256withRSA) checked against the certificate at SigningCertURL, and the one
// outbound call SNS asks for (confirming a subscription). Certificates are fetched only
// from https://sns.<region>.amazonaws.com (or .amazonaws.com.cn), through the outbound
// guard, outside any transaction, and kept in memory by URL.
import { createVerify, X509Certificate } from 'node:crypto'
import { z } from 'zod'
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

export type CertificateFetcher = (url: string) => Promise<string>

const CERT_TIMEOUT_MS = 4_000
const CERT_MAX_BYTES = 16 * 1024

const fetchFromAws: CertificateFetcher = async (url) => {
  const got = await getUrl(url, { timeoutMs: CERT_TIMEOUT_MS, maxBytes: CERT_MAX_BYTES })
  if (!got.ok) throw new Error(`the signing certificate could not be fetched: ${got.error}`)
  return got.body
}

let fetcher: CertificateFetcher = fetchFromAws
const certificates = new Map<string, Promise<X509Certificate>>()
const MAX_CACHED = 100

/** Tests: where certificates come from (they cannot reach AWS). Clears the cache. */
export function setCertificateFetcher(f: CertificateFetcher | null) {
  fetcher = f ?? fetchFromAws
  certificates.clear()
}

function certificate(url: string): Promise<X509Certificate> {
  let cert = certificates.get(url)
  if (!cert) {
    if (certificates.size >= MAX_CACHED) certificates.clear()
    cert = fetcher(url).then((pem) => new X509Certificate(pem))
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

/** Checks the certificate URL, the certificate's validity at `now`, the signature and the timestamp. */
export async function verifySnsSignature(m: SnsEnvelope, now: Date): Promise<SignatureCheck> {
  if (!isSnsUrl(m.SigningCertURL, { pem: true })) return { ok: false, reason: 'SigningCertURL is not an https .pem on sns.<region>.amazonaws.com' }
  let cert: X509Certificate
  try {
    cert = await certificate(m.SigningCertURL)
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

export type Confirmer = (subscribeUrl: string) => Promise<{ ok: true } | { ok: false; error: string }>

/** Confirms a subscription: a GET on SubscribeURL (SNS hosts only; the answer is not kept). Never inside a transaction. */
export const confirmSubscription: Confirmer = async (subscribeUrl) => {
  if (!isSnsUrl(subscribeUrl)) return { ok: false, error: 'SubscribeURL is not https on sns.<region>.amazonaws.com' }
  const got = await getUrl(subscribeUrl, { timeoutMs: CERT_TIMEOUT_MS, maxBytes: 64 * 1024 })
  return got.ok ? { ok: true } : { ok: false, error: got.error }
}
