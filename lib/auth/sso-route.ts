import 'server-only'
import NextAuth from 'next-auth'
import { logger } from '@/lib/logger'
import { classifySsoFailure } from '@/lib/sso/errors'
import { recordSsoRefusal } from '@/lib/sso/mutations'
import { authOptions } from './options'
import { lockedSeconds, openDoor, refusal } from './front-door'
import { ssoFailureStore, type SsoFailureNote } from './sso-failure'

const nextAuth = NextAuth(authOptions) as (req: Request, ctx: unknown) => Promise<Response>
const genericCodes = /([?&]error=)(OAuthSignin|OAuthCallback|Callback)\b/

function withCode(url: string, code: string) {
  return url.replace(genericCodes, `$1${code}`)
}

/**
 * next-auth's one-size code, replaced by what actually happened, which is also logged
 * and audited. The message may be anyone's text (`?error=` on the callback URL): the
 * audit log gets only the fixed codes, the log a bounded copy of the message.
 */
export async function explain(res: Response, note: SsoFailureNote): Promise<Response> {
  const code = classifySsoFailure(note.message)
  logger.warn({ code, nextAuthCode: note.code, reason: note.message.slice(0, 200) }, 'single sign-on failed')
  await recordSsoRefusal(null, code, { nextAuthCode: note.code.slice(0, 50) }).catch((err) => logger.error({ err }, 'could not audit a failed single sign-on'))
  const headers = new Headers(res.headers)
  const location = headers.get('location')
  if (location && genericCodes.test(location)) {
    headers.set('location', withCode(location, code))
    return new Response(null, { status: res.status, headers })
  }
  if (headers.get('content-type')?.includes('application/json')) {
    const body = (await res
      .clone()
      .json()
      .catch(() => null)) as { url?: unknown } | null
    if (body && typeof body.url === 'string' && genericCodes.test(body.url)) {
      headers.delete('content-length')
      return new Response(JSON.stringify({ ...body, url: withCode(body.url, code) }), { status: res.status, headers })
    }
  }
  return res
}

/** A password sign-in from a source this instance already saw locked is answered at once (lib/auth/front-door.ts). */
async function quickRefusal(req: Request): Promise<Response | null> {
  const url = new URL(req.url)
  const seconds = lockedSeconds(req.method, url.pathname, req.headers)
  if (seconds === 0) return null
  const answer = refusal(seconds, await req.text().catch(() => ''), url.origin)
  return new Response(answer.body || null, { status: answer.status, headers: answer.headers })
}

openDoor()

/** The /api/auth route: next-auth, with the reason for a failed single sign-on kept. */
export async function authRoute(req: Request, ctx: unknown) {
  const refused = await quickRefusal(req)
  if (refused) return refused
  const store: { note: SsoFailureNote | null } = { note: null }
  const res = await ssoFailureStore.run(store, () => nextAuth(req, ctx))
  return store.note ? explain(res, store.note) : res
}
