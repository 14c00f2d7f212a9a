import 'server-only'
import type { Actor } from '@/lib/actions/actor'
import { db, type Prisma } from '@/lib/db/client'
import { verifyEvents, type ChainVerdict } from './chain'
import { auditDigestPlace, checkAgainstDigest, writeAuditDigest, type DigestPlace } from './digest'
import type { AuditFilter } from './schemas'

export type AuditRow = {
  id: number
  at: string
  actorEmail: string | null
  action: string
  target: string | null
  service: { id: string; name: string; cluster: string } | null
  incident: { id: string; ref: string } | null
  status: 'PENDING' | 'SUCCEEDED' | 'FAILED'
  reason: string | null
  awsRequestId: string | null
  error: string | null
  params: string | null
}

const PAGE = 50
const EXPORT_LIMIT = 50_000

async function whereOf(f: AuditFilter): Promise<Prisma.AuditEventWhereInput> {
  let incidentId: string | undefined
  if (f.incident) {
    const number = Number(f.incident.replace(/^INC-/i, ''))
    incidentId = (await db.incident.findUnique({ where: { number }, select: { id: true } }))?.id ?? '00000000-0000-0000-0000-000000000000'
  }
  return {
    ...(f.actor ? { actorEmail: { contains: f.actor, mode: 'insensitive' } } : {}),
    ...(f.action ? { action: f.action } : {}),
    ...(f.serviceId ? { serviceId: f.serviceId } : {}),
    ...(incidentId ? { incidentId } : {}),
    ...(f.from || f.to ? { at: { ...(f.from ? { gte: f.from } : {}), ...(f.to ? { lt: f.to } : {}) } } : {}),
  }
}

const rowSelect = {
  id: true,
  at: true,
  actorEmail: true,
  action: true,
  targetType: true,
  targetId: true,
  serviceId: true,
  incidentId: true,
  status: true,
  reason: true,
  awsRequestId: true,
  error: true,
  params: true,
} as const

async function toRows(rows: Prisma.AuditEventGetPayload<{ select: typeof rowSelect }>[]): Promise<AuditRow[]> {
  const serviceIds = [...new Set(rows.map((r) => r.serviceId).filter((x): x is string => Boolean(x)))]
  const incidentIds = [...new Set(rows.map((r) => r.incidentId).filter((x): x is string => Boolean(x)))]
  const [services, incidents] = await Promise.all([
    serviceIds.length ? db.service.findMany({ where: { id: { in: serviceIds } }, select: { id: true, name: true, cluster: true } }) : [],
    incidentIds.length ? db.incident.findMany({ where: { id: { in: incidentIds } }, select: { id: true, number: true } }) : [],
  ])
  return rows.map((r) => ({
    id: r.id,
    at: r.at.toISOString(),
    actorEmail: r.actorEmail,
    action: r.action,
    target: r.targetType ? `${r.targetType} ${r.targetId ?? ''}`.trim() : null,
    service: services.find((s) => s.id === r.serviceId) ?? null,
    incident: (() => {
      const i = incidents.find((x) => x.id === r.incidentId)
      return i ? { id: i.id, ref: `INC-${i.number}` } : null
    })(),
    status: r.status,
    reason: r.reason,
    awsRequestId: r.awsRequestId,
    error: r.error,
    params: r.params == null ? null : JSON.stringify(r.params),
  }))
}

/** Newest first, a page at a time; pass the last id seen as `before` for the next page. */
export async function listAuditEvents(_actor: Actor, filter: AuditFilter) {
  const where = await whereOf(filter)
  const rows = await db.auditEvent.findMany({
    where: { ...where, ...(filter.before ? { id: { lt: filter.before } } : {}) },
    orderBy: { id: 'desc' },
    take: PAGE + 1,
    select: rowSelect,
  })
  const page = rows.slice(0, PAGE)
  return { events: await toRows(page), nextCursor: rows.length > PAGE ? page[page.length - 1].id : null }
}

/** Every matching event (up to a limit), oldest first, for the CSV export. */
export async function exportAuditEvents(_actor: Actor, filter: AuditFilter) {
  const rows = await db.auditEvent.findMany({ where: await whereOf(filter), orderBy: { id: 'asc' }, take: EXPORT_LIMIT, select: rowSelect })
  return toRows(rows)
}

const VERIFY_BATCH = 2000

/**
 * Walks the whole audit chain in order and reports the first event that does not fit,
 * then checks it against the newest signed digest (tail truncation, a rewritten and
 * re-hashed chain, an outcome undone). An intact chain gets a fresh digest.
 */
export async function verifyAuditChain(actor: Actor, place: DigestPlace = auditDigestPlace()): Promise<ChainVerdict> {
  const walked = await walkChain(actor)
  if (!walked.ok) return walked
  const problem = await checkAgainstDigest(db, place)
  if (problem) return { ok: false, checked: walked.checked, ...problem }
  await writeAuditDigest(db, place)
  return walked
}

async function walkChain(_actor: Actor): Promise<ChainVerdict> {
  let after = 0
  let prevHash: string | null = null
  let checked = 0
  for (;;) {
    const rows = await db.auditEvent.findMany({
      where: { id: { gt: after } },
      orderBy: { id: 'asc' },
      take: VERIFY_BATCH,
      select: {
        id: true,
        at: true,
        actorId: true,
        actorEmail: true,
        action: true,
        targetType: true,
        targetId: true,
        incidentId: true,
        serviceId: true,
        params: true,
        reason: true,
        requestId: true,
        status: true,
        awsRequestId: true,
        error: true,
        completedAt: true,
        prevHash: true,
        hash: true,
        completionHash: true,
      },
    })
    if (rows.length === 0) return { ok: true, checked }
    const { verdict, lastHash } = verifyEvents(rows, prevHash)
    if (verdict) return { ...verdict, checked: checked + verdict.checked }
    checked += rows.length
    prevHash = lastHash
    after = rows[rows.length - 1].id
  }
}
