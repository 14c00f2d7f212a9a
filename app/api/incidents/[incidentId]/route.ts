import { authorizeRequest } from '@/lib/auth/session'
import { getIncident } from '@/lib/incidents/queries'

export const dynamic = 'force-dynamic'

export async function GET(_req: Request, { params }: { params: Promise<{ incidentId: string }> }) {
  const { user, response } = await authorizeRequest('console:read')
  if (!user) return response
  return Response.json(await getIncident(user, (await params).incidentId), { headers: { 'cache-control': 'no-store' } })
}
