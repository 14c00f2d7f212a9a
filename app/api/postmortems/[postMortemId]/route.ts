import { z } from 'zod'
import { defineRoute } from '@/lib/actions/define-route'
import { getPostMortem } from '@/lib/postmortems/queries'

export const dynamic = 'force-dynamic'

// Polled by the editor: someone else's save shows before it is typed over.
export const GET = defineRoute({ permission: 'console:read', params: z.object({ postMortemId: z.string() }) }, ({ params, ctx }) =>
  getPostMortem(ctx.actor, params.postMortemId),
)
