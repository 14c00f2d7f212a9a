import 'server-only'
import { getServerSession } from 'next-auth'
import { forbidden, redirect } from 'next/navigation'
import { cache } from 'react'
import type { CurrentUser } from '@/lib/users/dto'
import { getSsoSettings } from '@/lib/sso/queries'
import { getActiveUser } from '@/lib/users/queries'
import { authOptions } from './options'
import { can, type Permission } from './permissions'
import { sessionAllowed } from './session-lifetime'

/** The session as next-auth decoded it, once per request. */
export const getSession = cache(() => getServerSession(authOptions))

/**
 * The signed-in user, read fresh from the database on every request: a role change
 * applies at once, a disabled user's session stops working, a session older
 * than the admin's session lifetime (at most 12 hours) has ended, and with single
 * sign-on only on, password sessions of anyone but the break-glass admin have ended,
 * and a session that began before the user's sessions were ended (sign-out, disable,
 * role or password change: User.sessionVersion moved on) has ended.
 */
export const getCurrentUser = cache(async (): Promise<CurrentUser | null> => {
  const session = await getSession()
  const id = session?.user?.id
  if (!id) return null
  const [{ settings }, user] = await Promise.all([getSsoSettings(), getActiveUser(id)])
  if (!user || user.sessionVersion !== session.sessionVersion || !sessionAllowed(session, user, settings, Date.now())) return null
  const { sessionVersion: _version, ...current } = user
  return current
})

/** For pages and layouts: sends a signed-out visitor to /login. */
export async function requireUser() {
  const user = await getCurrentUser()
  if (!user) redirect('/login')
  return user
}

/** For pages: a signed-in user without the permission gets the 403 page. */
export async function requirePermission(permission: Permission) {
  const user = await requireUser()
  if (!can(user.role, permission)) forbidden()
  return user
}
