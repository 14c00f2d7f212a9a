import { describe, expect, it } from 'vitest'
import { FREE_ATTEMPTS, lockoutSeconds, publicSignInCode, secondsUntil, signInErrorMessage } from './throttle'

describe('lockoutSeconds', () => {
  it('lets the first failures through', () => {
    for (let n = 0; n < FREE_ATTEMPTS; n++) expect(lockoutSeconds(n)).toBe(0)
  })

  it('doubles the lock with each further failure, up to 15 minutes', () => {
    expect(lockoutSeconds(FREE_ATTEMPTS)).toBe(30)
    expect(lockoutSeconds(FREE_ATTEMPTS + 1)).toBe(60)
    expect(lockoutSeconds(FREE_ATTEMPTS + 4)).toBe(480)
    expect(lockoutSeconds(FREE_ATTEMPTS + 5)).toBe(900)
    expect(lockoutSeconds(FREE_ATTEMPTS + 50)).toBe(900)
  })
})

describe('secondsUntil', () => {
  const now = new Date('2026-01-01T00:00:00Z')
  it('rounds up and never goes below zero', () => {
    expect(secondsUntil(new Date('2026-01-01T00:00:10.200Z'), now)).toBe(11)
    expect(secondsUntil(new Date('2025-12-31T23:59:00Z'), now)).toBe(0)
    expect(secondsUntil(null, now)).toBe(0)
  })
})

describe('signInErrorMessage', () => {
  it('explains each refusal', () => {
    expect(signInErrorMessage(null)).toBeNull()
    expect(signInErrorMessage('CredentialsSignin')).toBe('Wrong email or password.')
    expect(signInErrorMessage('LOCKED:30')).toBe('Too many wrong passwords for this account. Try again in 30 seconds.')
    expect(signInErrorMessage('LOCKED:900')).toContain('15 minutes')
    expect(signInErrorMessage('DISABLED')).toContain('disabled')
  })

  it('shows only known claim names back, never text from the URL', () => {
    expect(signInErrorMessage('SSO_MISSING_CLAIM:email')).toContain('an email address')
    expect(signInErrorMessage('SSO_MISSING_CLAIM:groups')).toContain('"groups" claim')
    expect(signInErrorMessage('SSO_MISSING_CLAIM:cognito:groups', 'cognito:groups')).toContain('"cognito:groups" claim')
    const forged = signInErrorMessage('SSO_MISSING_CLAIM:x". Call +1 555 0100 to restore access "')
    expect(forged).toBe('Your identity provider did not send a claim this site needs. Ask an admin to release it to Incident Command.')
    expect(signInErrorMessage('SSO_MISSING_CLAIM:toString')).not.toContain('function')
  })
})

describe('publicSignInCode', () => {
  it('passes the fixed codes and turns anything else into UNAVAILABLE', () => {
    for (const code of ['LOCKED:30', 'THROTTLED:10', 'SSO_ONLY', 'DISABLED']) expect(publicSignInCode(new Error(code))).toBe(code)
    expect(publicSignInCode(new Error('Invalid `prisma.user.findUnique()` invocation: Timed out fetching a new connection from the connection pool'))).toBe(
      'UNAVAILABLE',
    )
    expect(publicSignInCode(new Error('LOCKED:30 and more'))).toBe('UNAVAILABLE')
    expect(publicSignInCode('LOCKED:30')).toBe('UNAVAILABLE')
    expect(signInErrorMessage('UNAVAILABLE')).toContain('not available right now')
    expect(signInErrorMessage('THROTTLED:10')).toBe('Too many sign-in attempts from your network. Try again in 10 seconds.')
  })
})
