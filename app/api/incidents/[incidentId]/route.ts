import { z } from 'zod'
import { defineRoute } from '@/lib/actions/define-route'
import { getIncident } from '@/lib/incidents/queries'

export const dynamic = 'force-dynamic'

export const GET = defineRoute({ permission: 'console:read', params: z.object({ incidentId: z.string() }) }, ({ params, ctx }) =>
  getIncident(ctx.actor, params.incidentId),
)
