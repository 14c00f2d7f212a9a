import 'server-only'
import { requireCan, type ActorContext } from '@/lib/actions/actor'
import { recordAudit } from '@/lib/audit/record'
import type { Role } from '@/lib/auth/permissions'
import { db, type DbTransaction } from '@/lib/db/client'
import { env } from '@/lib/env'
import { verifyPassword } from '@/lib/auth/password'
import { sessionExpired } from '@/lib/auth/session-lifetime'
import { AppError } from '@/lib/errors'
import { recordFailedSignIn } from '@/lib/users/mutations'
import { releaseAttempt, takeAttempt } from '@/lib/sign-in/mutations'
import { grantableRole, type SsoClaims, type SsoRefusal } from './policy'
import { ssoSettingsKey } from './queries'
import { resolveSsoSettings, ssoSettingsSchema, type EnvSsoValues, type SsoSettings } from './settings'

export const LINK_REQUEST_MINUTES = 10
/** How long an admin's "Allow SSO link" lasts. */
export const LINK_ALLOW_HOURS = 24

type SsoUser = { id: string; email: string; name: string; role: Role }

/** The app session the browser still holds when a link request comes back from the provider. */
export type LinkSession = { uid: string; method: string; signedInAt: number }
/** A link request (from the ic-sso-link cookie) with the session of the browser that brought it. */
export type LinkAttempt = { requestId: string; session: LinkSession | null }
export type SsoSignInResult = { ok: true; user: SsoUser; created: boolean; linked: boolean } | { ok: false; refusal: SsoRefusal }

const userSelect = { id: true, email: true, name: true, role: true, disabled: true } as const

class Refused extends Error {
  constructor(readonly refusal: SsoRefusal) {
    super(refusal.code)
  }
}

function isUniqueViolation(err: unknown) {
  return (err as { code?: unknown })?.code === 'P2002'
}

/** Serialises sign-ins of one identity, and of one email, across every app instance. */
async function lockSignIn(tx: DbTransaction, claims: SsoClaims) {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`incident-command:sso:${claims.issuer}:${claims.subject}`}))`
  if (claims.email) await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`incident-command:sso-email:${claims.email}`}))`
}

async function lockAdminRoster(tx: DbTransaction) {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('incident-command:admin-roster'))`
}

/** Applies the group mapping's role; never demotes the last active admin, nor touches the break-glass admin. */
async function syncRole(tx: DbTransaction, user: SsoUser, role: Role | null, claims: SsoClaims, settings: SsoSettings): Promise<Role> {
  if (!role || role === user.role) return user.role
  if (settings.breakGlassEmail && user.email === settings.breakGlassEmail) return user.role
  await lockAdminRoster(tx)
  if (user.role === 'ADMIN') {
    const others = await tx.user.count({ where: { role: 'ADMIN', disabled: false, id: { not: user.id } } })
    if (others === 0) return user.role
  }
  await tx.user.update({ where: { id: user.id }, data: { role } })
  await recordAudit(tx, {
    action: 'auth.sso.role_sync',
    actor: user,
    targetType: 'user',
    targetId: user.id,
    params: { email: user.email, from: user.role, to: role, groups: claims.groups ?? [] },
  })
  return role
}

function auditSsoSignIn(tx: DbTransaction, user: Parameters<typeof recordAudit>[1]['actor'] & { id: string }, claims: SsoClaims) {
  return recordAudit(tx, {
    action: 'auth.session.sign_in',
    actor: user,
    targetType: 'user',
    targetId: user.id,
    params: { method: 'sso', issuer: claims.issuer, subject: claims.subject },
  })
}

async function finishSignIn(tx: DbTransaction, user: SsoUser, claims: SsoClaims, role: Role | null, settings: SsoSettings) {
  const finalRole = await syncRole(tx, user, role, claims, settings)
  await tx.user.update({ where: { id: user.id }, data: { lastLoginAt: new Date() } })
  await auditSsoSignIn(tx, user, claims)
  return { ...user, role: finalRole }
}

/** Links the identity; an admin's pending "Allow SSO link" is used up by any link. */
async function linkIdentity(tx: DbTransaction, user: SsoUser, claims: SsoClaims, how: 'consent' | 'admin') {
  await tx.userIdentity.create({ data: { userId: user.id, issuer: claims.issuer, subject: claims.subject, email: claims.email } })
  await tx.user.update({ where: { id: user.id }, data: { ssoLinkAllowedUntil: null } })
  await recordAudit(tx, {
    action: 'auth.identity.link',
    actor: user,
    targetType: 'user',
    targetId: user.id,
    params: { email: user.email, issuer: claims.issuer, subject: claims.subject, ssoEmail: claims.email, how },
  })
}

async function attempt(claims: SsoClaims, mapped: Role | null, settings: SsoSettings, link: LinkAttempt | null, now: Date): Promise<SsoSignInResult> {
  // An unverified email only ever gets a viewer from the group mapping, at creation and at every later sign-in.
  const role = grantableRole(mapped, claims.emailVerified)
  return db.$transaction(async (tx) => {
    await lockSignIn(tx, claims)
    // 1. The identity we know: (issuer, subject), never the email.
    const identity = await tx.userIdentity.findUnique({
      where: { issuer_subject: { issuer: claims.issuer, subject: claims.subject } },
      select: { id: true, email: true, user: { select: userSelect } },
    })
    if (identity) {
      const { user } = identity
      if (user.disabled) throw new Refused({ code: 'DISABLED' })
      await tx.userIdentity.update({ where: { id: identity.id }, data: { email: claims.email, lastSeenAt: new Date() } })
      return { ok: true, user: await finishSignIn(tx, user, claims, role, settings), created: false, linked: false }
    }

    // 2. The signed-in user asked, from their profile, to link this sign-in to their account.
    // The request counts only in the browser session that made it: a live password session
    // of the same user (the cookie alone would let the next person's sign-in link to them).
    if (link) {
      const request = await tx.ssoLinkRequest.findUnique({ where: { id: link.requestId }, select: { userId: true, expiresAt: true } })
      if (request) await tx.ssoLinkRequest.delete({ where: { id: link.requestId } })
      if (!request || request.expiresAt.getTime() < now.getTime()) throw new Refused({ code: 'SSO_LINK_EXPIRED' })
      const { session } = link
      const sameSession =
        session !== null &&
        session.uid === request.userId &&
        session.method === 'password' &&
        !sessionExpired(session.signedInAt, settings.sessionMaxAgeMinutes, now.getTime())
      if (!sameSession) throw new Refused({ code: 'SSO_LINK_EXPIRED' })
      const user = await tx.user.findUniqueOrThrow({ where: { id: request.userId }, select: userSelect })
      if (user.disabled) throw new Refused({ code: 'DISABLED' })
      await linkIdentity(tx, user, claims, 'consent')
      return { ok: true, user: await finishSignIn(tx, user, claims, role, settings), created: false, linked: true }
    }

    // 3. An account with this email exists: link only where an admin allowed it (and the
    // approval has not expired), only a verified email, and only to an account without an identity.
    const existing = claims.email
      ? await tx.user.findUnique({
          where: { email: claims.email },
          select: { ...userSelect, ssoLinkAllowedUntil: true, _count: { select: { identities: true } } },
        })
      : null
    if (existing) {
      const allowed = existing.ssoLinkAllowedUntil !== null && existing.ssoLinkAllowedUntil.getTime() > now.getTime()
      if (!allowed || !claims.emailVerified || existing._count.identities > 0) throw new Refused({ code: 'SSO_ACCOUNT_EXISTS' })
      if (existing.disabled) throw new Refused({ code: 'DISABLED' })
      const { ssoLinkAllowedUntil: _until, _count: _identities, ...user } = existing
      await linkIdentity(tx, user, claims, 'admin')
      return { ok: true, user: await finishSignIn(tx, user, claims, role, settings), created: false, linked: true }
    }

    // 4. Someone new.
    if (settings.inviteOnly) throw new Refused({ code: 'SSO_NOT_INVITED' })
    if (!claims.email) throw new Refused({ code: 'SSO_MISSING_CLAIM', detail: 'email' })
    if (!claims.emailVerified && !settings.allowUnverifiedEmail) throw new Refused({ code: 'SSO_UNVERIFIED' })
    const startRole: Role = role ?? 'VIEWER'
    const created = await tx.user.create({
      data: {
        email: claims.email,
        name: claims.name,
        role: startRole,
        authProvider: 'oidc',
        lastLoginAt: new Date(),
        identities: { create: { issuer: claims.issuer, subject: claims.subject, email: claims.email } },
      },
      select: { id: true, email: true, name: true, role: true },
    })
    await recordAudit(tx, {
      action: 'admin.user.sso_join',
      actor: created,
      targetType: 'user',
      targetId: created.id,
      params: {
        role: startRole,
        issuer: claims.issuer,
        subject: claims.subject,
        emailVerified: claims.emailVerified,
        groups: claims.groups ?? [],
      },
    })
    await auditSsoSignIn(tx, created, claims)
    return { ok: true, user: created, created: true, linked: false }
  })
}

/**
 * A single sign-on: finds the user by (issuer, subject), links on consent or an
 * admin's approval, or creates a new user; each path is one transaction with its
 * audit events. Refusals change nothing (and are audited by the caller).
 */
export async function signInViaSso(
  claims: SsoClaims,
  role: Role | null,
  settings: SsoSettings,
  link: LinkAttempt | null,
  now = new Date(),
): Promise<SsoSignInResult> {
  for (let round = 0; ; round++) {
    try {
      return await attempt(claims, role, settings, link, now)
    } catch (err) {
      if (err instanceof Refused) {
        // A refused link request is used up all the same.
        if (link) await db.ssoLinkRequest.deleteMany({ where: { id: link.requestId } })
        return { ok: false, refusal: err.refusal }
      }
      // Two first sign-ins racing on one email (or identity): the loser finds the winner's rows next time.
      if (isUniqueViolation(err) && round < 2) continue
      if (isUniqueViolation(err) && link) return { ok: false, refusal: { code: 'SSO_LINK_CONFLICT' } }
      throw err
    }
  }
}

/** At sign-out: the user's pending link requests end with their session. */
export async function dropLinkRequests(userId: string) {
  await db.ssoLinkRequest.deleteMany({ where: { userId } })
}

/**
 * Removes a linked single sign-on identity, audited. An admin may remove any; a user
 * removes their own only while they keep another way to sign in (a password or another identity).
 */
export async function unlinkIdentity(ctx: ActorContext, input: { userId: string; identityId: string }, by: 'admin' | 'self') {
  if (by === 'self' && input.userId !== ctx.actor.id) throw new AppError('FORBIDDEN')
  return db.$transaction(async (tx) => {
    const identity = await tx.userIdentity.findFirst({
      where: { id: input.identityId, userId: input.userId },
      select: { id: true, issuer: true, subject: true, email: true, user: { select: { id: true, email: true, passwordHash: true } } },
    })
    if (!identity) throw new AppError('NOT_FOUND', 'That single sign-on identity is no longer linked.')
    if (by === 'self' && !identity.user.passwordHash) {
      const others = await tx.userIdentity.count({ where: { userId: input.userId, id: { not: identity.id } } })
      if (others === 0) throw new AppError('CONFLICT', 'This is your only way to sign in. Ask an admin to set a password first.')
    }
    await tx.userIdentity.delete({ where: { id: identity.id } })
    await recordAudit(tx, {
      action: 'auth.identity.unlink',
      actor: ctx.actor,
      targetType: 'user',
      targetId: identity.user.id,
      requestId: ctx.requestId,
      params: { email: identity.user.email, issuer: identity.issuer, subject: identity.subject, ssoEmail: identity.email, by },
    })
    return { id: identity.id }
  })
}

/** Who a refused single sign-on claimed to be: an email the provider did not verify says so. */
export function refusalActor(claimed: { email: string | null; emailVerified: boolean } | null) {
  if (!claimed?.email) return 'unknown (single sign-on)'
  return claimed.emailVerified ? claimed.email : `${claimed.email} (unverified)`
}

/** Records a refused or failed single sign-on (with a fixed reason code); nothing else changes. */
export async function recordSsoRefusal(
  claimed: { email: string | null; emailVerified: boolean } | null,
  reason: string,
  params: Record<string, string | null> = {},
) {
  await db.$transaction((tx) =>
    recordAudit(tx, {
      action: 'auth.session.sign_in_failed',
      actorEmail: refusalActor(claimed),
      status: 'FAILED',
      error: reason,
      params: { method: 'sso', ...params },
    }),
  )
}

/**
 * The signed-in user's consent to link their next single sign-on, proven with their
 * current password; used once within LINK_REQUEST_MINUTES, in the same browser session.
 */
export async function createLinkRequest(ctx: ActorContext, input: { password: string }, now = new Date(), source = 'unknown') {
  const user = await db.user.findUnique({ where: { id: ctx.actor.id }, select: { id: true, email: true, passwordHash: true } })
  if (!user?.passwordHash) throw new AppError('FORBIDDEN', 'This account has no password, so it cannot link single sign-on itself. Ask an admin.')
  // The same throttle as the sign-in form: this is a password check too.
  const turn = await takeAttempt(user.email, source, now)
  if (!turn.ok) throw new AppError('RATE_LIMITED', `Too many wrong passwords for this account. Try again in ${turn.seconds} seconds.`)
  if (!(await verifyPassword(input.password, user.passwordHash))) {
    await recordFailedSignIn(user, { source, lockSeconds: turn.accountLockSeconds })
    throw new AppError('VALIDATION', 'Wrong password.', { password: ['Wrong password.'] })
  }
  await releaseAttempt(user.email, source)
  return db.$transaction(async (tx) => {
    await tx.ssoLinkRequest.deleteMany({ where: { userId: ctx.actor.id } })
    return tx.ssoLinkRequest.create({
      data: { userId: ctx.actor.id, expiresAt: new Date(now.getTime() + LINK_REQUEST_MINUTES * 60_000) },
      select: { id: true },
    })
  })
}

/**
 * An admin lets the next verified single sign-on with this user's email, within
 * LINK_ALLOW_HOURS, link to the account (only one without an identity); or withdraws that.
 */
export async function allowSsoLink(ctx: ActorContext, input: { userId: string; allowed: boolean }, now = new Date()) {
  requireCan(ctx.actor, 'admin:users', 'Only an admin can manage single sign-on.')
  return db.$transaction(async (tx) => {
    const user = await tx.user.findUnique({
      where: { id: input.userId },
      select: { id: true, email: true, ssoLinkAllowedUntil: true, _count: { select: { identities: true } } },
    })
    if (!user) throw new AppError('NOT_FOUND', 'That user no longer exists.')
    if (!input.allowed && user.ssoLinkAllowedUntil === null) return { id: user.id, email: user.email, ssoLinkAllowedUntil: null }
    if (input.allowed && user._count.identities > 0) {
      throw new AppError('CONFLICT', `${user.email} already has single sign-on linked. Unlink it first to link another identity.`)
    }
    const until = input.allowed ? new Date(now.getTime() + LINK_ALLOW_HOURS * 3_600_000) : null
    await tx.user.update({ where: { id: user.id }, data: { ssoLinkAllowedUntil: until } })
    await recordAudit(tx, {
      action: 'admin.user.sso_link_allow',
      actor: ctx.actor,
      targetType: 'user',
      targetId: user.id,
      requestId: ctx.requestId,
      params: { email: user.email, allowed: input.allowed, until: until?.toISOString() ?? null },
    })
    return { id: user.id, email: user.email, ssoLinkAllowedUntil: until?.toISOString() ?? null }
  })
}

/**
 * Saves the admin-editable sign-in settings (versioned: a stale form gets CONFLICT).
 * The break-glass rule is checked on the settings that will be in force, environment
 * variables included, not only on what the form sent.
 */
export async function updateSsoSettings(ctx: ActorContext, input: { settings: SsoSettings; expectedVersion: number }, envValues: EnvSsoValues = env) {
  requireCan(ctx.actor, 'admin:users', 'Only an admin can manage single sign-on.')
  const settings = ssoSettingsSchema.parse(input.settings)
  const effective = resolveSsoSettings(envValues, settings).settings
  return db.$transaction(async (tx) => {
    await lockAdminRoster(tx)
    if (effective.ssoOnly) {
      const breakGlass = effective.breakGlassEmail
        ? await tx.user.findUnique({ where: { email: effective.breakGlassEmail }, select: { role: true, disabled: true, passwordHash: true } })
        : null
      if (!breakGlass || breakGlass.role !== 'ADMIN' || breakGlass.disabled || !breakGlass.passwordHash) {
        throw new AppError('VALIDATION', 'Single sign-on only needs a break-glass admin: an active admin with a password.', {
          breakGlassEmail: [
            effective.breakGlassEmail && effective.breakGlassEmail !== settings.breakGlassEmail
              ? `${effective.breakGlassEmail} (set by AUTH_BREAK_GLASS_EMAIL) is not an active admin with a password.`
              : 'Enter the email of an active admin who has a password.',
          ],
        })
      }
    }
    await tx.appSetting.createMany({ data: [{ key: ssoSettingsKey, value: {} }], skipDuplicates: true })
    const { count } = await tx.appSetting.updateMany({
      where: { key: ssoSettingsKey, version: input.expectedVersion },
      data: { value: settings, version: { increment: 1 } },
    })
    if (count !== 1) throw new AppError('CONFLICT', 'The sign-in settings changed since you loaded them. Reload, then try again.')
    await recordAudit(tx, {
      action: 'admin.sso_settings.update',
      actor: ctx.actor,
      targetType: 'setting',
      targetId: ssoSettingsKey,
      requestId: ctx.requestId,
      params: settings,
    })
    return { version: input.expectedVersion + 1 }
  })
}
