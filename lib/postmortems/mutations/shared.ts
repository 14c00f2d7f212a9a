import 'server-only'
import { requireCan, type ActorContext } from '@/lib/actions/actor'
import { recordAudit } from '@/lib/audit/record'
import type { AuditAction } from '@/lib/audit/actions'
import { type DbTransaction, type Prisma } from '@/lib/db/client'
import { AppError, UUID } from '@/lib/errors'
import { formatUtc } from '@/lib/incidents/clocks'
import { appendIncidentEntry, lockIncidentFirst } from '@/lib/incidents/mutations'
import { postMortemSelect } from '../queries'

// Every change to a post-mortem or an action item runs in one transaction that
//   1. locks its row (SELECT ... FOR UPDATE), so concurrent saves take turns,
//   2. checks the version the editor loaded: a stale save changes nothing and gets
//      CONFLICT naming who saved last and when (the editor then shows the current text),
//   3. updates the row, bumping its version (UPDATE ... WHERE id AND version),
//   4. writes its audit event and, for milestones (started, submitted, published,
//      action items added, done or removed), an entry on the incident's timeline.
// Locks follow the app's one order (lib/incidents/mutations/timeline.ts): the incident,
// then the post-mortem or action item, then the audit chain.

export const TX = { maxWait: 10_000, timeout: 20_000 }

export const requireWrite = (ctx: ActorContext) => requireCan(ctx.actor, 'incident:write', 'Your role can read post-mortems but not change them.')

export const clip = (text: string, max = 80) => (text.length > max ? `${text.slice(0, max - 1)}…` : text)

/** A note on the incident's timeline for a post-mortem milestone; it does not count as progress on the incident. */
export function milestone(tx: DbTransaction, ctx: ActorContext, incidentId: string, text: string, data: Record<string, Prisma.InputJsonValue | null>) {
  return appendIncidentEntry(tx, { incidentId, kind: 'note', actorId: ctx.actor.id, text, data: { postMortem: data }, progress: false })
}

export function audit(
  tx: DbTransaction,
  ctx: ActorContext,
  action: AuditAction,
  target: { type: 'postmortem' | 'action_item'; id: string; incidentId: string },
  params: Prisma.InputJsonValue,
  reason?: string,
) {
  return recordAudit(tx, {
    action,
    actor: ctx.actor,
    targetType: target.type,
    targetId: target.id,
    incidentId: target.incidentId,
    requestId: ctx.requestId,
    params,
    reason,
  })
}

export type LockedPostMortem = Prisma.PostMortemGetPayload<{ select: typeof postMortemSelect }> & { incident: { number: number } }

export async function lockPostMortem(tx: DbTransaction, postMortemId: string): Promise<LockedPostMortem> {
  const owner = UUID.test(postMortemId) ? await tx.postMortem.findUnique({ where: { id: postMortemId }, select: { incidentId: true } }) : null
  await lockIncidentFirst(tx, owner?.incidentId)
  const rows = owner ? await tx.$queryRaw<{ id: string }[]>`SELECT id FROM "PostMortem" WHERE id = ${postMortemId}::uuid FOR UPDATE` : []
  if (rows.length !== 1) throw new AppError('NOT_FOUND', 'That post-mortem no longer exists.')
  return tx.postMortem.findUniqueOrThrow({ where: { id: postMortemId }, select: { ...postMortemSelect, incident: { select: { number: true } } } })
}

/** CONFLICT for a stale post-mortem edit, naming the last person who changed it. */
export async function staleDocument(tx: DbTransaction, row: LockedPostMortem) {
  const last = await tx.auditEvent.findFirst({
    where: { targetType: 'postmortem', targetId: row.id },
    orderBy: { id: 'desc' },
    select: { at: true, actorEmail: true, actor: { select: { name: true } } },
  })
  const who = last ? `${last.actor?.name ?? last.actorEmail ?? 'Someone'} changed it at ${formatUtc(last.at)}` : 'Someone changed it'
  return new AppError(
    'CONFLICT',
    `The post-mortem of INC-${row.incident.number} was changed while you were editing: ${who}. Your text is not saved yet; compare it with the current version before saving again.`,
  )
}

export function refusePublished(row: LockedPostMortem): void {
  if (row.status === 'PUBLISHED') {
    throw new AppError(
      'CONFLICT',
      `The post-mortem of INC-${row.incident.number} is published${row.publishedAt ? ` (${formatUtc(row.publishedAt)})` : ''} and can no longer be changed.`,
    )
  }
}
