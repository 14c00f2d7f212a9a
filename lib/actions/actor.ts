import { can, type Permission } from '@/lib/auth/permissions'
import { AppError } from '@/lib/errors'
import type { Logger } from '@/lib/logger'
import type { CurrentUser } from '@/lib/users/dto'

export type Actor = CurrentUser

/** Who is acting, and the request it belongs to; every mutation takes one. */
export type ActorContext = { actor: Actor; requestId: string; log: Logger }

/**
 * The one permission check inside the data layer. defineAction checks the action's
 * permission at the door; every query and mutation that reads or changes guarded data
 * checks again with this, so a caller that is not an action cannot skip it.
 */
export function requireCan(actor: Pick<Actor, 'role'>, permission: Permission, message?: string): void {
  if (!can(actor.role, permission)) throw new AppError('FORBIDDEN', message)
}
