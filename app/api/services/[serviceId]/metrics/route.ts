import { z } from 'zod'
import { defineRoute } from '@/lib/actions/define-route'
import { metricRanges } from '@/lib/health/detail-dto'
import { getServiceMetricSeries } from '@/lib/health/queries/service-detail'

export const dynamic = 'force-dynamic'

export const GET = defineRoute(
  {
    permission: 'console:read',
    params: z.object({ serviceId: z.string() }),
    query: z.object({ range: z.enum(metricRanges).default('1h') }),
    invalid: `range must be one of ${metricRanges.join(', ')}`,
  },
  ({ params, query, ctx }) => getServiceMetricSeries(ctx.actor, params.serviceId, query.range),
)
