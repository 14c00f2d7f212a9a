import 'server-only'
import { requireCan, type ActorContext } from '@/lib/actions/actor'
import type { AuditAction } from '@/lib/audit/actions'
import { db, type Prisma } from '@/lib/db/client'
import { AppError, fieldError, fromDatabaseError } from '@/lib/errors'
import { formatUtc } from '@/lib/incidents/clocks'
import { lockIncidentFirst } from '@/lib/incidents/mutations'
import { postMortemStatusLabels, type PostMortemChange, type PostMortemStatus, type StartPostMortemResult } from './dto'
import { defaultIncludedEntryIds, prefillSections } from './facts'
import { loadFacts, sectionsOf } from './queries'
import type { ChangePostMortemStatusInput, SavePostMortemInput, StartPostMortemInput } from './schemas'
import { changedSections, sectionGuides, sectionsWithPlaceholders, type SectionKey } from './sections'

import { audit, lockPostMortem, milestone, refusePublished, requireWrite, staleDocument, TX } from './mutations/shared'

export { createActionItem, deleteActionItem, updateActionItem } from './mutations/action-items'

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
  if (facts.incident.status !== 'RESOLVED') fieldError('incidentId', `${facts.incident.ref} is not resolved yet. Write the post-mortem once it is.`)
  try {
    return await db.$transaction(async (tx) => {
      await lockIncidentFirst(tx, facts.incident.id)
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
      fieldError('status', `A post-mortem cannot go from ${postMortemStatusLabels[from]} to ${postMortemStatusLabels[to]}.${hint}`)
    }
    if (to === 'PUBLISHED') {
      requireCan(ctx.actor, 'incident:command', 'Only an incident commander or an admin can publish a post-mortem.')
      const missing = requiredToPublish.filter((k) => !row[k].trim())
      if (missing.length) fieldError('status', `Write the ${missing.map((k) => sectionGuides[k].title.toLowerCase()).join(', ')} before publishing.`)
      const unfinished = sectionsWithPlaceholders(row)
      if (unfinished.length) {
        fieldError(
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
