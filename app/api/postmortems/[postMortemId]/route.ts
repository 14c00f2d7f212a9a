import { authorizeRequest } from '@/lib/auth/session'
import { getPostMortem } from '@/lib/postmortems/queries'

export const dynamic = 'force-dynamic'

// Polled by the editor: someone else's save shows before it is typed over.
export async function GET(_req: Request, { params }: { params: Promise<{ postMortemId: string }> }) {
  const { user, response } = await authorizeRequest('console:read')
  if (!user) return response
  const view = await getPostMortem(user, (await params).postMortemId)
  if (!view) return Response.json({ error: 'NOT_FOUND' }, { status: 404 })
  return Response.json(view, { headers: { 'cache-control': 'no-store' } })
}
