import { checkDatabase } from '@/lib/db/health'

export const dynamic = 'force-dynamic'

// Public on purpose: load balancers and uptime checks call it without a session.
export async function GET() {
  const database = await checkDatabase()
  const healthy = database.status === 'up'
  return Response.json(
    { status: healthy ? 'ok' : 'degraded', database, time: new Date().toISOString() },
    { status: healthy ? 200 : 503, headers: { 'cache-control': 'no-store' } },
  )
}
