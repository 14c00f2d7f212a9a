import { z } from 'zod'
import { defineRoute } from '@/lib/actions/define-route'
import { getPostMortemExport } from '@/lib/postmortems/queries'

export const dynamic = 'force-dynamic'

export const GET = defineRoute({ permission: 'console:read', params: z.object({ postMortemId: z.string() }) }, async ({ params, ctx }) => {
  const file = await getPostMortemExport(ctx.actor, params.postMortemId)
  if (!file) return null
  return new Response(file.markdown, {
    headers: {
      'content-type': 'text/markdown; charset=utf-8',
      'content-disposition': `attachment; filename="${file.fileName}"`,
      'cache-control': 'no-store',
    },
  })
})
