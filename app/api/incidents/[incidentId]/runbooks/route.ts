import { z } from 'zod'
import { defineRoute } from '@/lib/actions/define-route'
import { getIncident } from '@/lib/incidents/queries'
import { getIncidentRunbooks } from '@/lib/runbooks/incident-runbooks'

export const dynamic = 'force-dynamic'

export const GET = defineRoute(
  { permission: 'console:read', params: z.object({ incidentId: z.string() }), query: z.object({ serviceId: z.string().optional() }) },
  async ({ params, query, ctx }) => getIncidentRunbooks(ctx.actor, await getIncident(ctx.actor, params.incidentId), query.serviceId ?? null),
)
