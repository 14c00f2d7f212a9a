import { authorizeRequest } from '@/lib/auth/session'
import { getStatusUpdateDraft } from '@/lib/incidents/queries'
import { statusUpdateKinds, type StatusUpdateKind } from '@/lib/incidents/status-update'

export const dynamic = 'force-dynamic'

export async function GET(req: Request, { params }: { params: Promise<{ incidentId: string }> }) {
  const { user, response } = await authorizeRequest('console:read')
  if (!user) return response
  const kind = new URL(req.url).searchParams.get('kind') ?? undefined
  if (kind && !(statusUpdateKinds as readonly string[]).includes(kind)) {
    return Response.json({ error: 'VALIDATION', message: `kind must be one of ${statusUpdateKinds.join(', ')}` }, { status: 400 })
  }
  return Response.json(await getStatusUpdateDraft(user, (await params).incidentId, kind as StatusUpdateKind | undefined), {
    headers: { 'cache-control': 'no-store' },
  })
}
