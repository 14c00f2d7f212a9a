import { authorizeRequest } from '@/lib/auth/session'
import { openIncidentsForServices } from '@/lib/incidents/queries'

export const dynamic = 'force-dynamic'

// Open incidents that name a service, for the board's rows. Read-only.
export async function GET() {
  const { user, response } = await authorizeRequest('console:read')
  if (!user) return response
  return Response.json(await openIncidentsForServices(user), { headers: { 'cache-control': 'no-store' } })
}
