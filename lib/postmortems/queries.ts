import 'server-only'
import { notFound } from 'next/navigation'
import { cache } from 'react'
import type { Actor } from '@/lib/actions/actor'
import { db, type Prisma } from '@/lib/db/client'
import { AppError, UUID, zodFieldErrors } from '@/lib/errors'
import type { TimelineEntryDto } from '@/lib/incidents/dto'
import { serviceRefSelect, timelineEntrySelect, toTimelineEntryDto, userRefSelect } from '@/lib/incidents/mappers'
import { policyFor } from '@/lib/incidents/policy'
import { getSeverityPolicy } from '@/lib/incidents/queries'
import { runbookById } from '@/lib/runbooks/catalog'
import { postMortemDueAt } from './due'
import type { ActionItemPage, ActionItemView, PostMortemFacts, PostMortemPage, PostMortemStatus, PostMortemView } from './dto'
import { exportFileName, postMortemMarkdown } from './export'
import { buildFacts, type FactsIncident } from './facts'
import { actionItemFilterSchema, type ActionItemFilterInput } from './schemas'
import { sectionKeys, type Sections } from './sections'

// Every signed-in user reads every post-mortem and action item today, as with
// incidents; scoping would go into these `where` clauses.

/** The curated timeline is chosen from at most this many entries (the oldest first). */
export const CURATION_MAX_ENTRIES = 2000

const incidentFactsSelect = {
  id: true,
  number: true,
  title: true,
  severity: true,
  status: true,
  impact: true,
  resolutionSummary: true,
  reopenCount: true,
  declaredAt: true,
  acknowledgedAt: true,
  mitigatedAt: true,
  resolvedAt: true,
  reopenedAt: true,
  commander: { select: userRefSelect },
  commsLead: { select: userRefSelect },
  opsLead: { select: userRefSelect },
  declaredBy: { select: userRefSelect },
  services: { select: { service: { select: serviceRefSelect } }, orderBy: { service: { name: 'asc' } } },
} as const satisfies Prisma.IncidentSelect

export const postMortemSelect = {
  id: true,
  incidentId: true,
  status: true,
  dueAt: true,
  summary: true,
  impact: true,
  rootCause: true,
  detection: true,
  response: true,
  resolution: true,
  prevention: true,
  lessons: true,
  includedEntryIds: true,
  version: true,
  authorId: true,
  publishedAt: true,
  publishedById: true,
  createdAt: true,
  updatedAt: true,
} as const satisfies Prisma.PostMortemSelect

type PostMortemRow = Prisma.PostMortemGetPayload<{ select: typeof postMortemSelect }>

export const actionItemSelect = {
  id: true,
  title: true,
  status: true,
  dueAt: true,
  version: true,
  createdAt: true,
  doneAt: true,
  owner: { select: userRefSelect },
  incident: { select: { id: true, number: true, title: true, severity: true } },
  postMortem: { select: { id: true, status: true } },
} as const satisfies Prisma.ActionItemSelect

type ActionItemRow = Prisma.ActionItemGetPayload<{ select: typeof actionItemSelect }>

export function sectionsOf(row: Pick<PostMortemRow, (typeof sectionKeys)[number]>): Sections {
  return Object.fromEntries(sectionKeys.map((k) => [k, row[k]])) as Sections
}

export function toActionItemView(row: ActionItemRow, now: Date = new Date()): ActionItemView {
  return {
    id: row.id,
    title: row.title,
    status: row.status,
    owner: row.owner,
    dueAt: row.dueAt?.toISOString() ?? null,
    overdue: row.status !== 'DONE' && row.dueAt != null && row.dueAt.getTime() < now.getTime(),
    incident: { id: row.incident.id, ref: `INC-${row.incident.number}`, title: row.incident.title, severity: row.incident.severity },
    postMortem: row.postMortem ? { id: row.postMortem.id, status: row.postMortem.status as PostMortemStatus } : null,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    doneAt: row.doneAt?.toISOString() ?? null,
  }
}

async function toPostMortemView(row: PostMortemRow, now: Date): Promise<PostMortemView> {
  const people = [row.authorId, row.publishedById].filter((x): x is string => Boolean(x))
  const [users, lastSave] = await Promise.all([
    people.length ? db.user.findMany({ where: { id: { in: people } }, select: userRefSelect }) : Promise.resolve([]),
    db.auditEvent.findFirst({
      where: { targetType: 'postmortem', targetId: row.id, action: { in: ['postmortem.document.save', 'postmortem.document.start'] } },
      orderBy: { id: 'desc' },
      select: { at: true, actorEmail: true, actor: { select: { name: true } } },
    }),
  ])
  const user = (id: string | null) => users.find((u) => u.id === id) ?? null
  return {
    id: row.id,
    incidentId: row.incidentId,
    status: row.status,
    dueAt: row.dueAt?.toISOString() ?? null,
    overdue: row.status !== 'PUBLISHED' && row.dueAt != null && row.dueAt.getTime() < now.getTime(),
    sections: sectionsOf(row),
    includedEntryIds: row.includedEntryIds,
    version: row.version,
    author: user(row.authorId),
    publishedAt: row.publishedAt?.toISOString() ?? null,
    publishedBy: user(row.publishedById),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    lastSavedBy: lastSave ? { name: lastSave.actor?.name ?? lastSave.actorEmail ?? 'someone', at: lastSave.at.toISOString() } : null,
  }
}

export type FactsSource = {
  facts: PostMortemFacts
  timeline: TimelineEntryDto[]
  required: boolean
  dueAt: Date | null
}

/** The incident's facts, its timeline and whether a post-mortem is required; null when there is no such incident. */
export async function loadFacts(incidentId: string): Promise<FactsSource | null> {
  if (!UUID.test(incidentId)) return null
  const [incident, entries, remediations, runs, policy, alerts] = await Promise.all([
    db.incident.findUnique({ where: { id: incidentId }, select: incidentFactsSelect }),
    db.timelineEntry.findMany({ where: { incidentId }, orderBy: { id: 'asc' }, take: CURATION_MAX_ENTRIES, select: timelineEntrySelect }),
    db.remediationRequest.findMany({
      where: { incidentId },
      orderBy: { createdAt: 'asc' },
      select: {
        id: true,
        createdAt: true,
        kind: true,
        preview: true,
        status: true,
        error: true,
        finishedAt: true,
        service: { select: { name: true, cluster: true } },
        database: { select: { name: true } },
        requester: { select: userRefSelect },
        approver: { select: userRefSelect },
      },
    }),
    db.runbookRun.findMany({
      where: { incidentId },
      orderBy: { startedAt: 'asc' },
      select: { runbookId: true, startedAt: true, steps: { select: { status: true } } },
    }),
    getSeverityPolicy(),
    db.alert.findMany({
      where: { incidentId },
      orderBy: { firstSeenAt: 'asc' },
      take: 50,
      select: { source: true, title: true, reason: true, firstSeenAt: true, count: true },
    }),
  ])
  if (!incident) return null
  const rowPolicy = policyFor(policy, incident.severity)
  const timeline = entries.map(toTimelineEntryDto)
  const factsIncident: FactsIncident = {
    ...incident,
    services: incident.services.map((s) => ({ id: s.service.id, name: s.service.name, environment: s.service.environment, cluster: s.service.cluster })),
  }
  const facts = buildFacts(
    factsIncident,
    rowPolicy,
    timeline,
    // A database action names its database where a service action names its service.
    remediations.map(({ database, ...r }) => ({ ...r, service: r.service ?? { name: database?.name ?? 'removed target', cluster: 'PostgreSQL' } })),
    runs.map((r) => {
      const runbook = runbookById(r.runbookId)
      return {
        runbookId: r.runbookId,
        title: runbook?.title ?? r.runbookId,
        startedAt: r.startedAt,
        done: r.steps.filter((s) => s.status === 'done').length,
        skipped: r.steps.filter((s) => s.status === 'skipped').length,
        total: runbook?.steps.length ?? null,
      }
    }),
    alerts,
  )
  const required = rowPolicy.postmortemRequired
  return { facts, timeline, required, dueAt: postMortemDueAt(incident.status === 'RESOLVED' ? incident.resolvedAt : null, required) }
}

function listActionItemsOf(incidentId: string, now: Date) {
  return db.actionItem
    .findMany({ where: { incidentId }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }], select: actionItemSelect })
    .then((rows) => rows.map((r) => toActionItemView(r, now)))
}

/** Everything the post-mortem page shows for one incident; a missing incident is a 404. */
export const getPostMortemPage = cache(async (_actor: Actor, incidentId: string, now: Date = new Date()): Promise<PostMortemPage> => {
  const source = await loadFacts(incidentId)
  if (!source) notFound()
  const [row, actionItems] = await Promise.all([
    db.postMortem.findUnique({ where: { incidentId }, select: postMortemSelect }),
    listActionItemsOf(incidentId, now),
  ])
  const postMortem = row ? await toPostMortemView(row, now) : null
  const { facts } = source
  return {
    facts,
    timeline: source.timeline,
    postMortem,
    actionItems,
    required: source.required,
    dueAt: postMortem?.dueAt ?? source.dueAt?.toISOString() ?? null,
    cannotStart: row ? null : facts.incident.status !== 'RESOLVED' ? `${facts.incident.ref} is not resolved yet. Write the post-mortem once it is.` : null,
  }
})

/** One post-mortem as its editor polls it; null when it does not exist. */
export async function getPostMortem(_actor: Actor, postMortemId: string, now: Date = new Date()): Promise<PostMortemView | null> {
  if (!UUID.test(postMortemId)) return null
  const row = await db.postMortem.findUnique({ where: { id: postMortemId }, select: postMortemSelect })
  return row ? toPostMortemView(row, now) : null
}

/** The post-mortem as a Markdown file; null when it does not exist. */
export async function getPostMortemExport(actor: Actor, postMortemId: string, now: Date = new Date()): Promise<{ fileName: string; markdown: string } | null> {
  const view = await getPostMortem(actor, postMortemId, now)
  if (!view) return null
  const [source, actionItems] = await Promise.all([loadFacts(view.incidentId), listActionItemsOf(view.incidentId, now)])
  if (!source) return null
  return { fileName: exportFileName(source.facts), markdown: postMortemMarkdown(source.facts, view, source.timeline, actionItems, now) }
}

type ItemCursor = { d: number | null; i: string }

function encodeCursor(c: ItemCursor) {
  return Buffer.from(JSON.stringify(c)).toString('base64url')
}

function decodeCursor(cursor: string): ItemCursor {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as ItemCursor
    if ((v.d === null || Number.isSafeInteger(v.d)) && typeof v.i === 'string' && UUID.test(v.i)) return v
  } catch {
    // fall through
  }
  throw new AppError('VALIDATION', 'That page link is out of date; start again from the first page.')
}

/**
 * Action items across all incidents, soonest due first (no due date last), a page
 * at a time. `filter` comes from the URL as it is (see actionItemFilterSchema).
 */
export async function listActionItems(
  actor: Actor,
  filter: ActionItemFilterInput = {},
  cursor?: string | null,
  now: Date = new Date(),
): Promise<ActionItemPage> {
  const parsed = actionItemFilterSchema.safeParse(filter)
  if (!parsed.success) {
    throw new AppError('VALIDATION', 'Some filters are not valid.', zodFieldErrors(parsed.error, 'filter'))
  }
  const f = parsed.data
  const and: Prisma.ActionItemWhereInput[] = []
  if (f.owner === 'me') and.push({ ownerId: actor.id })
  else if (f.owner === 'none') and.push({ ownerId: null })
  else if (f.owner) and.push({ ownerId: f.owner })
  if (f.state === 'active') and.push({ status: { in: ['OPEN', 'IN_PROGRESS'] } })
  else if (f.state === 'open') and.push({ status: 'OPEN' })
  else if (f.state === 'in_progress') and.push({ status: 'IN_PROGRESS' })
  else if (f.state === 'done') and.push({ status: 'DONE' })
  if (f.overdue) and.push({ status: { in: ['OPEN', 'IN_PROGRESS'] }, dueAt: { lt: now } })
  if (f.from || f.to) and.push({ incident: { declaredAt: { ...(f.from ? { gte: f.from } : {}), ...(f.to ? { lt: f.to } : {}) } } })

  const after: Prisma.ActionItemWhereInput[] = []
  if (cursor) {
    const c = decodeCursor(cursor)
    if (c.d != null) {
      const d = new Date(c.d)
      after.push({ OR: [{ dueAt: { gt: d } }, { dueAt: d, id: { gt: c.i } }, { dueAt: null }] })
    } else {
      after.push({ dueAt: null, id: { gt: c.i } })
    }
  }
  const [rows, total] = await Promise.all([
    db.actionItem.findMany({
      where: { AND: [...and, ...after] },
      orderBy: [{ dueAt: { sort: 'asc', nulls: 'last' } }, { id: 'asc' }],
      take: f.limit + 1,
      select: actionItemSelect,
    }),
    db.actionItem.count({ where: { AND: and } }),
  ])
  const page = rows.slice(0, f.limit)
  const last = page.at(-1)
  return {
    items: page.map((r) => toActionItemView(r, now)),
    nextCursor: rows.length > f.limit && last ? encodeCursor({ d: last.dueAt?.getTime() ?? null, i: last.id }) : null,
    total,
  }
}
