import { authorizeRequest } from '@/lib/auth/session'
import { getServiceDetail } from '@/lib/health/service-detail'

export const dynamic = 'force-dynamic'

export async function GET(_req: Request, { params }: { params: Promise<{ serviceId: string }> }) {
  const { user, response } = await authorizeRequest('console:read')
  if (!user) return response
  const detail = await getServiceDetail(user, (await params).serviceId)
  if (!detail) return Response.json({ error: 'NOT_FOUND' }, { status: 404 })
  return Response.json(detail, { headers: { 'cache-control': 'no-store' } })
}
