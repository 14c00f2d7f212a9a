import type { DbTransaction } from '@/lib/db/create-client'
import type { AuditStatus, Prisma } from '@/lib/db/generated/client'
import type { AuditAction } from './actions'

export type AuditEntry = {
  action: AuditAction
  actor?: { id: string; email: string } | null
  /** Used when there is no signed-in actor, for example a failed sign-in. */
  actorEmail?: string
  targetType?: string
  targetId?: string
  incidentId?: string
  params?: Prisma.InputJsonValue
  reason?: string
  requestId?: string
  status?: AuditStatus
  error?: string
}

/**
 * Writes an audit event inside the caller's transaction, so the change and its
 * record commit or fail together. Changes made only in our database are complete
 * at once; calls to the outside world use a PENDING row first (withAudit).
 */
export function recordAudit(tx: DbTransaction, entry: AuditEntry) {
  const status = entry.status ?? 'SUCCEEDED'
  return tx.auditEvent.create({
    data: {
      action: entry.action,
      actorId: entry.actor?.id ?? null,
      actorEmail: entry.actor?.email ?? entry.actorEmail ?? null,
      targetType: entry.targetType,
      targetId: entry.targetId,
      incidentId: entry.incidentId,
      params: entry.params,
      reason: entry.reason,
      requestId: entry.requestId,
      status,
      error: entry.error,
      completedAt: status === 'PENDING' ? null : new Date(),
    },
    select: { id: true },
  })
}
