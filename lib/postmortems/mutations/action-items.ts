import 'server-only'
import { type ActorContext } from '@/lib/actions/actor'
import { db, type DbTransaction, type Prisma } from '@/lib/db/client'
import { AppError, fieldError, UUID } from '@/lib/errors'
import { formatUtc } from '@/lib/incidents/clocks'
import { lockIncidentFirst } from '@/lib/incidents/mutations'
import { endOfUtcDay } from '../due'
import { actionItemStatusLabels, type ActionItemChange } from '../dto'
import type { CreateActionItemInput, DeleteActionItemInput, UpdateActionItemInput } from '../schemas'

import { audit, clip, lockPostMortem, milestone, refusePublished, requireWrite, TX } from './shared'

/** An active user to own an action item. */
async function owner(tx: DbTransaction, userId: string) {
  const user = await tx.user.findFirst({ where: { id: userId, disabled: false }, select: { id: true, name: true } })
  if (!user) fieldError('ownerId', 'That person no longer has an active account.')
  return user
}

const dueOf = (date: string | null | undefined) => (date == null ? null : endOfUtcDay(date))

export async function createActionItem(ctx: ActorContext, input: CreateActionItemInput): Promise<ActionItemChange> {
  requireWrite(ctx)
  return db.$transaction(async (tx) => {
    const pm = await lockPostMortem(tx, input.postMortemId)
    refusePublished(pm)
    const who = input.ownerId ? await owner(tx, input.ownerId) : null
    const dueAt = dueOf(input.dueAt)
    const item = await tx.actionItem.create({
      data: { postMortemId: pm.id, incidentId: pm.incidentId, title: input.title, ownerId: who?.id ?? null, dueAt },
      select: { id: true, version: true },
    })
    const details = [who ? `owner ${who.name}` : 'no owner yet', dueAt ? `due ${dueAt.toISOString().slice(0, 10)}` : null].filter(Boolean).join(', ')
    await milestone(tx, ctx, pm.incidentId, `Action item added: ${clip(input.title)} (${details})`, {
      id: pm.id,
      event: 'action_item_added',
      actionItemId: item.id,
    })
    await audit(
      tx,
      ctx,
      'postmortem.action_item.create',
      { type: 'action_item', id: item.id, incidentId: pm.incidentId },
      {
        incident: `INC-${pm.incident.number}`,
        title: input.title,
        ownerId: who?.id ?? null,
        dueAt: dueAt?.toISOString() ?? null,
      },
    )
    return { id: item.id, version: item.version }
  }, TX)
}

const actionItemLockSelect = {
  id: true,
  title: true,
  status: true,
  ownerId: true,
  dueAt: true,
  version: true,
  incidentId: true,
  incident: { select: { number: true } },
  postMortem: { select: { status: true } },
} as const satisfies Prisma.ActionItemSelect

async function lockActionItem(tx: DbTransaction, actionItemId: string, expectedVersion: number) {
  const owner = UUID.test(actionItemId) ? await tx.actionItem.findUnique({ where: { id: actionItemId }, select: { incidentId: true } }) : null
  await lockIncidentFirst(tx, owner?.incidentId)
  const rows = owner ? await tx.$queryRaw<{ id: string }[]>`SELECT id FROM "ActionItem" WHERE id = ${actionItemId}::uuid FOR UPDATE` : []
  if (rows.length !== 1) throw new AppError('NOT_FOUND', 'That action item no longer exists.')
  const row = await tx.actionItem.findUniqueOrThrow({ where: { id: actionItemId }, select: actionItemLockSelect })
  if (row.version !== expectedVersion) {
    const last = await tx.auditEvent.findFirst({
      where: { targetType: 'action_item', targetId: row.id },
      orderBy: { id: 'desc' },
      select: { at: true, actorEmail: true, actor: { select: { name: true } } },
    })
    const who = last ? ` (${last.actor?.name ?? last.actorEmail ?? 'someone'} at ${formatUtc(last.at)})` : ''
    throw new AppError('CONFLICT', `The action item “${clip(row.title)}” changed since you loaded it${who}. Reload to see it, then try again.`)
  }
  return row
}

/**
 * Changes an action item's title, owner, due date or status. Follow-up work goes
 * on after publishing: only the title of an item in a published post-mortem is fixed.
 */
export async function updateActionItem(ctx: ActorContext, input: UpdateActionItemInput): Promise<ActionItemChange> {
  requireWrite(ctx)
  return db.$transaction(async (tx) => {
    const row = await lockActionItem(tx, input.actionItemId, input.expectedVersion)
    const published = row.postMortem?.status === 'PUBLISHED'
    const changes: Record<string, { from: Prisma.InputJsonValue | null; to: Prisma.InputJsonValue | null }> = {}
    const data: Prisma.ActionItemUncheckedUpdateManyInput = {}
    if (input.title !== undefined && input.title !== row.title) {
      if (published) fieldError('title', 'The post-mortem is published; its action items keep their titles. Add a note to the incident instead.')
      changes.title = { from: row.title, to: input.title }
      data.title = input.title
    }
    if (input.ownerId !== undefined && input.ownerId !== row.ownerId) {
      const who = input.ownerId ? await owner(tx, input.ownerId) : null
      changes.owner = { from: row.ownerId, to: who?.id ?? null }
      data.ownerId = who?.id ?? null
    }
    if (input.dueAt !== undefined) {
      const dueAt = dueOf(input.dueAt)
      if ((dueAt?.getTime() ?? null) !== (row.dueAt?.getTime() ?? null)) {
        changes.dueAt = { from: row.dueAt?.toISOString() ?? null, to: dueAt?.toISOString() ?? null }
        data.dueAt = dueAt
      }
    }
    if (input.status !== undefined && input.status !== row.status) {
      changes.status = { from: row.status, to: input.status }
      data.status = input.status
      data.doneAt = input.status === 'DONE' ? new Date() : null
    }
    if (!Object.keys(changes).length) return { id: row.id, version: row.version }
    const { count } = await tx.actionItem.updateMany({ where: { id: row.id, version: input.expectedVersion }, data: { ...data, version: { increment: 1 } } })
    if (count !== 1) throw new AppError('CONFLICT', 'The action item changed since you loaded it. Reload to see it, then try again.')
    if (changes.status) {
      const label = actionItemStatusLabels[input.status!].toLowerCase()
      await milestone(tx, ctx, row.incidentId, `Action item ${label}: ${clip(input.title ?? row.title)}`, {
        event: 'action_item_status',
        actionItemId: row.id,
        from: row.status,
        to: input.status!,
      })
    }
    await audit(
      tx,
      ctx,
      'postmortem.action_item.update',
      { type: 'action_item', id: row.id, incidentId: row.incidentId },
      { incident: `INC-${row.incident.number}`, changes },
    )
    return { id: row.id, version: input.expectedVersion + 1 }
  }, TX)
}

/** Removes an action item added by mistake; the items of a published post-mortem stay. */
export async function deleteActionItem(ctx: ActorContext, input: DeleteActionItemInput): Promise<{ id: string }> {
  requireWrite(ctx)
  return db.$transaction(async (tx) => {
    const row = await lockActionItem(tx, input.actionItemId, input.expectedVersion)
    if (row.postMortem?.status === 'PUBLISHED')
      throw new AppError('CONFLICT', 'The post-mortem is published; its action items can be marked done but not removed.')
    await tx.actionItem.delete({ where: { id: row.id } })
    await milestone(tx, ctx, row.incidentId, `Action item removed: ${clip(row.title)}`, { event: 'action_item_removed', actionItemId: row.id })
    await audit(
      tx,
      ctx,
      'postmortem.action_item.delete',
      { type: 'action_item', id: row.id, incidentId: row.incidentId },
      { incident: `INC-${row.incident.number}`, title: row.title },
    )
    return { id: row.id }
  }, TX)
}
