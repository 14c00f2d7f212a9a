import { defineRoute } from '@/lib/actions/define-route'
import { getResourceHealth } from '@/lib/resources/queries/health'

export const dynamic = 'force-dynamic'

export const GET = defineRoute({ permission: 'console:read' }, async ({ ctx }) => getResourceHealth(ctx.actor))
