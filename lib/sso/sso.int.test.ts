import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hashPassword } from '@/lib/auth/password'
import { db } from '@/lib/db/client'
import { logger } from '@/lib/logger'
import { allowSsoLink, createLinkRequest, signInViaSso } from './mutations'
import type { SsoClaims } from './policy'
import { defaultSsoSettings } from './settings'

const iss = 'https://idp.example.com'
const claims = (over: Partial<SsoClaims>): SsoClaims => ({ issuer: iss, subject: 's', email: null, emailVerified: true, name: 'Someone', groups: null, ...over })
let admin: { id: string; email: string; name: string; role: 'ADMIN' }

beforeAll(async () => {
  admin = (await db.user.create({
    data: { email: 'admin@example.com', name: 'Admin', role: 'ADMIN', passwordHash: await hashPassword('admin-password-1') },
    select: { id: true, email: true, name: true, role: true },
  })) as typeof admin
})

afterAll(async () => {
  await db.$disconnect()
})

const count = (action: string) => db.auditEvent.count({ where: { action } })

describe('signInViaSso', () => {
  it('creates a viewer with its identity and audit events in one go', async () => {
    const result = await signInViaSso(claims({ subject: 'new-1', email: 'new@example.com' }), null, defaultSsoSettings, null)
    expect(result).toMatchObject({ ok: true, created: true, user: { email: 'new@example.com', role: 'VIEWER' } })
    expect(await db.userIdentity.count({ where: { issuer: iss, subject: 'new-1' } })).toBe(1)
    expect(await count('admin.user.sso_join')).toBe(1)
  })

  it('keeps the same user when the email changes at the provider', async () => {
    const first = await signInViaSso(claims({ subject: 'rename', email: 'before@example.com' }), null, defaultSsoSettings, null)
    const again = await signInViaSso(claims({ subject: 'rename', email: 'after@example.com' }), null, defaultSsoSettings, null)
    expect(first.ok && again.ok && again.user.id === first.user.id).toBe(true)
    expect(await db.user.count({ where: { email: 'after@example.com' } })).toBe(0)
  })

  it("never signs another subject in as an existing account, verified or not, and writes nothing", async () => {
    const users = await db.user.count()
    const before = await db.auditEvent.count()
    for (const emailVerified of [false, true]) {
      const result = await signInViaSso(claims({ subject: `mallory-${emailVerified}`, email: admin.email, emailVerified }), 'ADMIN', defaultSsoSettings, null)
      expect(result).toEqual({ ok: false, refusal: { code: 'SSO_ACCOUNT_EXISTS' } })
    }
    expect(await db.user.count()).toBe(users)
    expect(await db.userIdentity.count({ where: { userId: admin.id } })).toBe(0)
    expect(await db.auditEvent.count()).toBe(before)
  })

  it("links to an existing account on the admin's approval, for a verified email only", async () => {
    const ctx = { actor: admin, requestId: 'r', log: logger }
    const target = await db.user.create({ data: { email: 'pat@example.com', name: 'Pat', role: 'RESPONDER' }, select: { id: true } })
    await allowSsoLink(ctx, { userId: target.id, allowed: true })
    const unverified = await signInViaSso(claims({ subject: 'pat', email: 'pat@example.com', emailVerified: false }), null, defaultSsoSettings, null)
    expect(unverified).toMatchObject({ ok: false })
    const verified = await signInViaSso(claims({ subject: 'pat', email: 'pat@example.com' }), null, defaultSsoSettings, null)
    expect(verified).toMatchObject({ ok: true, linked: true, user: { id: target.id, role: 'RESPONDER' } })
    expect((await db.user.findUniqueOrThrow({ where: { id: target.id } })).ssoLinkAllowed).toBe(false)
  })

  it("links on the user's own consent, once", async () => {
    const ctx = { actor: admin, requestId: 'r', log: logger }
    const request = await createLinkRequest(ctx)
    const linked = await signInViaSso(claims({ subject: 'admin-sso', email: 'admin.other@example.com' }), null, defaultSsoSettings, request.id)
    expect(linked).toMatchObject({ ok: true, linked: true, user: { id: admin.id } })
    const reused = await signInViaSso(claims({ subject: 'admin-sso-2', email: 'x@example.com' }), null, defaultSsoSettings, request.id)
    expect(reused).toEqual({ ok: false, refusal: { code: 'SSO_LINK_EXPIRED' } })
  })

  it('applies the group mapping at each sign-in, with an audit event', async () => {
    const c = claims({ subject: 'grouped', email: 'grouped@example.com' })
    await signInViaSso(c, 'COMMANDER', defaultSsoSettings, null)
    const later = await signInViaSso(c, 'RESPONDER', defaultSsoSettings, null)
    expect(later).toMatchObject({ ok: true, user: { role: 'RESPONDER' } })
    expect(await count('auth.sso.role_sync')).toBe(1)
  })

  it('refuses unverified, uninvited and disabled people', async () => {
    expect(await signInViaSso(claims({ subject: 'u1', email: 'u1@example.com', emailVerified: false }), null, defaultSsoSettings, null)).toEqual({
      ok: false,
      refusal: { code: 'SSO_UNVERIFIED' },
    })
    expect(
      await signInViaSso(claims({ subject: 'u2', email: 'u2@example.com', emailVerified: false }), 'ADMIN', { ...defaultSsoSettings, allowUnverifiedEmail: true }, null),
    ).toMatchObject({ ok: true, user: { role: 'VIEWER' } })
    expect(await signInViaSso(claims({ subject: 'u3', email: 'u3@example.com' }), null, { ...defaultSsoSettings, inviteOnly: true }, null)).toEqual({
      ok: false,
      refusal: { code: 'SSO_NOT_INVITED' },
    })
    const first = await signInViaSso(claims({ subject: 'u4', email: 'u4@example.com' }), null, defaultSsoSettings, null)
    if (!first.ok) throw new Error('expected a user')
    await db.user.update({ where: { id: first.user.id }, data: { disabled: true } })
    expect(await signInViaSso(claims({ subject: 'u4', email: 'u4@example.com' }), null, defaultSsoSettings, null)).toEqual({
      ok: false,
      refusal: { code: 'DISABLED' },
    })
  })

  it('creates one user when the same person signs in eight times at once', async () => {
    const c = claims({ subject: 'racer', email: 'racer@example.com' })
    const results = await Promise.all(Array.from({ length: 8 }, () => signInViaSso(c, null, defaultSsoSettings, null)))
    expect(results.every((r) => r.ok)).toBe(true)
    expect(new Set(results.map((r) => (r.ok ? r.user.id : null))).size).toBe(1)
    expect(await db.user.count({ where: { email: 'racer@example.com' } })).toBe(1)
  })
})
