import 'server-only'
import { unstable_rethrow } from 'next/navigation'
import type { z } from 'zod'
import { getCurrentUser } from '@/lib/auth/session'
import { can, type Permission } from '@/lib/auth/permissions'
import { AppError, defaultMessages, type ErrorCode, zodFieldErrors } from '@/lib/errors'
import { logger } from '@/lib/logger'
import { nulPath } from '@/lib/security/input.js'
import type { ActorContext } from './actor'
import type { ActionResult } from './result'

function fail(code: ErrorCode, message = defaultMessages[code], fieldErrors?: Record<string, string[]>): ActionResult<never> {
  return { ok: false, code, message, ...(fieldErrors ? { fieldErrors } : {}) }
}

/**
 * Every server action is built here: it authenticates, refuses NUL characters, parses the input, checks the
 * permission and maps errors, in that order, so no action can skip a step.
 */
export function defineAction<S extends z.ZodType, T>(opts: { schema: S; permission: Permission }, run: (input: z.infer<S>, ctx: ActorContext) => Promise<T>) {
  return async (raw: unknown): Promise<ActionResult<T>> => {
    const actor = await getCurrentUser()
    if (!actor) return fail('UNAUTHENTICATED')
    // PostgreSQL refuses NUL in text: say so here, for every field of every action.
    const nul = nulPath(raw)
    if (nul !== null) return fail('VALIDATION', 'Text cannot contain a NUL character.', { [nul]: ['Remove the NUL character (\\0)'] })
    const parsed = opts.schema.safeParse(raw)
    if (!parsed.success) return fail('VALIDATION', defaultMessages.VALIDATION, zodFieldErrors(parsed.error))
    if (!can(actor.role, opts.permission)) return fail('FORBIDDEN')
    const requestId = crypto.randomUUID()
    const ctx: ActorContext = { actor, requestId, log: logger.child({ requestId, userId: actor.id }) }
    try {
      return { ok: true, data: await run(parsed.data, ctx) }
    } catch (err) {
      unstable_rethrow(err)
      if (err instanceof AppError) return fail(err.code, err.message, err.fieldErrors)
      ctx.log.error({ err }, 'action failed')
      return fail('INTERNAL', `${defaultMessages.INTERNAL} Reference: ${requestId}`)
    }
  }
}
