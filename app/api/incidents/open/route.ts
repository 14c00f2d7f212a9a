import { defineRoute } from '@/lib/actions/define-route'
import { openIncidentsForServices } from '@/lib/incidents/queries'

export const dynamic = 'force-dynamic'

// Open incidents that name a service, for the board's rows. Read-only.
export const GET = defineRoute({ permission: 'console:read' }, ({ ctx }) => openIncidentsForServices(ctx.actor))
