import { z } from 'zod'
import { defineRoute } from '@/lib/actions/define-route'
import { createSharedCache } from '@/lib/db/shared-cache'
import { advanceRemediation } from '@/lib/remediation/mutations'
import { getRemediation } from '@/lib/remediation/queries'

export const dynamic = 'force-dynamic'

const cache = createSharedCache()

export const GET = defineRoute({ permission: 'console:read', params: z.object({ requestId: z.string() }) }, async ({ params: { requestId }, ctx }) => {
  const view = await getRemediation(ctx.actor, requestId)
  if (!view || view.status !== 'EXECUTING') return view
  // Any instance may move a running action on; viewers share one check every 2 s.
  await cache.get(`remediation:advance:${requestId}`, 2_000, async () => ({ status: await advanceRemediation(requestId) }))
  return getRemediation(ctx.actor, requestId)
})
