import type { Logger } from '@/lib/logger'
import type { CurrentUser } from '@/lib/users/dto'

export type Actor = CurrentUser

/** Who is acting, and the request it belongs to; every mutation takes one. */
export type ActorContext = { actor: Actor; requestId: string; log: Logger }
