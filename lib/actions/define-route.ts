import 'server-only'
import { unstable_rethrow } from 'next/navigation'
import { z } from 'zod'
import { getCurrentUser } from '@/lib/auth/session'
import { can, type Permission } from '@/lib/auth/permissions'
import { AppError, defaultMessages, zodFieldErrors, type ErrorCode } from '@/lib/errors'
import { logger } from '@/lib/logger'
import type { ActorContext } from './actor'

// defineAction's twin for route handlers (app/api/**/route.ts): authenticate, check the
// permission, validate the path and query with zod, run, and map the outcome to HTTP,
// the same way for every route. `run` returns plain data (sent as JSON, never cached),
// a Response of its own (a file, a different status), or null for 404.
//
// Not found, the one convention: a page calls notFound() (Next renders the 404 page);
// a query reached by id may call notFound() or return null; a route answers both with
// the same JSON 404.

const statusOf: Record<ErrorCode, number> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  VALIDATION: 400,
  NOT_FOUND: 404,
  CONFLICT: 409,
  RATE_LIMITED: 429,
  INTERNAL: 500,
}

export function routeError(code: ErrorCode, message?: string, fieldErrors?: Record<string, string[]>) {
  const body = { error: code, ...(message ? { message } : {}), ...(fieldErrors ? { fieldErrors } : {}) }
  return Response.json(body, { status: statusOf[code], headers: { 'cache-control': 'no-store' } })
}

const anything = z.object({}).passthrough()
type Shape = z.ZodType<Record<string, unknown>>

export function defineRoute<P extends Shape = typeof anything, Q extends Shape = typeof anything>(
  opts: {
    permission: Permission
    params?: P
    query?: Q
    /** The 400 message when the input is refused; by default the schema's messages joined. */
    invalid?: string
  },
  run: (input: { params: z.infer<P>; query: z.infer<Q>; req: Request; ctx: ActorContext }) => Promise<unknown>,
) {
  return async (req: Request, context: { params?: Promise<Record<string, string | string[]>> } = {}): Promise<Response> => {
    const actor = await getCurrentUser()
    if (!actor) return routeError('UNAUTHENTICATED')
    if (!can(actor.role, opts.permission)) return routeError('FORBIDDEN')
    const params = (opts.params ?? anything).safeParse((await context.params) ?? {})
    const query = (opts.query ?? anything).safeParse(Object.fromEntries(new URL(req.url).searchParams))
    for (const parsed of [params, query]) {
      if (!parsed.success) return routeError('VALIDATION', opts.invalid ?? parsed.error.issues.map((i) => i.message).join('; '), zodFieldErrors(parsed.error))
    }
    const requestId = crypto.randomUUID()
    const ctx: ActorContext = { actor, requestId, log: logger.child({ requestId, userId: actor.id }) }
    try {
      const result = await run({ params: params.data as z.infer<P>, query: query.data as z.infer<Q>, req, ctx })
      if (result instanceof Response) return result
      if (result == null) return routeError('NOT_FOUND')
      return Response.json(result, { headers: { 'cache-control': 'no-store' } })
    } catch (err) {
      // A query's notFound() means the same as returning null: a JSON 404, not the HTML page.
      if ((err as { digest?: unknown })?.digest === 'NEXT_HTTP_ERROR_FALLBACK;404') return routeError('NOT_FOUND')
      unstable_rethrow(err)
      if (err instanceof AppError) return routeError(err.code, err.message, err.fieldErrors)
      ctx.log.error({ err }, 'route failed')
      return routeError('INTERNAL', `${defaultMessages.INTERNAL} Reference: ${requestId}`)
    }
  }
}
