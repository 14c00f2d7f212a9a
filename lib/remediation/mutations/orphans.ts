import 'server-only'
// Approved requests nobody ran: the instance that approved (or created) one stopped between
// the approval and the claim, so no process will send it. The worker picks each up on its
// next tick: it runs it as the person whose approval started it, or, once the request's
// approval window has passed, ends it EXPIRED with the reason (nothing was sent to AWS).
import type { Actor } from '@/lib/actions/actor'
import { recordAudit } from '@/lib/audit/record'
import { db } from '@/lib/db/client'
import { lockIncidentFirst } from '@/lib/incidents/mutations'
import { columnsOf, transition } from '../machine'
import { APPROVAL_TTL_MS, timeline } from '../mutations'

/**
 * How long an approved request may wait for its claim before the worker takes it over: the
 * approving instance reads the service from AWS first, which its timeouts bound well below this.
 */
export const ORPHAN_GRACE_MS = 60_000

const user = { select: { id: true, email: true, name: true, role: true } } as const

export type OrphanRow = Awaited<ReturnType<typeof approvedOrphans>>[number]

/** APPROVED, never claimed, and approved (or created, when no approval was needed) over a minute before `now`. */
export async function approvedOrphans(now: Date) {
  const before = new Date(now.getTime() - ORPHAN_GRACE_MS)
  return db.remediationRequest.findMany({
    where: {
      status: 'APPROVED',
      executedAt: null,
      OR: [{ decidedAt: { lt: before } }, { decidedAt: null, createdAt: { lt: before } }],
    },
    orderBy: { createdAt: 'asc' },
    select: {
      id: true,
      serviceId: true,
      incidentId: true,
      preview: true,
      createdAt: true,
      decidedAt: true,
      expiresAt: true,
      requester: user,
      approver: user,
    },
  })
}

/** The end of a request's approval window: its expiry when it needed approval, else as long after its creation. */
export const approvalDeadline = (r: Pick<OrphanRow, 'createdAt' | 'expiresAt'>) => r.expiresAt ?? new Date(r.createdAt.getTime() + APPROVAL_TTL_MS)

/** Who the resumed run acts as: the approver, else the requester (the same person who would have run it). */
export const orphanActor = (r: OrphanRow): Actor => r.approver ?? r.requester

/** Ends an orphan whose window passed; false when it had moved on meanwhile. */
export async function expireOrphan(r: OrphanRow, now: Date): Promise<boolean> {
  const approved = (r.decidedAt ?? r.createdAt).toISOString().slice(11, 16)
  const why = `Expired without being run: approved at ${approved} UTC, but the app instance that was to send it stopped first, and its approval window (${APPROVAL_TTL_MS / 60_000} min) has passed. Nothing was sent to AWS; ask again if it is still needed.`
  return db.$transaction(async (tx) => {
    await lockIncidentFirst(tx, r.incidentId)
    const { count } = await tx.remediationRequest.updateMany({
      where: { id: r.id, status: 'APPROVED', executedAt: null },
      data: { ...columnsOf(transition('APPROVED', 'expire')!), error: why, finishedAt: now },
    })
    if (!count) return false
    await recordAudit(tx, {
      action: 'remediation.request.expire',
      actorEmail: 'system',
      targetType: 'remediation',
      targetId: r.id,
      serviceId: r.serviceId ?? undefined,
      incidentId: r.incidentId ?? undefined,
      reason: why,
    })
    await timeline(tx, r.incidentId, null, `${why} (${r.preview})`, { remediationId: r.id, status: 'EXPIRED' })
    return true
  })
}
