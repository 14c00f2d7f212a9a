// The health of one TLS certificate, from what a check observed. Pure and client-safe.
//
// Thresholds: the runbooks (lib/runbooks/catalog/dns-cdn-tls.ts) ask for an alarm on
// days-to-expiry but name no number; issue #17 names 14 days. Under 14 days is degraded.
// The runbooks give no critical number either: we chose 3 days (less than a weekend left to
// renew, and ACM's own renewal has given up long before). Expired, an untrusted chain or a
// name the certificate does not cover is critical: clients refuse the connection already.
// No answer is unknown, never healthy; a plain-http health URL has no certificate to judge.

export const CERT_DEGRADED_DAYS = 14
export const CERT_CRITICAL_DAYS = 3

export type CertificateStatus = 'healthy' | 'degraded' | 'critical' | 'unknown' | 'not_applicable'

/** What one TLS handshake showed (lib/certificates/check.ts); dates are ISO strings. */
export type CertificateObservation = {
  url: string
  host: string
  port: number
  /** false: no handshake (refused, timed out, DNS, TLS alert); `error` says why. */
  reachable: boolean
  error: string | null
  subject: string | null
  issuer: string | null
  validFrom: string | null
  validTo: string | null
  /** The chain verifies against the trusted CAs; `chainError` is OpenSSL's reason when not. */
  chainValid: boolean | null
  chainError: string | null
  /** The certificate covers the host; `hostnameError` when not. */
  hostnameMatch: boolean | null
  hostnameError: string | null
}

export type CertificateVerdict = { status: CertificateStatus; reason: string; daysLeft: number | null }

const DAY_MS = 86_400_000

/** Whole days left (rounded down); negative once expired. */
export function daysLeft(validTo: string, now: Date): number {
  return Math.floor((Date.parse(validTo) - now.getTime()) / DAY_MS)
}

const plural = (n: number) => `${n} day${n === 1 ? '' : 's'}`

export function assessCertificate(url: string, obs: CertificateObservation | null, now: Date): CertificateVerdict {
  if (!/^https:/i.test(url)) return { status: 'not_applicable', reason: 'plain http: no certificate to check', daysLeft: null }
  if (!obs) return { status: 'unknown', reason: 'not checked yet', daysLeft: null }
  if (!obs.reachable || !obs.validTo) return { status: 'unknown', reason: `no TLS answer: ${obs.error ?? 'no certificate received'}`, daysLeft: null }
  const left = daysLeft(obs.validTo, now)
  const expired = Date.parse(obs.validTo) <= now.getTime()
  const problems: string[] = []
  if (expired) problems.push(`expired ${obs.validTo.slice(0, 10)}`)
  if (obs.validFrom && Date.parse(obs.validFrom) > now.getTime()) problems.push(`not valid before ${obs.validFrom.slice(0, 10)}`)
  // OpenSSL reports an expired leaf as the chain's error too; said once, as the date.
  const dateError = /^CERT_(HAS_EXPIRED|NOT_YET_VALID)$/.test(obs.chainError ?? '') && problems.length > 0
  if (obs.chainValid === false && !dateError) problems.push(`untrusted chain (${obs.chainError ?? 'unknown reason'})`)
  if (obs.hostnameMatch === false) problems.push(`does not cover ${obs.host}`)
  if (problems.length) return { status: 'critical', reason: problems.join('; '), daysLeft: left }
  if (obs.chainValid === null || obs.hostnameMatch === null) return { status: 'unknown', reason: 'the chain or the name could not be checked', daysLeft: left }
  if (left < CERT_CRITICAL_DAYS) return { status: 'critical', reason: `expires in ${plural(left)} (under ${CERT_CRITICAL_DAYS})`, daysLeft: left }
  if (left < CERT_DEGRADED_DAYS) return { status: 'degraded', reason: `expires in ${plural(left)} (under ${CERT_DEGRADED_DAYS})`, daysLeft: left }
  return { status: 'healthy', reason: `valid for ${plural(left)}`, daysLeft: left }
}
