import { authorizeRequest } from '@/lib/auth/session'
import { getDashboard } from '@/lib/dashboard/queries'
import { parseRange } from '@/lib/dashboard/range'

export const dynamic = 'force-dynamic'

// ?range=7d|30d|90d or ?from=YYYY-MM-DD&to=YYYY-MM-DD. Server-Timing carries the
// time spent computing the figures (read by `npm run bench:dashboard`).
export async function GET(req: Request) {
  const { user, response } = await authorizeRequest('console:read')
  if (!user) return response
  const search = new URL(req.url).searchParams
  const { range, problem } = parseRange({ range: search.get('range'), from: search.get('from'), to: search.get('to') })
  if (problem && (search.has('from') || search.has('to'))) return Response.json({ error: 'VALIDATION', message: problem }, { status: 400 })
  const data = await getDashboard(user, range)
  return Response.json(data, { headers: { 'cache-control': 'no-store', 'server-timing': `dashboard;dur=${data.serverMs}` } })
}
