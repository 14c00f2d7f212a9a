// The sign-in throttle against real Postgres: per source, per account from a source,
// parallel bursts, progressive locks, and an admin's unlock.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ActorContext } from '@/lib/actions/actor'
import { authorizePassword } from '@/lib/auth/options'
import { hashPassword } from '@/lib/auth/password'
import { db } from '@/lib/db/client'
import { logger } from '@/lib/logger'
import { unlockUser } from '@/lib/users/mutations'
import { listUsers } from '@/lib/users/queries'
import { SOURCE_RULE } from '@/lib/auth/throttle'
import { accountKey, knownSourceLock, sourceKey } from './mutations'

const password = 'the-right-password-1'
let admin: ActorContext
let alice: { id: string; email: string }
let n = 0
/** A fresh source address per test, so tests do not share counts. */
const freshSource = () => `198.51.100.${++n}`

async function failedAudits(source: string) {
  const rows = await db.auditEvent.findMany({ where: { action: 'auth.session.sign_in_failed' }, select: { params: true } })
  return rows.filter((r) => (r.params as { source?: string } | null)?.source === source).length
}

beforeAll(async () => {
  const passwordHash = await hashPassword(password)
  const root = await db.user.create({
    data: { email: 'root@example.com', name: 'Root', role: 'ADMIN', passwordHash },
    select: { id: true, email: true, name: true, role: true },
  })
  admin = { actor: root, requestId: 'req-throttle', log: logger }
  alice = await db.user.create({ data: { email: 'alice@example.com', name: 'Alice', role: 'VIEWER', passwordHash }, select: { id: true, email: true } })
})

afterAll(async () => {
  await db.$disconnect()
})

describe('per account and source', () => {
  it('an attacker who locks the account from their address does not lock out the real user at theirs', async () => {
    const attacker = freshSource()
    const user = freshSource()
    for (let i = 0; i < 4; i++) await expect(authorizePassword({ email: alice.email, password: 'guess' }, attacker)).resolves.toBeNull()
    await expect(authorizePassword({ email: alice.email, password: 'guess' }, attacker)).rejects.toThrow('LOCKED:30')
    // Even the right password is refused from the attacker's address while locked …
    await expect(authorizePassword({ email: alice.email, password }, attacker)).rejects.toThrow(/^LOCKED:\d+$/)
    // … and accepted from the real user's.
    await expect(authorizePassword({ email: alice.email, password }, user)).resolves.toMatchObject({ email: alice.email })
  })

  it('doubles the lock with each failure after the first lock has passed (the clock is passed in)', async () => {
    const source = freshSource()
    const t0 = new Date('2030-01-01T00:00:00Z')
    for (let i = 0; i < 4; i++) await authorizePassword({ email: alice.email, password: 'guess' }, source, t0)
    await expect(authorizePassword({ email: alice.email, password: 'guess' }, source, t0)).rejects.toThrow('LOCKED:30')
    await expect(authorizePassword({ email: alice.email, password: 'guess' }, source, new Date(t0.getTime() + 29_000))).rejects.toThrow('LOCKED:1')
    const t1 = new Date(t0.getTime() + 31_000)
    await expect(authorizePassword({ email: alice.email, password: 'guess' }, source, t1)).rejects.toThrow('LOCKED:60')
    const row = await db.signInThrottle.findUniqueOrThrow({ where: { key: accountKey(alice.email, source) } })
    expect(row).toMatchObject({ attempts: 6, refused: 1 })
    // Only the attempts that were checked are in the audit log; the refused one is counted on the row.
    expect(await failedAudits(source)).toBe(6)
  })

  it('locks unknown emails exactly like real ones, so a lock does not reveal which exist', async () => {
    const source = freshSource()
    for (let i = 0; i < 4; i++) await expect(authorizePassword({ email: 'nobody@example.com', password }, source)).resolves.toBeNull()
    await expect(authorizePassword({ email: 'nobody@example.com', password }, source)).rejects.toThrow('LOCKED:30')
  })
})

describe('per source', () => {
  it('slows down one address that tries many accounts, and no other', async () => {
    const source = freshSource()
    for (let i = 0; i < SOURCE_RULE.free - 1; i++) {
      await expect(authorizePassword({ email: `spray-${i}@example.com`, password: 'guess' }, source)).resolves.toBeNull()
    }
    await expect(authorizePassword({ email: 'spray-last@example.com', password: 'guess' }, source)).rejects.toThrow(`THROTTLED:${SOURCE_RULE.firstLockSeconds}`)
    await expect(authorizePassword({ email: alice.email, password }, source)).rejects.toThrow(/^THROTTLED:\d+$/)
    // That refusal is remembered by this instance, so the route can answer the next ones at once.
    expect(knownSourceLock(source)).toBeGreaterThan(0)
    expect(knownSourceLock(freshSource())).toBe(0)
    await expect(authorizePassword({ email: alice.email, password }, freshSource())).resolves.toMatchObject({ email: alice.email })
  })

  it('gives the attempt back on success, so people signing in from one office are not counted against it', async () => {
    const source = freshSource()
    for (let i = 0; i < SOURCE_RULE.free + 5; i++)
      await expect(authorizePassword({ email: alice.email, password }, source)).resolves.toMatchObject({ email: alice.email })
    expect((await db.signInThrottle.findUniqueOrThrow({ where: { key: sourceKey(source) } })).attempts).toBe(0)
    // The lock the 20th success started was lifted with it, here and in this instance's memory (the door).
    expect(knownSourceLock(source)).toBe(0)
  })
})

describe('parallel bursts', () => {
  it('50 wrong passwords at once for one account: exactly 5 are checked, the rest refused', async () => {
    const source = freshSource()
    const results = await Promise.allSettled(Array.from({ length: 50 }, () => authorizePassword({ email: alice.email, password: 'guess' }, source)))
    // Four wrong passwords answered plainly, the fifth checked and locking, 45 refused unchecked.
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(4)
    expect(await failedAudits(source)).toBe(5)
    const row = await db.signInThrottle.findUniqueOrThrow({ where: { key: accountKey(alice.email, source) } })
    // The source's own limit stops 30 of them first; of the 20 that reach the account, 15 are refused.
    expect(row).toMatchObject({ attempts: 5, refused: SOURCE_RULE.free - 5 })
    // Every refusal is one of the fixed codes, never an internal error.
    for (const r of results) if (r.status === 'rejected') expect(String((r.reason as Error).message)).toMatch(/^(LOCKED|THROTTLED):\d+$/)
  })

  it('50 attempts at once from one address on different accounts: exactly the source limit is checked', async () => {
    const source = freshSource()
    await Promise.allSettled(Array.from({ length: 50 }, (_, i) => authorizePassword({ email: `burst-${i}@example.com`, password: 'guess' }, source)))
    expect(await failedAudits(source)).toBe(SOURCE_RULE.free)
    const row = await db.signInThrottle.findUniqueOrThrow({ where: { key: sourceKey(source) } })
    expect(row).toMatchObject({ attempts: SOURCE_RULE.free, refused: 50 - SOURCE_RULE.free })
  })
})

describe('unlockUser', () => {
  it('lifts every lock on the account, shows it on the admin list before, and audits it', async () => {
    const [a, b] = [freshSource(), freshSource()]
    for (const source of [a, b]) for (let i = 0; i < 5; i++) await authorizePassword({ email: alice.email, password: 'guess' }, source).catch(() => null)
    const listed = (await listUsers(admin.actor)).find((u) => u.email === alice.email)
    expect(listed?.signInLock?.sources).toBeGreaterThanOrEqual(2)
    await expect(authorizePassword({ email: alice.email, password }, a)).rejects.toThrow(/^LOCKED:/)

    const result = await unlockUser(admin, { userId: alice.id })
    expect(result.lockedSources).toBeGreaterThanOrEqual(2)
    await expect(authorizePassword({ email: alice.email, password }, a)).resolves.toMatchObject({ email: alice.email })
    await expect(authorizePassword({ email: alice.email, password }, b)).resolves.toMatchObject({ email: alice.email })
    expect((await listUsers(admin.actor)).find((u) => u.email === alice.email)?.signInLock).toBeNull()
    const audit = await db.auditEvent.findFirstOrThrow({ where: { action: 'admin.user.unlock', targetId: alice.id } })
    expect(audit).toMatchObject({ actorId: admin.actor.id, requestId: 'req-throttle' })
  })

  it('reports a user that does not exist and changes nothing', async () => {
    const before = await db.auditEvent.count({ where: { action: 'admin.user.unlock' } })
    await expect(unlockUser(admin, { userId: '00000000-0000-4000-8000-000000000000' })).rejects.toMatchObject({ code: 'NOT_FOUND' })
    expect(await db.auditEvent.count({ where: { action: 'admin.user.unlock' } })).toBe(before)
  })
})
