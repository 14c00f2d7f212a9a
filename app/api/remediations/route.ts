import { z } from 'zod'
import { defineRoute } from '@/lib/actions/define-route'
import { UUID } from '@/lib/errors'
import { listRemediations } from '@/lib/remediation/queries'

export const dynamic = 'force-dynamic'

// Anything but an id is ignored, as before: a bad link shows the whole list, not an error.
const id = z
  .string()
  .optional()
  .transform((v) => (v && UUID.test(v) ? v : undefined))

// ?incidentId=… or ?serviceId=… narrows the list; ?pending=1 lists what waits for approval.
// Read-only: the remediation worker (lib/remediation/worker.ts) expires approvals.
export const GET = defineRoute(
  { permission: 'console:read', query: z.object({ incidentId: id, serviceId: id, pending: z.string().optional() }) },
  async ({ query, ctx }) => listRemediations(ctx.actor, { incidentId: query.incidentId, serviceId: query.serviceId, pendingOnly: query.pending === '1' }),
)
