import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hashPassword } from '@/lib/auth/password'
import { db } from '@/lib/db/client'
import { migrationsDir } from '@/lib/db/migrations'
import { logger } from '@/lib/logger'
import { authorizePassword } from '@/lib/auth/options'
import { changeUserRole, setUserDisabled } from '@/lib/users/mutations'
import { explain } from '@/lib/auth/sso-route'
import { allowSsoLink, createLinkRequest, recordSsoRefusal, signInViaSso, unlinkIdentity, updateSsoSettings } from './mutations'
import type { SsoClaims } from './policy'
import { ssoSettingsKey } from './queries'
import { defaultSsoSettings } from './settings'

const iss = 'https://idp.example.com'
const claims = (over: Partial<SsoClaims>): SsoClaims => ({
  issuer: iss,
  subject: 's',
  email: null,
  emailVerified: true,
  name: 'Someone',
  groups: null,
  ...over,
})
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

  it('never signs another subject in as an existing account, verified or not, and writes nothing', async () => {
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
    expect((await db.user.findUniqueOrThrow({ where: { id: target.id } })).ssoLinkAllowedUntil).toBeNull()
  })

  it("expires the admin's approval after 24 hours, and uses it up with any link", async () => {
    const ctx = { actor: admin, requestId: 'r', log: logger }
    const t0 = new Date('2030-01-01T00:00:00Z')
    const later = (hours: number) => new Date(t0.getTime() + hours * 3_600_000)
    const target = await db.user.create({ data: { email: 'quinn@example.com', name: 'Quinn', role: 'RESPONDER' }, select: { id: true } })
    await allowSsoLink(ctx, { userId: target.id, allowed: true }, t0)
    const c = claims({ subject: 'quinn', email: 'quinn@example.com' })
    expect(await signInViaSso(c, null, defaultSsoSettings, null, later(25))).toEqual({ ok: false, refusal: { code: 'SSO_ACCOUNT_EXISTS' } })
    expect(await signInViaSso(c, null, defaultSsoSettings, null, later(23))).toMatchObject({ ok: true, linked: true, user: { id: target.id } })
    // Linked: the approval is gone, and a new one is refused while an identity is linked.
    expect((await db.user.findUniqueOrThrow({ where: { id: target.id } })).ssoLinkAllowedUntil).toBeNull()
    await expect(allowSsoLink(ctx, { userId: target.id, allowed: true }, t0)).rejects.toMatchObject({ code: 'CONFLICT' })
  })

  it("refuses the admin's approval for an account that already has an identity, and clears it on a consent link", async () => {
    const ctx = { actor: admin, requestId: 'r', log: logger }
    const t0 = new Date('2030-01-01T00:00:00Z')
    const target = await db.user.create({
      data: { email: 'rho@example.com', name: 'Rho', role: 'RESPONDER', passwordHash: await hashPassword('rho-password-01') },
      select: { id: true, email: true, name: true, role: true },
    })
    await allowSsoLink(ctx, { userId: target.id, allowed: true }, t0)
    // The user links their own identity (another email) on consent: the approval is used up too.
    const request = await createLinkRequest({ actor: target, requestId: 'r', log: logger }, { password: 'rho-password-01' }, t0)
    const link = { requestId: request.id, session: { uid: target.id, method: 'password', signedInAt: t0.getTime() } }
    expect(await signInViaSso(claims({ subject: 'rho-own', email: 'rho.elsewhere@example.com' }), null, defaultSsoSettings, link, t0)).toMatchObject({
      ok: true,
      linked: true,
    })
    expect((await db.user.findUniqueOrThrow({ where: { id: target.id } })).ssoLinkAllowedUntil).toBeNull()
    // Even an approval set behind our back does not link a second identity.
    await db.user.update({ where: { id: target.id }, data: { ssoLinkAllowedUntil: new Date('2030-01-02T00:00:00Z') } })
    expect(await signInViaSso(claims({ subject: 'rho-2', email: 'rho@example.com' }), null, defaultSsoSettings, null, t0)).toEqual({
      ok: false,
      refusal: { code: 'SSO_ACCOUNT_EXISTS' },
    })
  })

  it("links on the user's own consent, once, in the password session that asked", async () => {
    const ctx = { actor: admin, requestId: 'r', log: logger }
    const t0 = new Date('2030-01-01T00:00:00Z')
    const session = { uid: admin.id, method: 'password', signedInAt: t0.getTime() - 60_000 }
    const request = await createLinkRequest(ctx, { password: 'admin-password-1' }, t0)
    const linked = await signInViaSso(
      claims({ subject: 'admin-sso', email: 'admin.other@example.com' }),
      null,
      defaultSsoSettings,
      { requestId: request.id, session },
      t0,
    )
    expect(linked).toMatchObject({ ok: true, linked: true, user: { id: admin.id } })
    const reused = await signInViaSso(
      claims({ subject: 'admin-sso-2', email: 'x@example.com' }),
      null,
      defaultSsoSettings,
      { requestId: request.id, session },
      t0,
    )
    expect(reused).toEqual({ ok: false, refusal: { code: 'SSO_LINK_EXPIRED' } })
  })

  it('needs the current password to start a link', async () => {
    const ctx = { actor: admin, requestId: 'r', log: logger }
    await expect(createLinkRequest(ctx, { password: 'not-the-password' })).rejects.toMatchObject({ code: 'VALIDATION' })
    expect(await db.ssoLinkRequest.count({ where: { userId: admin.id } })).toBe(0)
  })

  it("refuses a link request outside the requester's live password session, links nothing and uses the request up", async () => {
    const t0 = new Date('2030-01-01T00:00:00Z')
    const owner = await db.user.create({
      data: { email: 'sam@example.com', name: 'Sam', role: 'VIEWER', passwordHash: await hashPassword('sam-password-01') },
      select: { id: true, email: true, name: true, role: true },
    })
    const ctx = { actor: owner, requestId: 'r', log: logger }
    const live = { uid: owner.id, method: 'password', signedInAt: t0.getTime() - 60_000 }
    const sessions = [
      null, // signed out: the next person at this browser
      { ...live, uid: admin.id }, // someone else's session
      { ...live, method: 'sso' }, // not a password session
      { ...live, signedInAt: t0.getTime() - (defaultSsoSettings.sessionMaxAgeMinutes + 1) * 60_000 }, // expired
    ]
    for (const [i, session] of sessions.entries()) {
      const request = await createLinkRequest(ctx, { password: 'sam-password-01' }, t0)
      // The victim signs in at the provider; their groups map to ADMIN.
      const result = await signInViaSso(
        claims({ subject: `victim-${i}`, email: `victim-${i}@example.com` }),
        'ADMIN',
        defaultSsoSettings,
        { requestId: request.id, session },
        t0,
      )
      expect(result).toEqual({ ok: false, refusal: { code: 'SSO_LINK_EXPIRED' } })
      expect(await db.ssoLinkRequest.count({ where: { id: request.id } })).toBe(0)
    }
    expect(await db.userIdentity.count({ where: { userId: owner.id } })).toBe(0)
    expect((await db.user.findUniqueOrThrow({ where: { id: owner.id } })).role).toBe('VIEWER')
  })

  it('applies the group mapping at each sign-in, with an audit event', async () => {
    const c = claims({ subject: 'grouped', email: 'grouped@example.com' })
    await signInViaSso(c, 'COMMANDER', defaultSsoSettings, null)
    const later = await signInViaSso(c, 'RESPONDER', defaultSsoSettings, null)
    expect(later).toMatchObject({ ok: true, user: { role: 'RESPONDER' } })
    expect(await count('auth.sso.role_sync')).toBe(1)
  })

  it('never grants more than viewer through the group mapping to an unverified email, at any sign-in', async () => {
    const settings = { ...defaultSsoSettings, allowUnverifiedEmail: true }
    const c = claims({ subject: 'unverified-later', email: 'unverified-later@example.com', emailVerified: false })
    expect(await signInViaSso(c, 'ADMIN', settings, null)).toMatchObject({ ok: true, created: true, user: { role: 'VIEWER' } })
    const later = await signInViaSso(c, 'ADMIN', settings, null)
    expect(later).toMatchObject({ ok: true, created: false, user: { role: 'VIEWER' } })
    expect((await db.user.findUniqueOrThrow({ where: { email: 'unverified-later@example.com' } })).role).toBe('VIEWER')
  })

  it('leaves the break-glass admin as admin whatever their groups map to', async () => {
    const first = await signInViaSso(claims({ subject: 'bg', email: 'bg@example.com' }), 'ADMIN', defaultSsoSettings, null)
    if (!first.ok) throw new Error('expected a user')
    const settings = { ...defaultSsoSettings, ssoOnly: true, breakGlassEmail: 'bg@example.com' }
    expect(await signInViaSso(claims({ subject: 'bg', email: 'bg@example.com' }), 'VIEWER', settings, null)).toMatchObject({
      ok: true,
      user: { role: 'ADMIN' },
    })
    expect((await db.user.findUniqueOrThrow({ where: { id: first.user.id } })).role).toBe('ADMIN')
  })

  it('refuses unverified, uninvited and disabled people', async () => {
    expect(await signInViaSso(claims({ subject: 'u1', email: 'u1@example.com', emailVerified: false }), null, defaultSsoSettings, null)).toEqual({
      ok: false,
      refusal: { code: 'SSO_UNVERIFIED' },
    })
    expect(
      await signInViaSso(
        claims({ subject: 'u2', email: 'u2@example.com', emailVerified: false }),
        'ADMIN',
        { ...defaultSsoSettings, allowUnverifiedEmail: true },
        null,
      ),
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

describe('upgrade from email-only single sign-on', () => {
  /** The migration's backfill, as shipped (the test database already has the column). */
  function backfill() {
    const dir = readdirSync(migrationsDir).find((d) => d.endsWith('_sso_link_allowed_until'))
    if (!dir) throw new Error('migration not found')
    const sql = readFileSync(join(migrationsDir, dir, 'migration.sql'), 'utf8')
    const statement = sql.split(';').find((part) => part.includes(`"authProvider" = 'oidc'`))
    if (!statement) throw new Error('backfill not found')
    return db.$executeRawUnsafe(statement)
  }

  it('lets a user the old SSO created (no password, no identity) link at their next verified sign-in', async () => {
    const old = await db.user.create({ data: { email: 'legacy@example.com', name: 'Legacy', role: 'COMMANDER', authProvider: 'oidc' } })
    const local = await db.user.create({ data: { email: 'local-nopw@example.com', name: 'Local', authProvider: 'credentials' } })
    const linked = await signInViaSso(claims({ subject: 'modern', email: 'modern@example.com' }), null, defaultSsoSettings, null)
    if (!linked.ok) throw new Error('expected a user')
    expect(await signInViaSso(claims({ subject: 'legacy', email: old.email }), null, defaultSsoSettings, null)).toEqual({
      ok: false,
      refusal: { code: 'SSO_ACCOUNT_EXISTS' },
    })
    await backfill()
    const until = (await db.user.findUniqueOrThrow({ where: { id: old.id } })).ssoLinkAllowedUntil
    expect(until).not.toBeNull()
    expect((await db.user.findUniqueOrThrow({ where: { id: local.id } })).ssoLinkAllowedUntil).toBeNull()
    expect((await db.user.findUniqueOrThrow({ where: { id: linked.user.id } })).ssoLinkAllowedUntil).toBeNull()
    const now = new Date(until!.getTime() - 60_000)
    expect(await signInViaSso(claims({ subject: 'legacy', email: old.email, emailVerified: false }), null, defaultSsoSettings, null, now)).toMatchObject({
      ok: false,
    })
    expect(await signInViaSso(claims({ subject: 'legacy', email: old.email }), null, defaultSsoSettings, null, now)).toMatchObject({
      ok: true,
      linked: true,
      user: { id: old.id, role: 'COMMANDER' },
    })
  })
})

describe('the break-glass admin, while single sign-on only is on', () => {
  it('cannot be demoted or disabled, and is the only password that works, only while an active admin', async () => {
    const ctx = { actor: admin, requestId: 'r', log: logger }
    const password = 'break-glass-password-1'
    const bg = await db.user.create({
      data: { email: 'glass@example.com', name: 'Glass', role: 'ADMIN', passwordHash: await hashPassword(password) },
      select: { id: true, email: true },
    })
    const other = await db.user.create({
      data: { email: 'other-pw@example.com', name: 'Other', role: 'RESPONDER', passwordHash: await hashPassword(password) },
      select: { id: true, email: true },
    })
    await db.appSetting.create({ data: { key: ssoSettingsKey, value: { ssoOnly: true, breakGlassEmail: bg.email } } })
    try {
      await expect(changeUserRole(ctx, { userId: bg.id, role: 'VIEWER' })).rejects.toMatchObject({ code: 'CONFLICT' })
      await expect(setUserDisabled(ctx, { userId: bg.id, disabled: true })).rejects.toMatchObject({ code: 'CONFLICT' })
      expect(await db.user.findUniqueOrThrow({ where: { id: bg.id } })).toMatchObject({ role: 'ADMIN', disabled: false })
      await expect(authorizePassword({ email: bg.email, password })).resolves.toMatchObject({ id: bg.id })
      await expect(authorizePassword({ email: other.email, password })).rejects.toThrow('SSO_ONLY')

      // Pointed at someone who is not an admin (say, the variable is set but the admin was demoted first): no password works.
      await db.appSetting.update({ where: { key: ssoSettingsKey }, data: { value: { ssoOnly: true, breakGlassEmail: other.email } } })
      await expect(authorizePassword({ email: other.email, password })).rejects.toThrow('SSO_ONLY')
    } finally {
      await db.appSetting.deleteMany({ where: { key: ssoSettingsKey } })
    }
    // With single sign-on only off, the same admin may be changed as usual.
    await expect(changeUserRole(ctx, { userId: bg.id, role: 'COMMANDER' })).resolves.toMatchObject({ role: 'COMMANDER' })
  })

  it('is checked on the settings in force, environment variables included', async () => {
    const ctx = { actor: admin, requestId: 'r', log: logger }
    const responder = await db.user.create({
      data: { email: 'not-an-admin@example.com', name: 'Nope', role: 'RESPONDER', passwordHash: await hashPassword('responder-password-1') },
    })
    const submitted = { ...defaultSsoSettings, ssoOnly: true, breakGlassEmail: admin.email }
    // The form names a fine admin, but AUTH_BREAK_GLASS_EMAIL wins and names a responder.
    await expect(updateSsoSettings(ctx, { settings: submitted, expectedVersion: 0 }, { AUTH_BREAK_GLASS_EMAIL: responder.email })).rejects.toMatchObject({
      code: 'VALIDATION',
    })
    // AUTH_SSO_ONLY=1 is on whatever the form says; it still needs a break-glass admin.
    await expect(
      updateSsoSettings(ctx, { settings: { ...defaultSsoSettings, ssoOnly: false, breakGlassEmail: null }, expectedVersion: 0 }, { AUTH_SSO_ONLY: '1' }),
    ).rejects.toMatchObject({ code: 'VALIDATION' })
    expect(await db.appSetting.count({ where: { key: ssoSettingsKey } })).toBe(0)
    await expect(updateSsoSettings(ctx, { settings: submitted, expectedVersion: 0 }, {})).resolves.toEqual({ version: 1 })
    await db.appSetting.deleteMany({ where: { key: ssoSettingsKey } })
  })
})

describe('auditing refused single sign-ons', () => {
  it("writes only the fixed code for a failed exchange, never the provider's (or anyone's) text", async () => {
    const forged = 'access_denied Your account is locked. Call +1 555 0100 and read out your one-time code'
    const res = new Response(null, { status: 302, headers: { location: 'http://app.test/login?error=OAuthCallback' } })
    const out = await explain(res, { code: 'OAUTH_CALLBACK_HANDLER_ERROR', message: forged })
    expect(out.headers.get('location')).toBe('http://app.test/login?error=SSO_CANCELLED')
    const row = await db.auditEvent.findFirstOrThrow({ where: { action: 'auth.session.sign_in_failed', error: 'SSO_CANCELLED' } })
    expect(JSON.stringify(row)).not.toContain('555 0100')
    expect(row.params).toMatchObject({ method: 'sso', nextAuthCode: 'OAUTH_CALLBACK_HANDLER_ERROR' })
  })

  it('marks an email the provider did not verify as unverified', async () => {
    await recordSsoRefusal({ email: admin.email, emailVerified: false }, 'SSO_ACCOUNT_EXISTS', { subject: 'mallory' })
    await recordSsoRefusal({ email: 'verified@example.com', emailVerified: true }, 'SSO_NOT_INVITED', { subject: 'v' })
    const rows = await db.auditEvent.findMany({
      where: { action: 'auth.session.sign_in_failed', error: { in: ['SSO_ACCOUNT_EXISTS', 'SSO_NOT_INVITED'] } },
      select: { actorEmail: true, error: true },
    })
    expect(rows).toEqual(
      expect.arrayContaining([
        { actorEmail: `${admin.email} (unverified)`, error: 'SSO_ACCOUNT_EXISTS' },
        { actorEmail: 'verified@example.com', error: 'SSO_NOT_INVITED' },
      ]),
    )
  })
})

describe('unlinking', () => {
  it('lets an admin remove a linked identity, audited; the identity then finds no one', async () => {
    const ctx = { actor: admin, requestId: 'r', log: logger }
    const c = claims({ subject: 'to-unlink', email: 'to-unlink@example.com' })
    const first = await signInViaSso(c, null, defaultSsoSettings, null)
    if (!first.ok) throw new Error('expected a user')
    const identity = await db.userIdentity.findFirstOrThrow({ where: { userId: first.user.id } })
    await unlinkIdentity(ctx, { userId: first.user.id, identityId: identity.id }, 'admin')
    expect(await db.userIdentity.count({ where: { userId: first.user.id } })).toBe(0)
    expect(await db.auditEvent.count({ where: { action: 'auth.identity.unlink', targetId: first.user.id } })).toBe(1)
    expect(await signInViaSso(c, null, defaultSsoSettings, null)).toEqual({ ok: false, refusal: { code: 'SSO_ACCOUNT_EXISTS' } })
  })

  it("lets a user remove their own identity while they keep a password, and nobody else's", async () => {
    const owner = await db.user.create({
      data: { email: 'own-unlink@example.com', name: 'Own', role: 'VIEWER', passwordHash: await hashPassword('own-password-01') },
      select: { id: true, email: true, name: true, role: true },
    })
    const identity = await db.userIdentity.create({ data: { userId: owner.id, issuer: iss, subject: 'own-unlink' } })
    const ssoOnly = await signInViaSso(claims({ subject: 'sso-only-user', email: 'sso-only-user@example.com' }), null, defaultSsoSettings, null)
    if (!ssoOnly.ok) throw new Error('expected a user')
    const theirs = await db.userIdentity.findFirstOrThrow({ where: { userId: ssoOnly.user.id } })

    const asOwner = { actor: owner, requestId: 'r', log: logger }
    await expect(unlinkIdentity(asOwner, { userId: owner.id, identityId: theirs.id }, 'self')).rejects.toMatchObject({ code: 'NOT_FOUND' })
    await expect(unlinkIdentity(asOwner, { userId: ssoOnly.user.id, identityId: theirs.id }, 'self')).rejects.toMatchObject({ code: 'FORBIDDEN' })
    await unlinkIdentity(asOwner, { userId: owner.id, identityId: identity.id }, 'self')
    expect(await db.userIdentity.count({ where: { userId: owner.id } })).toBe(0)
    // The unlinked identity no longer signs in as this account (the browser sees "already exists").
    expect(await signInViaSso(claims({ subject: 'own-unlink', email: owner.email }), null, defaultSsoSettings, null)).toEqual({
      ok: false,
      refusal: { code: 'SSO_ACCOUNT_EXISTS' },
    })

    // Without a password, the only identity is the only way in: kept.
    const asSsoUser = { actor: ssoOnly.user, requestId: 'r', log: logger }
    await expect(unlinkIdentity(asSsoUser, { userId: ssoOnly.user.id, identityId: theirs.id }, 'self')).rejects.toMatchObject({ code: 'CONFLICT' })
    expect(await db.userIdentity.count({ where: { id: theirs.id } })).toBe(1)
  })
})
