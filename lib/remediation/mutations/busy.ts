import 'server-only'
import type { DbTransaction } from '@/lib/db/client'
import { AppError } from '@/lib/errors'
import type { ServiceTarget } from '../plan'

/** How long after an action the next one on the same service waits (unless given a reason). */
export const COOLDOWN_MS = 5 * 60_000

/**
 * The check above, again under the service's own lock inside the transaction that
 * inserts: of simultaneous requests for one service only one is stored, and the others
 * are refused (CONFLICT) before anything is written, instead of each becoming a FAILED
 * request with its own audit event. A request created in the last minute and not yet
 * claimed counts as running: it is about to be.
 */
export async function refuseWhileBusy(tx: DbTransaction, s: ServiceTarget, cooldownOverride: string | undefined) {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`incident-command:remediation-service:${s.id}`}))`
  const select = { status: true, finishedAt: true, createdAt: true, preview: true, requester: { select: { name: true } } } as const
  const busy = await tx.remediationRequest.findFirst({
    where: {
      serviceId: s.id,
      OR: [{ status: 'EXECUTING' }, { status: 'APPROVED', executedAt: null, createdAt: { gt: new Date(Date.now() - 60_000) } }],
    },
    select,
  })
  if (busy)
    throw new AppError('CONFLICT', `Another action is already under way on ${s.name}: ${busy.preview}, by ${busy.requester.name}. Wait for it to finish.`)
  if (cooldownOverride) return
  const cooling = await tx.remediationRequest.findFirst({
    where: { serviceId: s.id, status: { in: ['SUCCEEDED', 'FAILED'] }, finishedAt: { gt: new Date(Date.now() - COOLDOWN_MS) } },
    select,
  })
  if (cooling) {
    throw new AppError(
      'CONFLICT',
      `An action finished on ${s.name} at ${cooling.finishedAt?.toISOString().slice(11, 19)} UTC (${cooling.preview}, by ${cooling.requester.name}). Watch the service for 5 minutes before the next step, or give a reason to act now.`,
      { cooldownOverride: ['Give a reason to act within the cooldown'] },
    )
  }
}
