import { z } from 'zod'
import { defineRoute } from '@/lib/actions/define-route'
import { UUID } from '@/lib/errors'
import { expireStaleRequests } from '@/lib/remediation/mutations'
import { listRemediations } from '@/lib/remediation/queries'

export const dynamic = 'force-dynamic'

// Anything but an id is ignored, as before: a bad link shows the whole list, not an error.
const id = z
  .string()
  .optional()
  .transform((v) => (v && UUID.test(v) ? v : undefined))

// ?incidentId=… or ?serviceId=… narrows the list; ?pending=1 lists what waits for approval.
export const GET = defineRoute(
  { permission: 'console:read', query: z.object({ incidentId: id, serviceId: id, pending: z.string().optional() }) },
  async ({ query, ctx }) => {
    await expireStaleRequests()
    return listRemediations(ctx.actor, { incidentId: query.incidentId, serviceId: query.serviceId, pendingOnly: query.pending === '1' })
  },
)
