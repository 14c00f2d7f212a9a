import 'server-only'
import type { Actor } from '@/lib/actions/actor'
import { db } from '@/lib/db/client'

export type AuditRow = {
  id: number
  at: string
  actorEmail: string | null
  action: string
  target: string | null
  status: 'PENDING' | 'SUCCEEDED' | 'FAILED'
  detail: string | null
}

const PAGE = 50

/** Newest first; pass the last id seen to get the next page. */
export async function listAuditEvents(_actor: Actor, cursor?: number) {
  const rows = await db.auditEvent.findMany({
    where: cursor ? { id: { lt: cursor } } : undefined,
    orderBy: { id: 'desc' },
    take: PAGE + 1,
    select: { id: true, at: true, actorEmail: true, action: true, targetType: true, targetId: true, status: true, error: true, params: true },
  })
  const page = rows.slice(0, PAGE)
  return {
    events: page.map(
      (r): AuditRow => ({
        id: r.id,
        at: r.at.toISOString(),
        actorEmail: r.actorEmail,
        action: r.action,
        target: r.targetType ? `${r.targetType} ${r.targetId ?? ''}`.trim() : null,
        status: r.status,
        detail: r.error ?? (r.params ? JSON.stringify(r.params) : null),
      }),
    ),
    nextCursor: rows.length > PAGE ? page[page.length - 1].id : null,
  }
}
