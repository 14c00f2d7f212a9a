import { z } from 'zod'
import { defineRoute } from '@/lib/actions/define-route'
import { getCertificates } from '@/lib/certificates/queries'
import { UUID } from '@/lib/errors'

export const dynamic = 'force-dynamic'

export const GET = defineRoute(
  { permission: 'console:read', query: z.object({ serviceId: z.string().regex(UUID).optional() }), invalid: 'serviceId must be a service id' },
  ({ query, ctx }) => getCertificates(ctx.actor, { serviceId: query.serviceId }),
)
