import { describe, expect, it } from 'vitest'
import { sessionExpired } from '@/lib/auth/session-lifetime'
import { signInErrorMessage } from '@/lib/auth/throttle'
import { classifySsoFailure } from './errors'
import { defaultSsoSettings, resolveSsoSettings } from './settings'

describe('resolveSsoSettings', () => {
  it('uses the defaults when nothing is set', () => {
    const view = resolveSsoSettings({}, null)
    expect(view.settings).toEqual(defaultSsoSettings)
    expect(new Set(Object.values(view.sources))).toEqual(new Set(['default']))
  })

  it("takes the admin's saved values, and the environment over both", () => {
    const view = resolveSsoSettings(
      { AUTH_OIDC_ALLOWED_DOMAINS: ['corp.example.com'], AUTH_SSO_ONLY: '1', AUTH_BREAK_GLASS_EMAIL: 'root@corp.example.com' },
      { allowedDomains: ['other.example.com'], sessionMaxAgeMinutes: 60, inviteOnly: true },
      3,
    )
    expect(view.settings).toMatchObject({ allowedDomains: ['corp.example.com'], ssoOnly: true, sessionMaxAgeMinutes: 60, inviteOnly: true })
    expect(view.sources).toMatchObject({ allowedDomains: 'environment', ssoOnly: 'environment', sessionMaxAgeMinutes: 'admin', groupRoles: 'default' })
    expect(view.version).toBe(3)
  })

  it('ignores a stored value that no longer validates', () => {
    expect(resolveSsoSettings({}, { sessionMaxAgeMinutes: 99999 }).settings.sessionMaxAgeMinutes).toBe(720)
  })
})

describe('sessionExpired', () => {
  const start = Date.UTC(2026, 0, 1)
  it('ends a session once it is as old as the lifetime', () => {
    expect(sessionExpired(start, 60, start + 59 * 60_000)).toBe(false)
    expect(sessionExpired(start, 60, start + 60 * 60_000)).toBe(true)
  })
  it('treats a session without a start as ended', () => {
    expect(sessionExpired(undefined, 720, start)).toBe(true)
  })
})

describe('classifySsoFailure', () => {
  it('tells the provider being down, slow, a token failure and a cancel apart', () => {
    expect(classifySsoFailure('connect ECONNREFUSED 127.0.0.1:3250')).toBe('SSO_IDP_DOWN')
    expect(classifySsoFailure('getaddrinfo ENOTFOUND idp.example.com')).toBe('SSO_IDP_DOWN')
    expect(classifySsoFailure('expected 200 OK, got: 503 Service Unavailable')).toBe('SSO_IDP_DOWN')
    expect(classifySsoFailure('outgoing request timed out after 2000ms')).toBe('SSO_IDP_SLOW')
    expect(classifySsoFailure('invalid_client (client authentication failed)')).toBe('SSO_TOKEN')
    expect(classifySsoFailure('state mismatch, expected abc, got: def')).toBe('SSO_TOKEN')
    expect(classifySsoFailure('access_denied')).toBe('SSO_CANCELLED')
  })
})

describe('signInErrorMessage for single sign-on', () => {
  it('says exactly what was missing or refused', () => {
    expect(signInErrorMessage('SSO_MISSING_CLAIM:email')).toContain('did not send an email address')
    expect(signInErrorMessage('SSO_MISSING_CLAIM:roles', 'roles')).toContain('"roles" claim')
    expect(signInErrorMessage('SSO_NOT_ALLOWED:domain')).toContain('email domain is not allowed')
    expect(signInErrorMessage('SSO_NOT_ALLOWED:group')).toContain('not in a group')
    expect(signInErrorMessage('SSO_ACCOUNT_EXISTS')).toContain('link single sign-on from your profile')
    expect(signInErrorMessage('SSO_ONLY')).toBe('Password sign-in is turned off here. Use single sign-on.')
  })
  it('gives each failure its own message', () => {
    const codes = ['SSO_IDP_DOWN', 'SSO_IDP_SLOW', 'SSO_TOKEN', 'SSO_CANCELLED', 'SSO_NOT_INVITED', 'SSO_UNVERIFIED', 'SSO_FAILED']
    expect(new Set(codes.map((c) => signInErrorMessage(c))).size).toBe(codes.length)
  })
})
