// A password sign-in from a source this instance already saw locked (lib/sign-in/mutations.ts)
// is refused before Next.js sees it. Next's request pipeline costs several milliseconds of
// the one event loop per request, so a spray of refused attempts, each answered in a route
// handler, still queued every other request behind it. The app server (scripts/serve-app.mjs)
// asks this door first: it answers from the headers and the body in well under a millisecond.
// The route answers the same way (lib/auth/sso-route.ts) when the app runs without that server.
import { env } from '@/lib/env'
import { knownSourceLock } from '@/lib/sign-in/mutations'
import { clientSource } from './client-source'

type HeaderBag = Parameters<typeof clientSource>[0]
export type Refusal = { status: number; headers: Record<string, string>; body: string }

const DOOR = Symbol.for('incident-command.sign-in-door')

/** Seconds left on the known lock of the source of a request to `path` (0: let it through). */
export function lockedSeconds(method: string, path: string, headers: HeaderBag) {
  if (method !== 'POST' || !path.endsWith('/callback/credentials')) return 0
  return knownSourceLock(clientSource(headers, env.AUTH_TRUSTED_PROXIES ?? 0))
}

/** The answer next-auth gives a refused sign-in: `{ url }` when the form asked for JSON, a redirect otherwise. */
export function refusal(seconds: number, formBody: string, origin: string): Refusal {
  const base = (env.NEXTAUTH_URL ?? origin).replace(/\/$/, '')
  const url = `${base}/login?error=${encodeURIComponent(`THROTTLED:${seconds}`)}`
  const headers = { 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', 'retry-after': String(seconds) }
  if (new URLSearchParams(formBody).get('json') === 'true')
    return { status: 200, headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify({ url }) }
  return { status: 302, headers: { ...headers, location: url }, body: '' }
}

/** Offers the door to the app server (one per process; the server looks it up by this symbol). */
export function openDoor() {
  ;(globalThis as Record<symbol, unknown>)[DOOR] = { lockedSeconds, refusal }
}
