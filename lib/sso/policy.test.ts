import { describe, expect, it } from 'vitest'
import { checkAccess, claimsFromProfile, grantableRole, mappedRole, mergeClaims, refusalCode, type SsoClaims } from './policy'
import { defaultSsoSettings, type SsoSettings } from './settings'

const iss = 'https://idp.example.com'
const settings = (over: Partial<SsoSettings> = {}): SsoSettings => ({ ...defaultSsoSettings, ...over })
const claims = (over: Partial<SsoClaims> = {}): SsoClaims => ({
  issuer: iss,
  subject: 's-1',
  email: 'jo@example.com',
  emailVerified: true,
  name: 'Jo',
  groups: null,
  ...over,
})

describe('claimsFromProfile', () => {
  it('reads the identity and the verified email', () => {
    const read = claimsFromProfile({ iss, sub: 's-1', email: 'Jo@Example.com', email_verified: true, name: 'Jo', groups: ['a'] }, 'groups')
    expect(read).toEqual({ ok: true, claims: { issuer: iss, subject: 's-1', email: 'jo@example.com', emailVerified: true, name: 'Jo', groups: ['a'] } })
  })

  it('treats a missing or false email_verified as unverified', () => {
    for (const email_verified of [undefined, false, 'false', 1]) {
      const read = claimsFromProfile({ iss, sub: 's', email: 'a@example.com', email_verified }, 'groups')
      expect(read.ok && read.claims.emailVerified).toBe(false)
    }
  })

  it('falls back to preferred_username when it is an email, always unverified', () => {
    const read = claimsFromProfile({ iss, sub: 's', preferred_username: 'pat@example.com', email_verified: true }, 'groups')
    expect(read).toMatchObject({ ok: true, claims: { email: 'pat@example.com', emailVerified: false, name: 'pat@example.com' } })
  })

  it('has no email when neither claim is one', () => {
    const read = claimsFromProfile({ iss, sub: 's', preferred_username: 'pat' }, 'groups')
    expect(read).toMatchObject({ ok: true, claims: { email: null, name: 'pat' } })
  })

  it('names a missing sub or iss', () => {
    expect(claimsFromProfile({ iss }, 'groups')).toEqual({ ok: false, refusal: { code: 'SSO_MISSING_CLAIM', detail: 'sub' } })
    expect(claimsFromProfile({ sub: 's' }, 'groups')).toEqual({ ok: false, refusal: { code: 'SSO_MISSING_CLAIM', detail: 'iss' } })
  })

  it('reads groups from the configured claim, as a list or a single string', () => {
    expect(claimsFromProfile({ iss, sub: 's', roles: ['x', 3, 'y'] }, 'roles')).toMatchObject({ claims: { groups: ['x', 'y'] } })
    expect(claimsFromProfile({ iss, sub: 's', roles: 'x' }, 'roles')).toMatchObject({ claims: { groups: ['x'] } })
    expect(claimsFromProfile({ iss, sub: 's', groups: ['x'] }, 'roles')).toMatchObject({ claims: { groups: null } })
  })
})

describe('checkAccess', () => {
  it('lets anyone in when nothing is configured, without a mapped role', () => {
    expect(checkAccess(claims(), settings())).toEqual({ ok: true, role: null })
  })

  it('admits only verified emails of allowed domains', () => {
    const s = settings({ allowedDomains: ['example.com'] })
    expect(checkAccess(claims(), s).ok).toBe(true)
    expect(checkAccess(claims({ email: 'jo@evil.com' }), s)).toEqual({ ok: false, refusal: { code: 'SSO_NOT_ALLOWED', detail: 'domain' } })
    expect(checkAccess(claims({ email: 'jo@sub.example.com' }), s)).toMatchObject({ ok: false })
    expect(checkAccess(claims({ emailVerified: false }), s)).toEqual({ ok: false, refusal: { code: 'SSO_NOT_ALLOWED', detail: 'unverified' } })
    expect(checkAccess(claims({ email: null }), s)).toEqual({ ok: false, refusal: { code: 'SSO_MISSING_CLAIM', detail: 'email' } })
  })

  it('requires one of the required groups, and names the claim when it is missing', () => {
    const s = settings({ requiredGroups: ['sre', 'ops'], groupsClaim: 'roles' })
    expect(checkAccess(claims({ groups: ['ops'] }), s).ok).toBe(true)
    expect(checkAccess(claims({ groups: ['finance'] }), s)).toEqual({ ok: false, refusal: { code: 'SSO_NOT_ALLOWED', detail: 'group' } })
    expect(checkAccess(claims({ groups: null }), s)).toEqual({ ok: false, refusal: { code: 'SSO_MISSING_CLAIM', detail: 'roles' } })
  })
})

describe('mappedRole', () => {
  const s = {
    groupRoles: [
      { group: 'oncall', role: 'RESPONDER' as const },
      { group: 'leads', role: 'COMMANDER' as const },
    ],
  }
  it('gives the highest matching role, Viewer when nothing matches', () => {
    expect(mappedRole(['oncall', 'leads'], s)).toBe('COMMANDER')
    expect(mappedRole(['oncall'], s)).toBe('RESPONDER')
    expect(mappedRole(['finance'], s)).toBe('VIEWER')
    expect(mappedRole(null, s)).toBe('VIEWER')
  })
  it('is null when there is no mapping', () => {
    expect(mappedRole(['oncall'], { groupRoles: [] })).toBeNull()
  })
})

describe('refusalCode', () => {
  it('carries the detail after a colon', () => {
    expect(refusalCode({ code: 'SSO_MISSING_CLAIM', detail: 'email' })).toBe('SSO_MISSING_CLAIM:email')
    expect(refusalCode({ code: 'SSO_ACCOUNT_EXISTS' })).toBe('SSO_ACCOUNT_EXISTS')
  })
})

describe('mergeClaims', () => {
  const id = { iss, sub: 's-1', email: 'id@example.com', email_verified: true, name: 'From ID' }

  it('never lets a user-info email inherit the ID token email_verified', () => {
    const merged = mergeClaims(id, { email: 'other@example.com', name: 'From info' })
    expect(merged).toMatchObject({ email: 'other@example.com', name: 'From info' })
    expect(merged.email_verified).toBeUndefined()
    const read = claimsFromProfile(merged, 'groups')
    expect(read.ok && read.claims).toMatchObject({ email: 'other@example.com', emailVerified: false })
  })

  it('takes email and email_verified together from user-info when it sends an email', () => {
    expect(mergeClaims({ iss, sub: 's-1', email_verified: false }, { email: 'a@example.com', email_verified: true })).toMatchObject({
      email: 'a@example.com',
      email_verified: true,
    })
  })

  it("keeps the ID token's verified email when user-info sends none, and its iss and sub always", () => {
    const merged = mergeClaims(id, { email_verified: false, sub: 'someone-else', iss: 'https://evil.example', groups: ['g'] })
    expect(merged).toMatchObject({ email: 'id@example.com', email_verified: true, sub: 's-1', iss, groups: ['g'] })
  })
})

describe('grantableRole', () => {
  it('caps the mapped role at viewer for an unverified email only', () => {
    expect(grantableRole('ADMIN', false)).toBe('VIEWER')
    expect(grantableRole('ADMIN', true)).toBe('ADMIN')
    expect(grantableRole(null, false)).toBeNull()
  })
})
