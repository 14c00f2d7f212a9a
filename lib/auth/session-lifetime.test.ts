import { describe, expect, it } from 'vitest'
import { passwordAllowed, sessionAllowed } from './session-lifetime'

const now = Date.UTC(2030, 0, 1, 12)
const admin = { email: 'glass@example.com', role: 'ADMIN' }
const responder = { email: 'r@example.com', role: 'RESPONDER' }
const open = { ssoOnly: false, breakGlassEmail: null, sessionMaxAgeMinutes: 720 }
const ssoOnly = { ssoOnly: true, breakGlassEmail: admin.email, sessionMaxAgeMinutes: 720 }
const fresh = { signedInAt: now - 60_000 }

describe('sessionAllowed', () => {
  it('ends password sessions of everyone but the break-glass admin once single sign-on only is on', () => {
    expect(sessionAllowed({ ...fresh, method: 'password' }, responder, open, now)).toBe(true)
    expect(sessionAllowed({ ...fresh, method: 'password' }, responder, ssoOnly, now)).toBe(false)
    expect(sessionAllowed({ ...fresh }, responder, ssoOnly, now)).toBe(false)
    expect(sessionAllowed({ ...fresh, method: 'password' }, admin, ssoOnly, now)).toBe(true)
    expect(sessionAllowed({ ...fresh, method: 'sso' }, responder, ssoOnly, now)).toBe(true)
  })

  it("ends the break-glass account's password session when it is no longer an admin", () => {
    expect(sessionAllowed({ ...fresh, method: 'password' }, { ...admin, role: 'VIEWER' }, ssoOnly, now)).toBe(false)
  })

  it('still ends every session at the session lifetime', () => {
    expect(sessionAllowed({ method: 'sso', signedInAt: now - 721 * 60_000 }, responder, open, now)).toBe(false)
  })
})

describe('passwordAllowed', () => {
  it('allows only an active break-glass admin in single sign-on only mode', () => {
    expect(passwordAllowed(open, responder)).toBe(true)
    expect(passwordAllowed(ssoOnly, admin)).toBe(true)
    expect(passwordAllowed(ssoOnly, { ...admin, disabled: true })).toBe(false)
    expect(passwordAllowed(ssoOnly, { ...admin, role: 'RESPONDER' })).toBe(false)
    expect(passwordAllowed(ssoOnly, null)).toBe(false)
  })
})
