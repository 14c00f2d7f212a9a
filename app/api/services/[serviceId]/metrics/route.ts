import { authorizeRequest } from '@/lib/auth/session'
import { metricRanges, type MetricRange } from '@/lib/health/detail-dto'
import { getServiceMetricSeries } from '@/lib/health/service-detail'

export const dynamic = 'force-dynamic'

export async function GET(req: Request, { params }: { params: Promise<{ serviceId: string }> }) {
  const { user, response } = await authorizeRequest('console:read')
  if (!user) return response
  const range = new URL(req.url).searchParams.get('range') ?? '1h'
  if (!(metricRanges as readonly string[]).includes(range)) {
    return Response.json({ error: 'VALIDATION', message: `range must be one of ${metricRanges.join(', ')}` }, { status: 400 })
  }
  const series = await getServiceMetricSeries(user, (await params).serviceId, range as MetricRange)
  if (!series) return Response.json({ error: 'NOT_FOUND' }, { status: 404 })
  return Response.json(series, { headers: { 'cache-control': 'no-store' } })
}
