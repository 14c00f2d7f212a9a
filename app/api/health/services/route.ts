import { defineRoute } from '@/lib/actions/define-route'
import { getFleetHealth } from '@/lib/health/queries/fleet'

export const dynamic = 'force-dynamic'

// Every viewer gets the same snapshot: serialize it once, not per request (a 2,000-service
// board is ~1.5 MB of JSON). Compression stays with the server, which would encode a body twice.
type Body = { tag: string; json: string }
const bodies = new WeakMap<object, Body>()

export const GET = defineRoute({ permission: 'console:read' }, async ({ ctx }) => {
  const health = await getFleetHealth(ctx.actor)
  const tag = `${health.refreshedAt}|${health.stale}|${health.intervalMs}`
  let body = bodies.get(health.services)
  if (!body || body.tag !== tag) bodies.set(health.services, (body = { tag, json: JSON.stringify(health) }))
  return new Response(body.json, { headers: { 'content-type': 'application/json', 'cache-control': 'no-store' } })
})
