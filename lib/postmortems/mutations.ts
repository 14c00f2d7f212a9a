import 'server-only'
import type { ActorContext } from '@/lib/actions/actor'
import { recordAudit } from '@/lib/audit/record'
import type { AuditAction } from '@/lib/audit/actions'
import { can } from '@/lib/auth/permissions'
import { db, type DbTransaction, type Prisma } from '@/lib/db/client'
import { AppError, fromDatabaseError } from '@/lib/errors'
import { formatUtc } from '@/lib/incidents/clocks'
import { appendIncidentEntry } from '@/lib/incidents/mutations'
import { endOfUtcDay } from './due'
import {
  actionItemStatusLabels,
  postMortemStatusLabels,
  type ActionItemChange,
  type PostMortemChange,
  type PostMortemStatus,
  type StartPostMortemResult,
} from './dto'
import { defaultIncludedEntryIds, prefillSections } from './facts'
import { loadFacts, postMortemSelect, sectionsOf } from './queries'
import type {
  ChangePostMortemStatusInput,
  CreateActionItemInput,
  DeleteActionItemInput,
  SavePostMortemInput,
  StartPostMortemInput,
  UpdateActionItemInput,
} from './schemas'
import { changedSections, sectionGuides, sectionsWithPlaceholders, type SectionKey } from './sections'

// Every change to a post-mortem or an action item runs in one transaction that
//   1. locks its row (SELECT ... FOR UPDATE), so concurrent saves take turns,
//   2. checks the version the editor loaded: a stale save changes nothing and gets
//      CONFLICT naming who saved last and when (the editor then shows the current text),
//   3. updates the row, bumping its version (UPDATE ... WHERE id AND version),
//   4. writes its audit event and, for milestones (started, submitted, published,
//      action items added, done or removed), an entry on the incident's timeline.
// Rows are locked post-mortem (or action item) first, then the incident, then the
// audit chain, the same order everywhere, so transactions never wait on each other in a circle.

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const TX = { maxWait: 10_000, timeout: 20_000 }

function requireWrite(ctx: ActorContext) {
  if (!can(ctx.actor.role, 'incident:write')) throw new AppError('FORBIDDEN', 'Your role can read post-mortems but not change them.')
}

function validation(field: string, message: string): never {
  throw new AppError('VALIDATION', message, { [field]: [message] })
}

const clip = (text: string, max = 80) => (text.length > max ? `${text.slice(0, max - 1)}…` : text)

/** A note on the incident's timeline for a post-mortem milestone; it does not count as progress on the incident. */
function milestone(tx: DbTransaction, ctx: ActorContext, incidentId: string, text: string, data: Record<string, Prisma.InputJsonValue | null>) {
  return appendIncidentEntry(tx, { incidentId, kind: 'note', actorId: ctx.actor.id, text, data: { postMortem: data }, progress: false })
}

function audit(
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

type LockedPostMortem = Prisma.PostMortemGetPayload<{ select: typeof postMortemSelect }> & { incident: { number: number } }

async function lockPostMortem(tx: DbTransaction, postMortemId: string): Promise<LockedPostMortem> {
  const rows = UUID.test(postMortemId) ? await tx.$queryRaw<{ id: string }[]>`SELECT id FROM "PostMortem" WHERE id = ${postMortemId}::uuid FOR UPDATE` : []
  if (rows.length !== 1) throw new AppError('NOT_FOUND', 'That post-mortem no longer exists.')
  return tx.postMortem.findUniqueOrThrow({ where: { id: postMortemId }, select: { ...postMortemSelect, incident: { select: { number: true } } } })
}

/** CONFLICT for a stale post-mortem edit, naming the last person who changed it. */
async function staleDocument(tx: DbTransaction, row: LockedPostMortem) {
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

function refusePublished(row: LockedPostMortem): void {
  if (row.status === 'PUBLISHED') {
    throw new AppError(
      'CONFLICT',
      `The post-mortem of INC-${row.incident.number} is published${row.publishedAt ? ` (${formatUtc(row.publishedAt)})` : ''} and can no longer be changed.`,
    )
  }
}

/**
 * Starts the post-mortem of a resolved incident: pre-filled from its facts, the key
 * timeline entries chosen, due five business days after resolution when the
 * severity policy requires one. Starting twice returns the one that exists.
 */
export async function startPostMortem(ctx: ActorContext, input: StartPostMortemInput): Promise<StartPostMortemResult> {
  requireWrite(ctx)
  const existing = await db.postMortem.findUnique({ where: { incidentId: input.incidentId }, select: { id: true } })
  if (existing) return { postMortemId: existing.id, created: false }
  const source = await loadFacts(input.incidentId)
  if (!source) throw new AppError('NOT_FOUND', 'That incident no longer exists.')
  const { facts } = source
  if (facts.incident.status !== 'RESOLVED') validation('incidentId', `${facts.incident.ref} is not resolved yet. Write the post-mortem once it is.`)
  try {
    return await db.$transaction(async (tx) => {
      const sections = prefillSections(facts)
      const created = await tx.postMortem.create({
        data: {
          incidentId: facts.incident.id,
          dueAt: source.dueAt,
          ...sections,
          includedEntryIds: defaultIncludedEntryIds(source.timeline),
          authorId: ctx.actor.id,
        },
        select: { id: true },
      })
      const due = source.dueAt ? `, due ${formatUtc(source.dueAt)}` : ''
      await milestone(tx, ctx, facts.incident.id, `Started the post-mortem (draft${due})`, { id: created.id, event: 'started' })
      await audit(
        tx,
        ctx,
        'postmortem.document.start',
        { type: 'postmortem', id: created.id, incidentId: facts.incident.id },
        {
          incident: facts.incident.ref,
          required: source.required,
          dueAt: source.dueAt?.toISOString() ?? null,
        },
      )
      ctx.log.info({ incidentId: facts.incident.id, postMortemId: created.id }, 'post-mortem started')
      return { postMortemId: created.id, created: true }
    }, TX)
  } catch (err) {
    // Two people starting at the same moment: the second meets the unique incident.
    if ((err as { code?: unknown })?.code === 'P2002') {
      const winner = await db.postMortem.findUnique({ where: { incidentId: input.incidentId }, select: { id: true } })
      if (winner) return { postMortemId: winner.id, created: false }
    }
    throw fromDatabaseError(err)
  }
}

/**
 * Saves the sections that changed and the curated timeline (autosave). A save made
 * from an older version than the stored one is refused with CONFLICT and writes
 * nothing: nobody's text is overwritten silently.
 */
export async function savePostMortem(
  ctx: ActorContext,
  input: Omit<SavePostMortemInput, 'sections'> & { sections?: SavePostMortemInput['sections'] },
): Promise<PostMortemChange> {
  requireWrite(ctx)
  const sections = input.sections ?? {}
  return db.$transaction(async (tx) => {
    const row = await lockPostMortem(tx, input.postMortemId)
    refusePublished(row)
    if (row.version !== input.expectedVersion) throw await staleDocument(tx, row)
    const changed = changedSections(sectionsOf(row), sections)
    let included: number[] | undefined
    if (input.includedEntryIds) {
      // Only entries of this incident, in timeline order.
      const wanted = [...new Set(input.includedEntryIds)]
      const found = await tx.timelineEntry.findMany({ where: { incidentId: row.incidentId, id: { in: wanted } }, select: { id: true }, orderBy: { id: 'asc' } })
      included = found.map((e) => e.id)
      if (included.length === row.includedEntryIds.length && included.every((id, i) => id === [...row.includedEntryIds].sort((a, b) => a - b)[i]))
        included = undefined
    }
    if (!changed.length && !included) {
      return { postMortemId: row.id, version: row.version, status: row.status, savedAt: row.updatedAt.toISOString() }
    }
    const data: Prisma.PostMortemUncheckedUpdateManyInput = { version: { increment: 1 } }
    for (const key of changed) data[key] = sections[key]
    if (included) data.includedEntryIds = included
    const { count } = await tx.postMortem.updateMany({ where: { id: row.id, version: input.expectedVersion }, data })
    if (count !== 1) throw await staleDocument(tx, row)
    const version = input.expectedVersion + 1
    await audit(
      tx,
      ctx,
      'postmortem.document.save',
      { type: 'postmortem', id: row.id, incidentId: row.incidentId },
      {
        incident: `INC-${row.incident.number}`,
        sections: changed.map((k: SectionKey) => sectionGuides[k].title),
        ...(included ? { timelineEntries: included.length } : {}),
        version,
      },
    )
    const saved = await tx.postMortem.findUniqueOrThrow({ where: { id: row.id }, select: { updatedAt: true } })
    return { postMortemId: row.id, version, status: row.status, savedAt: saved.updatedAt.toISOString() }
  }, TX)
}

/** Sections that must be written before publishing. */
export const requiredToPublish: readonly SectionKey[] = ['summary', 'impact', 'rootCause', 'resolution']

const moves: Record<string, { action: AuditAction; verb: string }> = {
  'DRAFT>IN_REVIEW': { action: 'postmortem.document.submit', verb: 'Submitted the post-mortem for review' },
  'IN_REVIEW>DRAFT': { action: 'postmortem.document.return', verb: 'Returned the post-mortem to draft' },
  'IN_REVIEW>PUBLISHED': { action: 'postmortem.document.publish', verb: 'Published the post-mortem' },
}

/**
 * Draft → in review → published (and back from review to draft). Publishing needs
 * an incident commander or an admin and the key sections written; a published
 * post-mortem is read-only.
 */
export async function changePostMortemStatus(ctx: ActorContext, input: ChangePostMortemStatusInput): Promise<PostMortemChange> {
  requireWrite(ctx)
  return db.$transaction(async (tx) => {
    const row = await lockPostMortem(tx, input.postMortemId)
    refusePublished(row)
    if (row.version !== input.expectedVersion) throw await staleDocument(tx, row)
    const from = row.status as PostMortemStatus
    const to = input.status
    const move = moves[`${from}>${to}`]
    if (!move) {
      const hint = to === 'PUBLISHED' ? ' Submit it for review first.' : ''
      validation('status', `A post-mortem cannot go from ${postMortemStatusLabels[from]} to ${postMortemStatusLabels[to]}.${hint}`)
    }
    if (to === 'PUBLISHED') {
      if (!can(ctx.actor.role, 'incident:command')) throw new AppError('FORBIDDEN', 'Only an incident commander or an admin can publish a post-mortem.')
      const missing = requiredToPublish.filter((k) => !row[k].trim())
      if (missing.length) validation('status', `Write the ${missing.map((k) => sectionGuides[k].title.toLowerCase()).join(', ')} before publishing.`)
      const unfinished = sectionsWithPlaceholders(row)
      if (unfinished.length) {
        validation(
          'status',
          `Replace the placeholders (_…_) in ${unfinished.map((k) => sectionGuides[k].title).join(', ')} before publishing: they are not facts yet.`,
        )
      }
    }
    const now = new Date()
    const { count } = await tx.postMortem.updateMany({
      where: { id: row.id, version: input.expectedVersion },
      data: { status: to, version: { increment: 1 }, ...(to === 'PUBLISHED' ? { publishedAt: now, publishedById: ctx.actor.id } : {}) },
    })
    if (count !== 1) throw await staleDocument(tx, row)
    await milestone(tx, ctx, row.incidentId, move.verb, { id: row.id, event: to.toLowerCase(), from, to })
    await audit(tx, ctx, move.action, { type: 'postmortem', id: row.id, incidentId: row.incidentId }, { incident: `INC-${row.incident.number}`, from, to })
    return { postMortemId: row.id, version: input.expectedVersion + 1, status: to, savedAt: now.toISOString() }
  }, TX)
}

/** An active user to own an action item. */
async function owner(tx: DbTransaction, userId: string) {
  const user = await tx.user.findFirst({ where: { id: userId, disabled: false }, select: { id: true, name: true } })
  if (!user) validation('ownerId', 'That person no longer has an active account.')
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
  const rows = UUID.test(actionItemId) ? await tx.$queryRaw<{ id: string }[]>`SELECT id FROM "ActionItem" WHERE id = ${actionItemId}::uuid FOR UPDATE` : []
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
      if (published) validation('title', 'The post-mortem is published; its action items keep their titles. Add a note to the incident instead.')
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
