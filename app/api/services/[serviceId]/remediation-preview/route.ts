import { defineRoute } from '@/lib/actions/define-route'
import { previewRemediation } from '@/lib/remediation/mutations'
import { previewRemediationSchema } from '@/lib/remediation/schemas'

export const dynamic = 'force-dynamic'

// GET ?kind=SCALE&desiredCount=8: what the button would change, read live from AWS. Changes nothing.
export const GET = defineRoute(
  {
    permission: 'remediation:request',
    params: previewRemediationSchema.pick({ serviceId: true }),
    query: previewRemediationSchema.shape.action,
  },
  ({ params, query, ctx }) => previewRemediation(ctx, { serviceId: params.serviceId, action: query }),
)
