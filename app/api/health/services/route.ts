import { defineRoute } from '@/lib/actions/define-route'
import { getFleetHealth } from '@/lib/health/queries/fleet'

export const dynamic = 'force-dynamic'

export const GET = defineRoute({ permission: 'console:read' }, ({ ctx }) => getFleetHealth(ctx.actor))
