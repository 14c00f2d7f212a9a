import { z } from 'zod'
import { defineRoute } from '@/lib/actions/define-route'
import { getOlderTimeline, getTimeline } from '@/lib/incidents/queries'
import { timelineQuerySchema } from '@/lib/incidents/schemas'

export const dynamic = 'force-dynamic'

// ?after=<id> returns only newer entries (live polling); ?before=<id> pages back.
export const GET = defineRoute(
  {
    permission: 'console:read',
    params: z.object({ incidentId: z.string() }),
    query: timelineQuerySchema,
    invalid: 'after, before and limit must be whole numbers',
  },
  ({ params: { incidentId }, query: { after, before, limit }, ctx }) =>
    before ? getOlderTimeline(ctx.actor, incidentId, before, limit) : getTimeline(ctx.actor, incidentId, after, limit),
)
