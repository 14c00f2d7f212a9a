// Sessions that end: the session version each session carries (from next-auth's
// callbacks) against User.sessionVersion, read by getCurrentUser on every request.
import type { Session } from 'next-auth'
import type { JWT } from 'next-auth/jwt'
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import type { ActorContext } from '@/lib/actions/actor'
import { db } from '@/lib/db/client'
import { logger } from '@/lib/logger'

const current = vi.hoisted(() => ({ session: null as Session | null }))
// Only the cookie decoding is replaced: the session is the one next-auth's own callbacks build below.
vi.mock('next-auth', async (original) => ({ ...(await original<typeof import('next-auth')>()), getServerSession: async () => current.session }))

const { authOptions, authorizePassword } = await import('@/lib/auth/options')
const { hashPassword } = await import('@/lib/auth/password')
const { getCurrentUser } = await import('@/lib/auth/session')
const { changeOwnPassword, changeUserRole, endSessions, setUserDisabled } = await import('./mutations')

let admin: ActorContext
let user: { id: string; email: string; name: string; role: 'VIEWER' }
const password = 'session-password-1'

/** Signs in the way next-auth does: the jwt callback, then the session callback. */
async function signInSession(): Promise<Session> {
  const token = (await authOptions.callbacks!.jwt!({
    token: {} as JWT,
    user: { ...user },
    account: { provider: 'credentials', type: 'credentials', providerAccountId: user.id },
  } as never)) as JWT
  return (await authOptions.callbacks!.session!({ session: { expires: '' } as Session, token } as never)) as Session
}

async function accepted(session: Session) {
  current.session = session
  return (await getCurrentUser()) !== null
}

beforeAll(async () => {
  const passwordHash = await hashPassword(password)
  const root = await db.user.create({
    data: { email: 'root@example.com', name: 'Root', role: 'ADMIN', passwordHash },
    select: { id: true, email: true, name: true, role: true },
  })
  admin = { actor: root, requestId: 'req-sessions', log: logger }
  user = (await db.user.create({
    data: { email: 'sessions@example.com', name: 'Sessions', role: 'VIEWER', passwordHash },
    select: { id: true, email: true, name: true, role: true },
  })) as typeof user
})

beforeEach(() => {
  current.session = null
})

afterAll(async () => {
  await db.$disconnect()
})

describe('session version', () => {
  it('a new session carries the user’s version and is accepted', async () => {
    const session = await signInSession()
    expect(session.sessionVersion).toBe(0)
    expect(await accepted(session)).toBe(true)
  })

  it('a session without a version (minted before versions existed) is refused', async () => {
    const session = await signInSession()
    expect(await accepted({ ...session, sessionVersion: undefined } as unknown as Session)).toBe(false)
  })

  it('sign-out ends every session of the user; a replayed sign-out with an ended session changes nothing', async () => {
    const [a, b] = [await signInSession(), await signInSession()]
    await endSessions(user.id, a.sessionVersion)
    expect(await accepted(a)).toBe(false)
    expect(await accepted(b)).toBe(false)
    const before = (await db.user.findUniqueOrThrow({ where: { id: user.id } })).sessionVersion
    await endSessions(user.id, a.sessionVersion)
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).sessionVersion).toBe(before)
    expect(await accepted(await signInSession())).toBe(true)
  })

  it('disabling ends sessions, and enabling again does not bring them back', async () => {
    const old = await signInSession()
    await setUserDisabled(admin, { userId: user.id, disabled: true })
    expect(await accepted(old)).toBe(false)
    await setUserDisabled(admin, { userId: user.id, disabled: false })
    expect(await accepted(old)).toBe(false)
    expect(await accepted(await signInSession())).toBe(true)
  })

  it('a role change ends sessions', async () => {
    const old = await signInSession()
    await changeUserRole(admin, { userId: user.id, role: 'RESPONDER' })
    expect(await accepted(old)).toBe(false)
    await changeUserRole(admin, { userId: user.id, role: 'VIEWER' })
    expect(await accepted(await signInSession())).toBe(true)
  })

  it('a password change ends sessions; a wrong current password changes nothing', async () => {
    const old = await signInSession()
    const ctx: ActorContext = { actor: user, requestId: 'req-pw', log: logger }
    await expect(changeOwnPassword(ctx, { currentPassword: 'not-it', newPassword: 'a-new-password-123' }, 'test-source')).rejects.toMatchObject({
      code: 'VALIDATION',
    })
    expect(await accepted(old)).toBe(true)
    await expect(changeOwnPassword(ctx, { currentPassword: password, newPassword: 'a-new-password-123' }, 'test-source')).resolves.toEqual({ changed: true })
    expect(await accepted(old)).toBe(false)
    await expect(authorizePassword({ email: user.email, password })).resolves.toBeNull()
    await expect(authorizePassword({ email: user.email, password: 'a-new-password-123' })).resolves.toMatchObject({ email: user.email })
    expect(await db.auditEvent.count({ where: { action: 'auth.password.change', targetId: user.id } })).toBe(1)
  })

  it('signing in (and rehashing an old hash) does not end other sessions', async () => {
    const old = await signInSession()
    await authorizePassword({ email: user.email, password: 'a-new-password-123' })
    expect(await accepted(old)).toBe(true)
  })
})
