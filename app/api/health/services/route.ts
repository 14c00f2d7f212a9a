import { defineRoute } from '@/lib/actions/define-route'
import { getFleetHealth } from '@/lib/health/fleet'

export const dynamic = 'force-dynamic'

// Every viewer gets the same snapshot: serialize it once (a 2,000-service board is ~1.5 MB of JSON).
const bodies = new WeakMap<object, { tag: string; body: string }>()

export const GET = defineRoute({ permission: 'console:read' }, async ({ ctx }) => {
  const health = await getFleetHealth(ctx.actor)
  const tag = `${health.refreshedAt}|${health.stale}|${health.intervalMs}`
  let cached = bodies.get(health.services)
  if (!cached || cached.tag !== tag) bodies.set(health.services, (cached = { tag, body: JSON.stringify(health) }))
  return new Response(cached.body, { headers: { 'content-type': 'application/json', 'cache-control': 'no-store' } })
})
