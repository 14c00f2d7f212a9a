import { z } from 'zod'
import { defineRoute } from '@/lib/actions/define-route'
import { getResourceErrorLines } from '@/lib/resources/queries/logs'

export const dynamic = 'force-dynamic'

export const GET = defineRoute({ permission: 'console:read', params: z.object({ resourceId: z.uuid() }) }, ({ params, ctx }) =>
  getResourceErrorLines(ctx.actor, params.resourceId),
)
