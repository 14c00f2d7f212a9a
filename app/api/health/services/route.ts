import { defineRoute } from '@/lib/actions/define-route'
import { boardBody, boardResponse, snapshotTag, type BoardBody } from '@/lib/health/board-body'
import { getFleetHealth } from '@/lib/health/queries/fleet'

export const dynamic = 'force-dynamic'

// Every viewer gets the same snapshot: its body is built and compressed once, not per request
// (a 2,000-service board is over a megabyte of JSON), and a browser revalidating the snapshot
// it holds gets 304 (lib/health/board-body.ts).
const bodies = new WeakMap<object, BoardBody>()

export const GET = defineRoute({ permission: 'console:read' }, async ({ req, ctx }) => {
  const health = await getFleetHealth(ctx.actor)
  let body = bodies.get(health.services)
  if (!body || body.tag !== snapshotTag(health)) bodies.set(health.services, (body = boardBody(health)))
  return boardResponse(body, req.headers)
})
