import { describe, expect, it } from 'vitest'
import { assessCertificate, CERT_CRITICAL_DAYS, CERT_DEGRADED_DAYS, daysLeft, type CertificateObservation } from './rules'

const now = new Date('2026-12-01T12:00:00Z')
const day = 86_400_000
const url = 'https://orders-api.shop.example.com/healthz'
const at = (days: number) => new Date(now.getTime() + days * day).toISOString()

const seen = (over: Partial<CertificateObservation> = {}): CertificateObservation => ({
  url,
  host: 'orders-api.shop.example.com',
  port: 443,
  reachable: true,
  error: null,
  subject: 'orders-api.shop.example.com',
  issuer: 'Example CA',
  validFrom: at(-60),
  validTo: at(90),
  chainValid: true,
  chainError: null,
  hostnameMatch: true,
  hostnameError: null,
  ...over,
})

describe('assessCertificate', () => {
  it('is healthy with 14 days or more left, a trusted chain and the right name', () => {
    expect(assessCertificate(url, seen(), now)).toEqual({ status: 'healthy', reason: 'valid for 90 days', daysLeft: 90 })
    expect(assessCertificate(url, seen({ validTo: at(CERT_DEGRADED_DAYS) }), now).status).toBe('healthy')
  })

  it('is degraded under 14 days and critical under 3', () => {
    expect(assessCertificate(url, seen({ validTo: at(13.9) }), now)).toEqual({ status: 'degraded', reason: 'expires in 13 days (under 14)', daysLeft: 13 })
    expect(assessCertificate(url, seen({ validTo: at(5.04) }), now)).toMatchObject({ status: 'degraded', daysLeft: 5 })
    expect(assessCertificate(url, seen({ validTo: at(CERT_CRITICAL_DAYS) }), now).status).toBe('degraded')
    expect(assessCertificate(url, seen({ validTo: at(2.5) }), now)).toEqual({ status: 'critical', reason: 'expires in 2 days (under 3)', daysLeft: 2 })
    expect(assessCertificate(url, seen({ validTo: at(0.5) }), now).reason).toBe('expires in 0 days (under 3)')
  })

  it('is critical when expired, said once even though OpenSSL also reports it as the chain error', () => {
    const v = assessCertificate(url, seen({ validTo: at(-2), chainValid: false, chainError: 'CERT_HAS_EXPIRED' }), now)
    expect(v).toEqual({ status: 'critical', reason: `expired ${at(-2).slice(0, 10)}`, daysLeft: -2 })
  })

  it('is critical on an untrusted chain or a name it does not cover, whatever the days left', () => {
    expect(assessCertificate(url, seen({ chainValid: false, chainError: 'SELF_SIGNED_CERT_IN_CHAIN' }), now)).toMatchObject({
      status: 'critical',
      reason: 'untrusted chain (SELF_SIGNED_CERT_IN_CHAIN)',
    })
    expect(assessCertificate(url, seen({ hostnameMatch: false, hostnameError: 'mismatch' }), now)).toMatchObject({
      status: 'critical',
      reason: 'does not cover orders-api.shop.example.com',
    })
    const both = assessCertificate(url, seen({ chainValid: false, chainError: 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', hostnameMatch: false }), now)
    expect(both.reason).toBe('untrusted chain (UNABLE_TO_GET_ISSUER_CERT_LOCALLY); does not cover orders-api.shop.example.com')
  })

  it('a date error with a current certificate is still a chain problem (clocks disagree)', () => {
    expect(assessCertificate(url, seen({ chainValid: false, chainError: 'CERT_HAS_EXPIRED' }), now).reason).toBe('untrusted chain (CERT_HAS_EXPIRED)')
  })

  it('is unknown when unreachable or never checked: no data is not healthy', () => {
    expect(assessCertificate(url, null, now)).toEqual({ status: 'unknown', reason: 'not checked yet', daysLeft: null })
    const down = seen({ reachable: false, error: 'ECONNREFUSED: connect ECONNREFUSED', validTo: null })
    expect(assessCertificate(url, down, now)).toEqual({ status: 'unknown', reason: 'no TLS answer: ECONNREFUSED: connect ECONNREFUSED', daysLeft: null })
  })

  it('is not applicable to a plain http URL', () => {
    expect(assessCertificate('http://orders.internal/healthz', null, now)).toMatchObject({ status: 'not_applicable' })
  })

  it('counts whole days left, negative once past', () => {
    expect(daysLeft(at(1.99), now)).toBe(1)
    expect(daysLeft(at(-0.1), now)).toBe(-1)
  })
})
