import { authorizeRequest } from '@/lib/auth/session'
import { getPostMortemExport } from '@/lib/postmortems/queries'

export const dynamic = 'force-dynamic'

export async function GET(_req: Request, { params }: { params: Promise<{ postMortemId: string }> }) {
  const { user, response } = await authorizeRequest('console:read')
  if (!user) return response
  const file = await getPostMortemExport(user, (await params).postMortemId)
  if (!file) return Response.json({ error: 'NOT_FOUND' }, { status: 404 })
  return new Response(file.markdown, {
    headers: {
      'content-type': 'text/markdown; charset=utf-8',
      'content-disposition': `attachment; filename="${file.fileName}"`,
      'cache-control': 'no-store',
    },
  })
}
