import { z } from 'zod'
import { defineRoute } from '@/lib/actions/define-route'
import { getServiceDetail } from '@/lib/health/queries/service-detail'

export const dynamic = 'force-dynamic'

export const GET = defineRoute({ permission: 'console:read', params: z.object({ serviceId: z.string() }) }, ({ params, ctx }) =>
  getServiceDetail(ctx.actor, params.serviceId),
)
