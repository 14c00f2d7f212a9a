import 'server-only'
import { notFound } from 'next/navigation'
import { cache } from 'react'
import { z } from 'zod'
import { requireCan, type Actor } from '@/lib/actions/actor'
import { db, type Prisma } from '@/lib/db/client'
import { AppError, UUID, zodFieldErrors } from '@/lib/errors'
import { ageMinutes, incidentClocks, slaSummary } from './clocks'
import type {
  AssignableUser,
  IncidentDetail,
  IncidentPage,
  OpenIncidentRef,
  IncidentSummary,
  SeverityPolicyRow,
  StatusUpdateDraft,
  TimelinePage,
  WebhookSettings,
} from './dto'
import {
  incidentRef,
  iso,
  serviceRefSelect,
  severityPolicySelect,
  timelineEntrySelect,
  toSeverityPolicyRow,
  toTimelineEntryDto,
  userRefSelect,
} from './mappers'
import { completePolicy, policyFor } from './policy'
import { incidentListFilterSchema, type IncidentListFilterInput } from './schemas'
import { buildStatusUpdateDraft, suggestedDraftKind, type StatusUpdateKind } from './status-update'
import { openStatuses } from './transitions'
import { parseStoredWebhooks, statusWebhooksKey, toWebhookView } from './webhooks'

// Every signed-in user reads every incident today; when incidents become private to
// a team, the scoping goes into these `where` clauses, not into an `if` afterwards.

const TIMELINE_PAGE = 200
const TIMELINE_MAX = 1000

/** The severity policy, one row per severity in order (defaults stand in for a missing row). */
export const getSeverityPolicy = cache(async (): Promise<SeverityPolicyRow[]> => {
  const rows = await db.severityPolicy.findMany({ select: severityPolicySelect })
  return completePolicy(rows.map(toSeverityPolicyRow))
})

const summarySelect = {
  id: true,
  number: true,
  title: true,
  severity: true,
  status: true,
  declaredAt: true,
  acknowledgedAt: true,
  resolvedAt: true,
  reopenedAt: true,
  lastUpdatePostedAt: true,
  lastProgressAt: true,
  version: true,
  commander: { select: userRefSelect },
  services: {
    select: { service: { select: { id: true, name: true, environment: true } } },
    orderBy: { service: { name: 'asc' } },
  },
} as const satisfies Prisma.IncidentSelect

type SummaryRow = Prisma.IncidentGetPayload<{ select: typeof summarySelect }>

function clockFields(
  row: Pick<SummaryRow, 'severity' | 'status' | 'declaredAt' | 'acknowledgedAt' | 'resolvedAt' | 'reopenedAt' | 'lastUpdatePostedAt' | 'lastProgressAt'>,
) {
  return {
    severity: row.severity,
    status: row.status,
    declaredAt: row.declaredAt.toISOString(),
    acknowledgedAt: iso(row.acknowledgedAt),
    resolvedAt: iso(row.resolvedAt),
    reopenedAt: iso(row.reopenedAt),
    lastUpdatePostedAt: iso(row.lastUpdatePostedAt),
    lastProgressAt: row.lastProgressAt.toISOString(),
  }
}

function toSummary(row: SummaryRow, policy: SeverityPolicyRow[], now: Date): IncidentSummary {
  const fields = clockFields(row)
  return {
    id: row.id,
    number: row.number,
    ref: incidentRef(row.number),
    title: row.title,
    ...fields,
    commander: row.commander,
    services: row.services.map((s) => s.service),
    ageMinutes: ageMinutes(fields, now),
    sla: slaSummary(fields, policyFor(policy, row.severity), now),
    version: row.version,
  }
}

// The list is ordered open first, then resolved, each newest first (declaredAt, then
// id, descending). It is read as two ranges, each served by the
// (status, declaredAt, id) index, and the cursor says which range and where in it.
/** Where the next page starts: a range, and the last row read in it (null: its beginning). */
type Cursor = { phase: 'open' | 'resolved'; last: { declaredAt: Date; id: string } | null }

const cursorShape = z.object({
  p: z.enum(['open', 'resolved']),
  d: z.number().int().nullable(),
  i: z.string().regex(UUID).nullable(),
})

function encodeCursor(c: Cursor) {
  return Buffer.from(JSON.stringify({ p: c.phase, d: c.last?.declaredAt.getTime() ?? null, i: c.last?.id ?? null })).toString('base64url')
}

const staleCursor = () => new AppError('VALIDATION', 'That page link is out of date; start again from the first page.')

function decodeCursor(cursor: string): Cursor {
  let v: z.infer<typeof cursorShape>
  try {
    v = cursorShape.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')))
  } catch {
    throw staleCursor()
  }
  return { phase: v.p, last: v.d != null && v.i != null ? { declaredAt: new Date(v.d), id: v.i } : null }
}

const likeEscape = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`)

function filterWhere(filter: ReturnType<typeof incidentListFilterSchema.parse>): Prisma.IncidentWhereInput[] {
  const and: Prisma.IncidentWhereInput[] = []
  if (filter.status?.length) and.push({ status: { in: filter.status } })
  if (filter.severity?.length) and.push({ severity: { in: filter.severity } })
  if (filter.serviceId) and.push({ services: { some: { serviceId: filter.serviceId } } })
  if (filter.environment) and.push({ services: { some: { service: { environment: filter.environment } } } })
  if (filter.commanderId) and.push({ commanderId: filter.commanderId })
  if (filter.from) and.push({ declaredAt: { gte: filter.from } })
  if (filter.to) and.push({ declaredAt: { lt: filter.to } })
  if (filter.q) {
    // Case-insensitive substring search (ILIKE) on the title, the impact and the
    // notes; Prisma escapes nothing for us, so % and _ are escaped here.
    const q = filter.q
    const contains = { contains: likeEscape(q), mode: 'insensitive' as const }
    const or: Prisma.IncidentWhereInput[] = [{ title: contains }, { impact: contains }, { timeline: { some: { kind: 'note', text: contains } } }]
    const number = /^(?:inc-?)?(\d{1,9})$/i.exec(q)
    if (number) or.push({ number: Number(number[1]) })
    and.push({ OR: or })
  }
  return and
}

const phaseWhere = (phase: Cursor['phase']): Prisma.IncidentWhereInput => (phase === 'open' ? { status: { in: [...openStatuses] } } : { status: 'RESOLVED' })

const after = (last: { declaredAt: Date; id: string }): Prisma.IncidentWhereInput => ({
  OR: [{ declaredAt: { lt: last.declaredAt } }, { declaredAt: last.declaredAt, id: { lt: last.id } }],
})

/**
 * Incidents matching `filter`, open ones first, newest first, a page at a time.
 * `filter` is parsed with incidentListFilterSchema, so the URL's search params can be
 * passed as they are. Ages and SLA states are computed at `now`.
 */
export async function listIncidents(
  _actor: Actor,
  filter: IncidentListFilterInput = {},
  cursor?: string | null,
  now: Date = new Date(),
): Promise<IncidentPage> {
  const parsed = incidentListFilterSchema.safeParse(filter)
  if (!parsed.success) {
    throw new AppError('VALIDATION', 'Some filters are not valid.', zodFieldErrors(parsed.error, 'filter'))
  }
  const f = parsed.data
  const base = filterWhere(f)
  const phases: Cursor['phase'][] = f.state === 'open' ? ['open'] : f.state === 'resolved' ? ['resolved'] : ['open', 'resolved']
  const start = cursor ? decodeCursor(cursor) : null
  if (start && !phases.includes(start.phase)) throw staleCursor()

  const policyPromise = getSeverityPolicy()
  const totalPromise = db.incident.count({ where: { AND: [...base, ...(phases.length === 1 ? [phaseWhere(phases[0])] : [])] } })

  const rows: SummaryRow[] = []
  let next: Cursor | null = null
  for (const phase of phases.slice(start ? phases.indexOf(start.phase) : 0)) {
    const where = { AND: [...base, phaseWhere(phase), ...(start?.phase === phase && start.last ? [after(start.last)] : [])] }
    const want = f.limit - rows.length
    if (want === 0) {
      // The page is full; the next one starts at the beginning of this range, if it has anything.
      if (await db.incident.findFirst({ where, select: { id: true } })) next = { phase, last: null }
      break
    }
    const page = await db.incident.findMany({ where, orderBy: [{ declaredAt: 'desc' }, { id: 'desc' }], take: want + 1, select: summarySelect })
    rows.push(...page.slice(0, want))
    if (page.length > want) {
      const last = rows[rows.length - 1]
      next = { phase, last: { declaredAt: last.declaredAt, id: last.id } }
      break
    }
  }

  const [policy, total] = await Promise.all([policyPromise, totalPromise])
  return {
    items: rows.map((r) => toSummary(r, policy, now)),
    nextCursor: next ? encodeCursor(next) : null,
    total,
    asOf: now.toISOString(),
  }
}

const detailSelect = {
  ...summarySelect,
  impact: true,
  mitigatedAt: true,
  resolutionSummary: true,
  reopenCount: true,
  commsLead: { select: userRefSelect },
  opsLead: { select: userRefSelect },
  declaredBy: { select: userRefSelect },
  services: { select: { service: { select: serviceRefSelect } }, orderBy: { service: { name: 'asc' } } },
} as const satisfies Prisma.IncidentSelect

/** One incident with its roles, services (with ids, for live health), policy and clocks; a missing one is a 404. */
export const getIncident = cache(async (_actor: Actor, id: string, now: Date = new Date()): Promise<IncidentDetail> => {
  if (!UUID.test(id)) notFound()
  const [row, policy] = await Promise.all([db.incident.findUnique({ where: { id }, select: detailSelect }), getSeverityPolicy()])
  if (!row) notFound()
  const fields = clockFields(row)
  const rowPolicy = policyFor(policy, row.severity)
  return {
    id: row.id,
    number: row.number,
    ref: incidentRef(row.number),
    title: row.title,
    impact: row.impact,
    ...fields,
    mitigatedAt: iso(row.mitigatedAt),
    resolutionSummary: row.resolutionSummary,
    reopenCount: row.reopenCount,
    commander: row.commander,
    commsLead: row.commsLead,
    opsLead: row.opsLead,
    declaredBy: row.declaredBy,
    services: row.services.map((s) => s.service),
    policy: rowPolicy,
    clocks: incidentClocks(fields, rowPolicy, now),
    asOf: now.toISOString(),
    version: row.version,
  }
})

const pageSize = (limit: number) => Math.min(Math.max(1, Math.floor(Number.isFinite(limit) ? limit : TIMELINE_PAGE)), TIMELINE_MAX)

function entryCursor(id: number) {
  if (!Number.isSafeInteger(id) || id < 0) throw new AppError('VALIDATION', 'That timeline position is not valid; reload the page.')
}

/**
 * The timeline, oldest first. Without `afterId`: the latest `limit` entries
 * (`hasMore` says older ones exist; page back with getOlderTimeline). With
 * `afterId`: only entries newer than it, for live polling (`hasMore` says poll again
 * at once). `cursor` is the id to pass as `afterId` next time.
 */
export async function getTimeline(_actor: Actor, incidentId: string, afterId?: number | null, limit = TIMELINE_PAGE): Promise<TimelinePage> {
  if (!UUID.test(incidentId)) notFound()
  const take = pageSize(limit)
  if (afterId != null) {
    entryCursor(afterId)
    const rows = await db.timelineEntry.findMany({
      where: { incidentId, id: { gt: afterId } },
      orderBy: { id: 'asc' },
      take: take + 1,
      select: timelineEntrySelect,
    })
    const entries = rows.slice(0, take).map(toTimelineEntryDto)
    return { entries, cursor: entries.length ? entries[entries.length - 1].id : afterId, hasMore: rows.length > take }
  }
  const [exists, rows] = await Promise.all([
    db.incident.findUnique({ where: { id: incidentId }, select: { id: true } }),
    db.timelineEntry.findMany({ where: { incidentId }, orderBy: { id: 'desc' }, take: take + 1, select: timelineEntrySelect }),
  ])
  if (!exists) notFound()
  const entries = rows.slice(0, take).reverse().map(toTimelineEntryDto)
  return { entries, cursor: entries.length ? entries[entries.length - 1].id : null, hasMore: rows.length > take }
}

/** Entries older than `beforeId`, oldest first; `hasMore` says there are older still. */
export async function getOlderTimeline(_actor: Actor, incidentId: string, beforeId: number, limit = TIMELINE_PAGE): Promise<TimelinePage> {
  if (!UUID.test(incidentId)) notFound()
  entryCursor(beforeId)
  const take = pageSize(limit)
  const rows = await db.timelineEntry.findMany({
    where: { incidentId, id: { lt: beforeId } },
    orderBy: { id: 'desc' },
    take: take + 1,
    select: timelineEntrySelect,
  })
  const entries = rows.slice(0, take).reverse().map(toTimelineEntryDto)
  return { entries, cursor: entries.length ? entries[entries.length - 1].id : null, hasMore: rows.length > take }
}

/**
 * A status update draft for the incident as it stands: `kind` defaults to what the
 * situation calls for (first notice, progress update, or resolution notice). Progress
 * lists the notes since the last update (at most five, the latest).
 */
export async function getStatusUpdateDraft(actor: Actor, incidentId: string, kind?: StatusUpdateKind, now: Date = new Date()): Promise<StatusUpdateDraft> {
  const incident = await getIncident(actor, incidentId, now)
  const since = incident.lastUpdatePostedAt ? new Date(incident.lastUpdatePostedAt) : undefined
  const notes = await db.timelineEntry.findMany({
    where: { incidentId, kind: 'note', ...(since ? { at: { gt: since } } : {}) },
    orderBy: { id: 'desc' },
    take: 5,
    select: { text: true },
  })
  return buildStatusUpdateDraft(
    kind ?? suggestedDraftKind(incident),
    {
      ref: incident.ref,
      title: incident.title,
      severity: incident.severity,
      status: incident.status,
      impact: incident.impact,
      declaredAt: incident.declaredAt,
      resolvedAt: incident.resolvedAt,
      reopenedAt: incident.reopenedAt,
      lastUpdatePostedAt: incident.lastUpdatePostedAt,
      resolutionSummary: incident.resolutionSummary,
      services: incident.services,
      commander: incident.commander,
      progressNotes: notes.map((n) => n.text).reverse(),
    },
    incident.policy,
    now,
  )
}

/** People who can hold an incident role (active responders, commanders and admins), by name. */
export async function listAssignableUsers(_actor: Actor): Promise<AssignableUser[]> {
  const rows = await db.user.findMany({
    where: { disabled: false, role: { in: ['RESPONDER', 'COMMANDER', 'ADMIN'] } },
    orderBy: { name: 'asc' },
    select: { id: true, name: true, email: true, role: true },
  })
  return rows.map((r) => ({ ...r, role: r.role as AssignableUser['role'] }))
}

/** The status-update webhooks, for admins: names, formats and URL previews, never the URLs. */
export async function getWebhooks(actor: Actor): Promise<WebhookSettings> {
  requireCan(actor, 'admin:policy', 'Only an admin can see the webhook settings.')
  const row = await db.appSetting.findUnique({ where: { key: statusWebhooksKey }, select: { value: true, version: true } })
  return { version: row?.version ?? 0, webhooks: parseStoredWebhooks(row?.value).map(toWebhookView) }
}

/**
 * Open incidents that name any of `serviceIds` (every open incident with a service
 * when omitted), most severe first, then the oldest. `exceptDeclareKey` leaves out the
 * incident a declare form with that key already made.
 */
export async function openIncidentsForServices(_actor: Actor, serviceIds?: string[], exceptDeclareKey?: string): Promise<OpenIncidentRef[]> {
  if (serviceIds && serviceIds.length === 0) return []
  const rows = await db.incident.findMany({
    where: {
      status: { in: [...openStatuses] },
      // A retried declare (same key) is its own incident, not a duplicate of it.
      ...(exceptDeclareKey ? { NOT: { declareKey: exceptDeclareKey } } : {}),
      services: serviceIds ? { some: { serviceId: { in: serviceIds } } } : { some: {} },
    },
    orderBy: [{ severity: 'asc' }, { declaredAt: 'asc' }],
    take: 200,
    select: {
      id: true,
      number: true,
      title: true,
      severity: true,
      declaredAt: true,
      services: { select: { service: { select: { id: true, name: true, cluster: true } } } },
    },
  })
  return rows.map((r) => ({
    id: r.id,
    ref: incidentRef(r.number),
    title: r.title,
    severity: r.severity,
    declaredAt: r.declaredAt.toISOString(),
    services: r.services.map((s) => s.service),
  }))
}
