import 'server-only'
import { requireCan, type ActorContext } from '@/lib/actions/actor'
import { recordAudit } from '@/lib/audit/record'
import { hashPassword, verifyPassword } from '@/lib/auth/password'
import { limitConcurrency } from '@/lib/limit-concurrency'
import { db, type DbTransaction } from '@/lib/db/client'
import { AppError, fromDatabaseError } from '@/lib/errors'
import { releaseAttempt, takeAttempt } from '@/lib/sign-in/mutations'
import { readSsoSettings } from '@/lib/sso/queries'
import type { ChangePasswordInput, ChangeRoleInput, CreateUserInput, SetDisabledInput, UnlockUserInput } from './schemas'

/**
 * Audits a wrong password that the throttle let through (at most a few per account
 * and source before a lock: lib/auth/throttle.ts). Attempts refused while locked are
 * only counted on their SignInThrottle row, so a burst never queues on the audit chain.
 */
export async function recordFailedSignIn(user: { id: string; email: string }, detail: { source: string; lockSeconds: number }) {
  await auditSignIns(() =>
    db.$transaction((tx) =>
      recordAudit(tx, {
        action: 'auth.session.sign_in_failed',
        actorEmail: user.email,
        targetType: 'user',
        targetId: user.id,
        status: 'FAILED',
        error: detail.lockSeconds > 0 ? `wrong password; locked for ${detail.lockSeconds}s from ${detail.source}` : 'wrong password',
        params: { source: detail.source },
      }),
    ),
  )
}

export async function recordRefusedSignIn(email: string, reason: string, source?: string) {
  await auditSignIns(() =>
    db.$transaction((tx) =>
      recordAudit(tx, { action: 'auth.session.sign_in_failed', actorEmail: email, status: 'FAILED', error: reason, ...(source ? { params: { source } } : {}) }),
    ),
  )
}

export async function recordSignIn(user: { id: string; email: string }, method: 'password' | 'sso', passwordHash?: string) {
  await db.$transaction(async (tx) => {
    await tx.user.update({
      where: { id: user.id },
      data: { lastLoginAt: new Date(), ...(passwordHash ? { passwordHash } : {}) },
    })
    await recordAudit(tx, {
      action: 'auth.session.sign_in',
      actor: user,
      targetType: 'user',
      targetId: user.id,
      params: { method },
    })
  })
}

// Failed sign-ins wait for at most two audit transactions per instance at a time, so
// a burst never holds the database pool (each would hold a connection while it waits
// for the audit chain's lock).
const auditSignIns = limitConcurrency(2)

/** Serialises changes to the set of admins, across every app instance. */
async function lockAdminRoster(tx: DbTransaction) {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('incident-command:admin-roster'))`
}

async function assertAnotherActiveAdmin(tx: DbTransaction, userId: string) {
  const others = await tx.user.count({ where: { role: 'ADMIN', disabled: false, id: { not: userId } } })
  if (others === 0) throw new AppError('CONFLICT', 'This is the last active admin. Make someone else an admin first.')
}

/** While single sign-on only is on, the break-glass admin stays an active admin (the way in when the provider is down). */
async function assertNotBreakGlass(tx: DbTransaction, email: string) {
  const settings = await readSsoSettings(tx)
  if (settings.ssoOnly && settings.breakGlassEmail === email) {
    throw new AppError(
      'CONFLICT',
      `${email} is the break-glass admin while single sign-on only is on. Choose another break-glass admin on Admin → Single sign-on first.`,
    )
  }
}

export async function createUser(ctx: ActorContext, input: CreateUserInput) {
  requireCan(ctx.actor, 'admin:users', 'Only an admin can manage users.')
  const passwordHash = await hashPassword(input.password)
  try {
    return await db.$transaction(async (tx) => {
      const user = await tx.user.create({
        data: { email: input.email, name: input.name, role: input.role, passwordHash, authProvider: 'credentials' },
        select: { id: true, email: true, role: true },
      })
      await recordAudit(tx, {
        action: 'admin.user.create',
        actor: ctx.actor,
        targetType: 'user',
        targetId: user.id,
        requestId: ctx.requestId,
        params: { email: user.email, role: user.role },
      })
      return user
    })
  } catch (err) {
    throw fromDatabaseError(err, { conflict: `A user with the email ${input.email} already exists.` })
  }
}

export async function changeUserRole(ctx: ActorContext, input: ChangeRoleInput) {
  requireCan(ctx.actor, 'admin:users', 'Only an admin can manage users.')
  return db.$transaction(async (tx) => {
    await lockAdminRoster(tx)
    const user = await tx.user.findUnique({ where: { id: input.userId }, select: { id: true, email: true, role: true } })
    if (!user) throw new AppError('NOT_FOUND', 'That user no longer exists.')
    if (user.role === input.role) return { id: user.id, role: user.role }
    if (user.role === 'ADMIN') {
      await assertAnotherActiveAdmin(tx, user.id)
      await assertNotBreakGlass(tx, user.email)
    }
    // The new role applies at once anyway (read per request); open sessions still end, so nobody keeps a session begun under the old role.
    const updated = await tx.user.update({
      where: { id: user.id },
      data: { role: input.role, sessionVersion: { increment: 1 } },
      select: { id: true, role: true },
    })
    await recordAudit(tx, {
      action: 'admin.user.role_change',
      actor: ctx.actor,
      targetType: 'user',
      targetId: user.id,
      requestId: ctx.requestId,
      params: { email: user.email, from: user.role, to: input.role },
    })
    return updated
  })
}

export async function setUserDisabled(ctx: ActorContext, input: SetDisabledInput) {
  requireCan(ctx.actor, 'admin:users', 'Only an admin can manage users.')
  if (input.disabled && input.userId === ctx.actor.id) {
    throw new AppError('CONFLICT', 'You cannot disable your own account.')
  }
  return db.$transaction(async (tx) => {
    await lockAdminRoster(tx)
    const user = await tx.user.findUnique({ where: { id: input.userId }, select: { id: true, email: true, role: true, disabled: true } })
    if (!user) throw new AppError('NOT_FOUND', 'That user no longer exists.')
    if (user.disabled === input.disabled) return { id: user.id, disabled: user.disabled }
    if (input.disabled && user.role === 'ADMIN') await assertAnotherActiveAdmin(tx, user.id)
    if (input.disabled) await assertNotBreakGlass(tx, user.email)
    const updated = await tx.user.update({
      where: { id: user.id },
      // Both ways: a session from before a disable must not come back with the enable.
      data: { disabled: input.disabled, sessionVersion: { increment: 1 } },
      select: { id: true, disabled: true },
    })
    await recordAudit(tx, {
      action: input.disabled ? 'admin.user.disable' : 'admin.user.enable',
      actor: ctx.actor,
      targetType: 'user',
      targetId: user.id,
      requestId: ctx.requestId,
      params: { email: user.email },
    })
    return updated
  })
}

/** An admin lifts every sign-in lock on this account (from every source), with its audit event. */
export async function unlockUser(ctx: ActorContext, input: UnlockUserInput, now = new Date()) {
  return db.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: input.userId }, select: { id: true, email: true } })
    if (!user) throw new AppError('NOT_FOUND', 'That user no longer exists.')
    const lockedSources = await tx.signInThrottle.count({ where: { email: user.email, lockedUntil: { gt: now } } })
    await tx.signInThrottle.deleteMany({ where: { email: user.email } })
    await recordAudit(tx, {
      action: 'admin.user.unlock',
      actor: ctx.actor,
      targetType: 'user',
      targetId: user.id,
      requestId: ctx.requestId,
      params: { email: user.email, lockedSources },
    })
    return { id: user.id, lockedSources }
  })
}

/**
 * Ends every session of this user (sign-out). `fromVersion` is the version of the
 * session signing out: a sign-out replayed with an already ended session changes nothing.
 */
export async function endSessions(userId: string, fromVersion?: number) {
  await db.user.updateMany({
    where: { id: userId, ...(fromVersion === undefined ? {} : { sessionVersion: fromVersion }) },
    data: { sessionVersion: { increment: 1 } },
  })
}

/** The signed-in user changes their password (proven with the current one); every session of theirs ends. */
export async function changeOwnPassword(ctx: ActorContext, input: ChangePasswordInput, source = 'unknown', now = new Date()) {
  const user = await db.user.findUnique({ where: { id: ctx.actor.id }, select: { id: true, email: true, passwordHash: true } })
  if (!user?.passwordHash) throw new AppError('CONFLICT', 'This account signs in with single sign-on only; it has no password to change.')
  const turn = await takeAttempt(user.email, source, now)
  if (!turn.ok) throw new AppError('RATE_LIMITED', `Too many wrong passwords for this account. Try again in ${turn.seconds} seconds.`)
  if (!(await verifyPassword(input.currentPassword, user.passwordHash))) {
    await recordFailedSignIn(user, { source, lockSeconds: turn.accountLockSeconds })
    throw new AppError('VALIDATION', 'Wrong password.', { currentPassword: ['Wrong password.'] })
  }
  await releaseAttempt(user.email, source)
  const passwordHash = await hashPassword(input.newPassword)
  return db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: user.id }, data: { passwordHash, sessionVersion: { increment: 1 } } })
    await recordAudit(tx, { action: 'auth.password.change', actor: ctx.actor, targetType: 'user', targetId: user.id, requestId: ctx.requestId })
    return { changed: true }
  })
}
