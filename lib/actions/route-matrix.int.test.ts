// Every route handler under app/api, called signed out and as a viewer: each one asks
// for a session (401 without one) unless it is listed as public here, and the routes
// that need more than reading refuse a viewer (403). New routes are found by the walk.
import { readdirSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { db } from '@/lib/db/client'
import type { CurrentUser } from '@/lib/users/dto'

const session = vi.hoisted(() => ({ user: null as CurrentUser | null }))
vi.mock('@/lib/auth/session', async (original) => ({ ...(await original<object>()), getCurrentUser: async () => session.user }))

/** Routes that answer without a session, and why. */
const publicRoutes: Record<string, string> = {
  'app/api/health/route.ts': 'the liveness probe of load balancers',
  'app/api/auth/[...nextauth]/route.ts': 'sign-in itself',
  'app/api/sign-out/route.ts': 'reads the session cookie to find the provider to sign out of',
  // Alert ingestion: authenticated per integration (a token, or AWS's signature), not a
  // session; lib/alerts/alerts.int.test.ts covers their refusals.
  'app/api/alerts/sns/route.ts': 'SNS messages, signed by AWS',
  'app/api/alerts/eventbridge/route.ts': 'EventBridge API destinations, with the integration token',
  'app/api/alerts/alertmanager/route.ts': 'Alertmanager webhooks, with the integration token',
  'app/api/alerts/webhook/route.ts': 'generic alert webhooks, with the integration token',
}
/** Routes a viewer may not call. */
const notForViewers = ['app/api/audit/export/route.ts', 'app/api/services/[serviceId]/remediation-preview/route.ts']

function routeFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry)
    if (statSync(path).isDirectory()) return routeFiles(path)
    return entry === 'route.ts' ? [path] : []
  })
}

const root = join(__dirname, '..', '..')
const ID = '00000000-0000-4000-8000-000000000001'
const handlers: [string, string, (req: Request, ctx: unknown) => Promise<Response>][] = []

beforeAll(async () => {
  for (const file of routeFiles(join(root, 'app', 'api'))) {
    const mod = (await import(/* @vite-ignore */ file)) as Record<string, unknown>
    for (const method of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE']) {
      if (typeof mod[method] === 'function') handlers.push([relative(root, file), method, mod[method] as never])
    }
  }
}, 60_000)

afterAll(() => db.$disconnect())

const call = (method: string, handler: (req: Request, ctx: unknown) => Promise<Response>) => {
  const params = new Proxy({}, { get: (_t, key) => (typeof key === 'string' ? ID : undefined), has: () => true, ownKeys: () => [] })
  return handler(new Request(`http://localhost/api/x?kind=FORCE_NEW_DEPLOYMENT`, { method }), { params: Promise.resolve(params) })
}

describe('route × session matrix', () => {
  it('finds the route handlers', () => {
    expect(handlers.length).toBeGreaterThanOrEqual(15)
  })

  it('answers 401 without a session, except the public routes', async () => {
    session.user = null
    const refused: string[] = []
    for (const [file, method, handler] of handlers) {
      if (file in publicRoutes) continue
      const res = await call(method, handler)
      if (res.status !== 401) refused.push(`${method} ${file} answered ${res.status}`)
    }
    expect(refused).toEqual([])
  })

  it('answers 403 to a viewer on the routes that need more than reading', async () => {
    session.user = await db.user.create({
      data: { email: 'route-viewer@example.com', name: 'Route Viewer', role: 'VIEWER' },
      select: { id: true, email: true, name: true, role: true },
    })
    for (const file of notForViewers) {
      const found = handlers.filter(([f]) => f === file)
      expect(found.length, file).toBeGreaterThan(0)
      for (const [, method, handler] of found) expect((await call(method, handler)).status, `${method} ${file}`).toBe(403)
    }
  })
})
