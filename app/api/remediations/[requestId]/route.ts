import { z } from 'zod'
import { defineRoute } from '@/lib/actions/define-route'
import { getRemediation } from '@/lib/remediation/queries'

export const dynamic = 'force-dynamic'

// Read-only: the remediation worker (lib/remediation/worker.ts), on whichever instance holds
// its lease, moves running requests on; a viewer only reads where they are.
export const GET = defineRoute({ permission: 'console:read', params: z.object({ requestId: z.string() }) }, async ({ params: { requestId }, ctx }) =>
  getRemediation(ctx.actor, requestId),
)
