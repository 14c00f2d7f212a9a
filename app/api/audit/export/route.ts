import { toCsv } from '@/lib/audit/csv'
import { exportAuditEvents } from '@/lib/audit/queries'
import { auditFilterSchema } from '@/lib/audit/schemas'
import { authorizeRequest } from '@/lib/auth/session'

export const dynamic = 'force-dynamic'

export async function GET(req: Request) {
  const { user, response } = await authorizeRequest('audit:read')
  if (!user) return response
  const parsed = auditFilterSchema.safeParse(Object.fromEntries(new URL(req.url).searchParams))
  if (!parsed.success) return Response.json({ error: 'VALIDATION', message: parsed.error.issues.map((i) => i.message).join('; ') }, { status: 400 })
  const rows = await exportAuditEvents(user, parsed.data)
  const csv = toCsv(
    ['id', 'time_utc', 'actor', 'action', 'outcome', 'target', 'service', 'incident', 'reason', 'aws_request_id', 'error', 'parameters'],
    rows.map((r) => [
      r.id,
      r.at,
      r.actorEmail,
      r.action,
      r.status,
      r.target,
      r.service ? `${r.service.name} (${r.service.cluster})` : '',
      r.incident?.ref ?? '',
      r.reason,
      r.awsRequestId,
      r.error,
      r.params,
    ]),
  )
  return new Response(csv, {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="audit-${new Date().toISOString().slice(0, 10)}.csv"`,
      'cache-control': 'no-store',
    },
  })
}
