import { toCsv } from '@/lib/audit/csv'
import { exportAuditEvents } from '@/lib/audit/queries'
import { auditFilterSchema } from '@/lib/audit/schemas'
import { defineRoute } from '@/lib/actions/define-route'

export const dynamic = 'force-dynamic'

export const GET = defineRoute({ permission: 'audit:read', query: auditFilterSchema }, async ({ query, ctx }) => {
  const rows = await exportAuditEvents(ctx.actor, query)
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
})
