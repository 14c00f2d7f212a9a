import type { DbTransaction } from '@/lib/db/create-client'
import type { AuditStatus, Prisma } from '@/lib/db/generated/client'
import type { AuditAction } from './actions'
import { eventHash } from './chain'

export type AuditEntry = {
  action: AuditAction
  actor?: { id: string; email: string } | null
  /** Used when there is no signed-in actor, for example a failed sign-in. */
  actorEmail?: string
  targetType?: string
  targetId?: string
  incidentId?: string
  serviceId?: string
  params?: Prisma.InputJsonValue
  reason?: string
  requestId?: string
  status?: AuditStatus
  error?: string
}

/** Serialises audit writes across every app instance, so the chain has one order. */
const CHAIN_LOCK = "SELECT pg_advisory_xact_lock(hashtext('incident-command:audit-chain'))"

/**
 * Writes an audit event inside the caller's transaction, so the change and its
 * record commit or fail together, chained to the event before it. Changes made only
 * in our database are complete at once; calls to the outside world write a PENDING
 * event first (withAudit) and complete it afterwards.
 */
export async function recordAudit(tx: DbTransaction, entry: AuditEntry) {
  const status = entry.status ?? 'SUCCEEDED'
  await tx.$executeRawUnsafe(CHAIN_LOCK)
  const last = await tx.auditEvent.findFirst({ orderBy: { id: 'desc' }, select: { hash: true } })
  const prevHash = last?.hash ?? null
  const fields = {
    at: new Date(),
    actorId: entry.actor?.id ?? null,
    actorEmail: entry.actor?.email ?? entry.actorEmail ?? null,
    action: entry.action,
    targetType: entry.targetType ?? null,
    targetId: entry.targetId ?? null,
    incidentId: entry.incidentId ?? null,
    serviceId: entry.serviceId ?? null,
    params: entry.params ?? null,
    reason: entry.reason ?? null,
    requestId: entry.requestId ?? null,
  }
  return tx.auditEvent.create({
    data: {
      ...fields,
      params: entry.params,
      status,
      error: entry.error,
      completedAt: status === 'PENDING' ? null : fields.at,
      prevHash,
      hash: eventHash(prevHash, { ...fields, initialStatus: status, initialError: entry.error ?? null }),
    },
    select: { id: true, hash: true },
  })
}
