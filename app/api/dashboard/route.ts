import { defineRoute, routeError } from '@/lib/actions/define-route'
import { getDashboard } from '@/lib/dashboard/queries'
import { parseRange } from '@/lib/dashboard/range'

export const dynamic = 'force-dynamic'

// ?range=7d|30d|90d or ?from=YYYY-MM-DD&to=YYYY-MM-DD. Server-Timing carries the
// time spent computing the figures (read by `npm run bench:dashboard`).
export const GET = defineRoute({ permission: 'console:read' }, async ({ req, ctx }) => {
  const search = new URL(req.url).searchParams
  const { range, problem } = parseRange({ range: search.get('range'), from: search.get('from'), to: search.get('to') })
  if (problem && (search.has('from') || search.has('to'))) return routeError('VALIDATION', problem)
  const data = await getDashboard(ctx.actor, range)
  return Response.json(data, { headers: { 'cache-control': 'no-store', 'server-timing': `dashboard;dur=${data.serverMs}` } })
})
