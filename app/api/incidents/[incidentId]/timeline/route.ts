import { authorizeRequest } from '@/lib/auth/session'
import { getOlderTimeline, getTimeline } from '@/lib/incidents/queries'
import { timelineQuerySchema } from '@/lib/incidents/schemas'

export const dynamic = 'force-dynamic'

// ?after=<id> returns only newer entries (live polling); ?before=<id> pages back.
export async function GET(req: Request, { params }: { params: Promise<{ incidentId: string }> }) {
  const { user, response } = await authorizeRequest('console:read')
  if (!user) return response
  const query = timelineQuerySchema.safeParse(Object.fromEntries(new URL(req.url).searchParams))
  if (!query.success) return Response.json({ error: 'VALIDATION', message: 'after, before and limit must be whole numbers' }, { status: 400 })
  const { incidentId } = await params
  const { after, before, limit } = query.data
  const page = before ? await getOlderTimeline(user, incidentId, before, limit) : await getTimeline(user, incidentId, after, limit)
  return Response.json(page, { headers: { 'cache-control': 'no-store' } })
}
