import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ActorContext } from '@/lib/actions/actor'
import { authorizePassword } from '@/lib/auth/options'
import bcrypt from 'bcryptjs'
import { hashPassword, verifyPassword } from '@/lib/auth/password'
import { accountKey } from '@/lib/sign-in/mutations'
import { db } from '@/lib/db/client'
import { AppError } from '@/lib/errors'
import { logger } from '@/lib/logger'
import { changeUserRole, createUser, setUserDisabled } from './mutations'
import { getActiveUser } from './queries'

let admin: ActorContext

async function auditCount(action: string) {
  return db.auditEvent.count({ where: { action } })
}

beforeAll(async () => {
  const row = await db.user.create({
    data: { email: 'root@example.com', name: 'Root', role: 'ADMIN', passwordHash: await hashPassword('root-password-123') },
    select: { id: true, email: true, name: true, role: true },
  })
  admin = { actor: row, requestId: 'req-1', log: logger }
})

afterAll(async () => {
  await db.$disconnect()
})

describe('createUser', () => {
  it('creates the user and its audit event together', async () => {
    const user = await createUser(admin, { email: 'new@example.com', name: 'New', role: 'RESPONDER', password: 'a-long-password-1' })
    const audit = await db.auditEvent.findFirstOrThrow({ where: { action: 'admin.user.create', targetId: user.id } })
    expect(audit).toMatchObject({ actorId: admin.actor.id, actorEmail: 'root@example.com', status: 'SUCCEEDED', requestId: 'req-1' })
    expect(audit.params).toEqual({ email: 'new@example.com', role: 'RESPONDER' })
  })

  it('refuses a duplicate email with a clear conflict and writes nothing', async () => {
    const before = await auditCount('admin.user.create')
    const err = await createUser(admin, { email: 'new@example.com', name: 'Again', role: 'VIEWER', password: 'a-long-password-1' }).catch((e) => e)
    expect(err).toBeInstanceOf(AppError)
    expect(err).toMatchObject({ code: 'CONFLICT', message: 'A user with the email new@example.com already exists.' })
    expect(await auditCount('admin.user.create')).toBe(before)
    expect(await db.user.count({ where: { email: 'new@example.com' } })).toBe(1)
  })

  it('stores an argon2id hash, never the password', async () => {
    const row = await db.user.findUniqueOrThrow({ where: { email: 'new@example.com' }, select: { passwordHash: true } })
    expect(row.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/)
  })
})

describe('changeUserRole', () => {
  it('changes the role and records from and to', async () => {
    const user = await db.user.findUniqueOrThrow({ where: { email: 'new@example.com' } })
    await changeUserRole(admin, { userId: user.id, role: 'COMMANDER' })
    expect((await getActiveUser(user.id))?.role).toBe('COMMANDER')
    const audit = await db.auditEvent.findFirstOrThrow({ where: { action: 'admin.user.role_change', targetId: user.id } })
    expect(audit.params).toEqual({ email: 'new@example.com', from: 'RESPONDER', to: 'COMMANDER' })
  })

  it('will not demote the last active admin, and changes nothing when it refuses', async () => {
    const before = await auditCount('admin.user.role_change')
    await expect(changeUserRole(admin, { userId: admin.actor.id, role: 'VIEWER' })).rejects.toMatchObject({ code: 'CONFLICT' })
    expect((await getActiveUser(admin.actor.id))?.role).toBe('ADMIN')
    expect(await auditCount('admin.user.role_change')).toBe(before)
  })

  it('keeps one admin when two admins demote each other at once', async () => {
    const second = await createUser(admin, { email: 'admin2@example.com', name: 'Two', role: 'ADMIN', password: 'a-long-password-2' })
    const results = await Promise.allSettled([
      changeUserRole(admin, { userId: admin.actor.id, role: 'VIEWER' }),
      changeUserRole(admin, { userId: second.id, role: 'VIEWER' }),
    ])
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
    expect(await db.user.count({ where: { role: 'ADMIN', disabled: false } })).toBe(1)
    // Restore: whoever is left as admin promotes the other back.
    await db.user.updateMany({ where: { id: { in: [admin.actor.id, second.id] } }, data: { role: 'ADMIN' } })
  })

  it('reports a user that does not exist', async () => {
    await expect(changeUserRole(admin, { userId: '00000000-0000-4000-8000-000000000000', role: 'VIEWER' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    })
  })
})

describe('setUserDisabled', () => {
  it('disables a user: their session user is gone at once, and comes back when enabled', async () => {
    const user = await db.user.findUniqueOrThrow({ where: { email: 'new@example.com' } })
    await setUserDisabled(admin, { userId: user.id, disabled: true })
    expect(await getActiveUser(user.id)).toBeNull()
    await setUserDisabled(admin, { userId: user.id, disabled: false })
    expect(await getActiveUser(user.id)).not.toBeNull()
    expect(await auditCount('admin.user.disable')).toBe(1)
    expect(await auditCount('admin.user.enable')).toBe(1)
  })

  it('refuses to disable yourself', async () => {
    await expect(setUserDisabled(admin, { userId: admin.actor.id, disabled: true })).rejects.toMatchObject({
      code: 'CONFLICT',
      message: 'You cannot disable your own account.',
    })
  })
})

describe('password sign-in', () => {
  const email = 'signin@example.com'
  const password = 'correct-horse-battery'

  beforeAll(async () => {
    await createUser(admin, { email, name: 'Sign In', role: 'VIEWER', password })
  })

  it('accepts the right password, audits it and resets the failure count', async () => {
    await expect(authorizePassword({ email: 'SignIn@Example.com ', password })).resolves.toMatchObject({ email, role: 'VIEWER' })
    const row = await db.user.findUniqueOrThrow({ where: { email } })
    expect(row.lastLoginAt).not.toBeNull()
    expect(await db.auditEvent.count({ where: { action: 'auth.session.sign_in', actorEmail: email } })).toBe(1)
  })

  it('refuses a wrong password and an unknown email alike', async () => {
    await expect(authorizePassword({ email, password: 'wrong' })).resolves.toBeNull()
    await expect(authorizePassword({ email: 'nobody@example.com', password })).resolves.toBeNull()
    expect(await db.auditEvent.count({ where: { action: 'auth.session.sign_in_failed', actorEmail: 'nobody@example.com' } })).toBe(1)
  })

  it('slows down repeated wrong passwords: locked after five, even for the right password', async () => {
    for (let i = 0; i < 3; i++) await expect(authorizePassword({ email, password: 'wrong' })).resolves.toBeNull()
    // The fifth failure in a row locks the account for 30 seconds.
    await expect(authorizePassword({ email, password: 'wrong' })).rejects.toThrow('LOCKED:30')
    await expect(authorizePassword({ email, password })).rejects.toThrow(/^LOCKED:\d+$/)
    // The count and the lock live on the account's throttle row for this source (tests have no address: 'unknown').
    const row = await db.signInThrottle.findUniqueOrThrow({ where: { key: accountKey(email, 'unknown') } })
    expect(row.attempts).toBe(5)
    expect(row.lockedUntil!.getTime()).toBeGreaterThan(Date.now() + 25_000)
  })

  it('lets the right password in once the lock has passed, and starts counting afresh', async () => {
    await db.signInThrottle.update({ where: { key: accountKey(email, 'unknown') }, data: { lockedUntil: new Date(Date.now() - 1000) } })
    await expect(authorizePassword({ email, password })).resolves.toMatchObject({ email })
    expect(await db.signInThrottle.findUnique({ where: { key: accountKey(email, 'unknown') } })).toBeNull()
  })

  it('still accepts an old bcrypt hash, and replaces it with argon2id at that sign-in', async () => {
    const legacy = 'legacy@example.com'
    await db.user.create({ data: { email: legacy, name: 'Legacy', role: 'VIEWER', passwordHash: await bcrypt.hash('legacy-password-1', 11) } })
    await expect(authorizePassword({ email: legacy, password: 'wrong-password' })).resolves.toBeNull()
    const before = await db.user.findUniqueOrThrow({ where: { email: legacy }, select: { passwordHash: true } })
    expect(before.passwordHash).toMatch(/^\$2[aby]\$11\$/)
    await expect(authorizePassword({ email: legacy, password: 'legacy-password-1' })).resolves.toMatchObject({ email: legacy })
    const after = await db.user.findUniqueOrThrow({ where: { email: legacy }, select: { passwordHash: true } })
    expect(after.passwordHash).toMatch(/^\$argon2id\$/)
    expect(await verifyPassword('legacy-password-1', after.passwordHash)).toBe(true)
    await expect(authorizePassword({ email: legacy, password: 'legacy-password-1' })).resolves.toMatchObject({ email: legacy })
  })

  it('refuses a disabled account with its own message', async () => {
    const user = await db.user.findUniqueOrThrow({ where: { email } })
    await setUserDisabled(admin, { userId: user.id, disabled: true })
    await expect(authorizePassword({ email, password })).rejects.toThrow('DISABLED')
  })
})
