import 'server-only'
import { cache } from 'react'
import type { Actor } from '@/lib/actions/actor'
import { lockedAccounts } from '@/lib/sign-in/queries'
import { db } from '@/lib/db/client'
import type { CurrentUser, UserRow } from './dto'

/** The user behind a session, or null when they no longer exist or are disabled; with the session version sessions must carry. */
export const getActiveUser = cache(async (id: string): Promise<(CurrentUser & { sessionVersion: number }) | null> => {
  return db.user.findFirst({
    where: { id, disabled: false },
    select: { id: true, email: true, name: true, role: true, sessionVersion: true },
  })
})

/** The version a new session of this user carries (0 when the user is gone: such a session is refused anyway). */
export async function sessionVersionOf(id: string) {
  const row = await db.user.findUnique({ where: { id }, select: { sessionVersion: true } })
  return row?.sessionVersion ?? 0
}

export function findUserForSignIn(email: string) {
  return db.user.findUnique({
    where: { email },
    select: { id: true, email: true, name: true, role: true, disabled: true, passwordHash: true },
  })
}

export async function listUsers(_actor: Actor, now = new Date()): Promise<UserRow[]> {
  const locks = await lockedAccounts(now)
  const rows = await db.user.findMany({
    orderBy: [{ disabled: 'asc' }, { email: 'asc' }],
    select: {
      id: true,
      email: true,
      name: true,
      role: true,
      disabled: true,
      authProvider: true,
      ssoLinkAllowedUntil: true,
      _count: { select: { identities: true } },
      identities: { orderBy: { createdAt: 'asc' }, select: { id: true, email: true } },
      lastLoginAt: true,
      createdAt: true,
    },
  })
  return rows.map(({ _count, identities, ...r }) => ({
    ...r,
    identities: _count.identities,
    linkedIdentities: identities,
    ssoLinkAllowedUntil: r.ssoLinkAllowedUntil?.toISOString() ?? null,
    signInLock: locks.has(r.email) ? { sources: locks.get(r.email)!.sources, until: locks.get(r.email)!.until.toISOString() } : null,
    lastLoginAt: r.lastLoginAt?.toISOString() ?? null,
    createdAt: r.createdAt.toISOString(),
  }))
}
