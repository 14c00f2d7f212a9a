import { authorizeRequest } from '@/lib/auth/session'
import { expireStaleRequests } from '@/lib/remediation/mutations'
import { listRemediations } from '@/lib/remediation/queries'

export const dynamic = 'force-dynamic'

// ?incidentId=… or ?serviceId=… narrows the list; ?pending=1 lists what waits for approval.
export async function GET(req: Request) {
  const { user, response } = await authorizeRequest('console:read')
  if (!user) return response
  const q = new URL(req.url).searchParams
  const uuid = (v: string | null) => (v && /^[0-9a-f-]{36}$/i.test(v) ? v : undefined)
  await expireStaleRequests()
  const list = await listRemediations(user, {
    incidentId: uuid(q.get('incidentId')),
    serviceId: uuid(q.get('serviceId')),
    pendingOnly: q.get('pending') === '1',
  })
  return Response.json(list, { headers: { 'cache-control': 'no-store' } })
}
