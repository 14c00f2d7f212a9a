import 'server-only'
import type { Actor } from '@/lib/actions/actor'
import { db } from '@/lib/db/client'
import { verifyEvents, type ChainVerdict } from './chain'

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

const VERIFY_BATCH = 2000

/** Walks the whole audit chain in order and reports the first event that does not fit. */
export async function verifyAuditChain(_actor: Actor): Promise<ChainVerdict> {
  let after = 0
  let prevHash: string | null = null
  let checked = 0
  for (;;) {
    const rows = await db.auditEvent.findMany({
      where: { id: { gt: after } },
      orderBy: { id: 'asc' },
      take: VERIFY_BATCH,
      select: {
        id: true,
        at: true,
        actorId: true,
        actorEmail: true,
        action: true,
        targetType: true,
        targetId: true,
        incidentId: true,
        serviceId: true,
        params: true,
        reason: true,
        requestId: true,
        status: true,
        awsRequestId: true,
        error: true,
        completedAt: true,
        prevHash: true,
        hash: true,
        completionHash: true,
      },
    })
    if (rows.length === 0) return { ok: true, checked }
    const { verdict, lastHash } = verifyEvents(rows, prevHash)
    if (verdict) return { ...verdict, checked: checked + verdict.checked }
    checked += rows.length
    prevHash = lastHash
    after = rows[rows.length - 1].id
  }
}
