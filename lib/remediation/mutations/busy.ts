import 'server-only'
import type { DbTransaction } from '@/lib/db/client'
import { AppError } from '@/lib/errors'
import type { ServiceTarget } from '../plan'
import { remediationKindLabels } from '../schemas'

/** How long after an action the next one on the same service waits (unless given a reason). */
export const COOLDOWN_MS = 5 * 60_000
/** An approved request not yet claimed counts as running for this long (the worker runs or expires it within it). */
const APPROVED_WINDOW_MS = 15 * 60_000

const hhmmss = (d: Date | null) => d?.toISOString().slice(11, 19) ?? '?'

/**
 * The one check that a service is free for a new request: nothing running (or approved and
 * about to run) on it, and no action finished within the cooldown unless a reason is given.
 * It runs under the service's own lock inside the transaction that inserts, so of
 * simultaneous requests for one service only one is stored; the others are refused
 * (CONFLICT) before anything is written.
 */
export async function refuseWhileBusy(tx: DbTransaction, s: ServiceTarget, cooldownOverride: string | undefined, now = new Date()) {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`incident-command:remediation-service:${s.id}`}))`
  const select = { kind: true, status: true, executedAt: true, finishedAt: true, requester: { select: { name: true } } } as const
  const what = (r: { kind: keyof typeof remediationKindLabels; requester: { name: string } }) =>
    `${remediationKindLabels[r.kind].toLowerCase()} by ${r.requester.name}`
  const busy = await tx.remediationRequest.findFirst({
    where: {
      serviceId: s.id,
      OR: [{ status: 'EXECUTING' }, { status: 'APPROVED', executedAt: null, createdAt: { gt: new Date(now.getTime() - APPROVED_WINDOW_MS) } }],
    },
    orderBy: { createdAt: 'desc' },
    select,
  })
  if (busy) {
    const when = busy.status === 'EXECUTING' ? `started ${hhmmss(busy.executedAt)} UTC` : 'approved and about to start'
    throw new AppError('CONFLICT', `Another action is running on ${s.name}: ${what(busy)}, ${when}. Wait for it to finish.`)
  }
  if (cooldownOverride) return
  const cooling = await tx.remediationRequest.findFirst({
    where: { serviceId: s.id, status: { in: ['SUCCEEDED', 'FAILED', 'UNKNOWN'] }, finishedAt: { gt: new Date(now.getTime() - COOLDOWN_MS) } },
    orderBy: { finishedAt: 'desc' },
    select,
  })
  if (cooling) {
    throw new AppError(
      'CONFLICT',
      `An action finished on ${s.name} at ${hhmmss(cooling.finishedAt)} UTC (${what(cooling)}). Watch the service for 5 minutes before the next step, or give a reason to act now.`,
      { cooldownOverride: ['Give a reason to act within the cooldown'] },
    )
  }
}
