import { authorizeRequest } from '@/lib/auth/session'
import { getIncident } from '@/lib/incidents/queries'
import { getIncidentRunbooks } from '@/lib/runbooks/incident-runbooks'

export const dynamic = 'force-dynamic'

export async function GET(req: Request, { params }: { params: Promise<{ incidentId: string }> }) {
  const { user, response } = await authorizeRequest('console:read')
  if (!user) return response
  const incident = await getIncident(user, (await params).incidentId)
  const serviceId = new URL(req.url).searchParams.get('serviceId')
  return Response.json(await getIncidentRunbooks(user, incident, serviceId), { headers: { 'cache-control': 'no-store' } })
}
