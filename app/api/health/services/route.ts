import { authorizeRequest } from '@/lib/auth/session'
import { getFleetHealth } from '@/lib/health/fleet'

export const dynamic = 'force-dynamic'

export async function GET() {
  const { user, response } = await authorizeRequest('console:read')
  if (!user) return response
  return Response.json(await getFleetHealth(user), { headers: { 'cache-control': 'no-store' } })
}
