import { authorizeRequest } from '@/lib/auth/session'
import { createSharedCache } from '@/lib/db/shared-cache'
import { advanceRemediation } from '@/lib/remediation/mutations'
import { getRemediation } from '@/lib/remediation/queries'

export const dynamic = 'force-dynamic'

const cache = createSharedCache()

export async function GET(_req: Request, { params }: { params: Promise<{ requestId: string }> }) {
  const { user, response } = await authorizeRequest('console:read')
  if (!user) return response
  const { requestId } = await params
  const view = await getRemediation(user, requestId)
  if (!view) return Response.json({ error: 'NOT_FOUND' }, { status: 404 })
  if (view.status !== 'EXECUTING') return Response.json(view, { headers: { 'cache-control': 'no-store' } })
  // Any instance may move a running action on; viewers share one check every 2 s.
  await cache.get(`remediation:advance:${requestId}`, 2_000, async () => ({ status: await advanceRemediation(requestId) }))
  return Response.json(await getRemediation(user, requestId), { headers: { 'cache-control': 'no-store' } })
}
