import { z } from 'zod'
import { defineRoute } from '@/lib/actions/define-route'
import { getStatusUpdateDraft } from '@/lib/incidents/queries'
import { statusUpdateKinds } from '@/lib/incidents/status-update'

export const dynamic = 'force-dynamic'

export const GET = defineRoute(
  {
    permission: 'console:read',
    params: z.object({ incidentId: z.string() }),
    query: z.object({ kind: z.enum(statusUpdateKinds).optional() }),
    invalid: `kind must be one of ${statusUpdateKinds.join(', ')}`,
  },
  ({ params, query, ctx }) => getStatusUpdateDraft(ctx.actor, params.incidentId, query.kind),
)
