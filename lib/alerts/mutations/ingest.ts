import 'server-only'
// Alert ingestion's writes. One POST is one transaction: the payload row (its MessageId is
// unique, so a replay fails here), then every service lock it needs, then each alert's
// upsert and its incident entry. Declaring runs after that transaction commits, through
// the incident domain's own declare (idempotent by key), so a storm on one service that
// races the declare still makes one incident.
import type { ActorContext } from '@/lib/actions/actor'
import { db, type DbTransaction } from '@/lib/db/client'
import { appendIncidentEntry } from '@/lib/incidents/mutations'
import { snapshotOf, type FleetReading, type HealthSnapshot } from '@/lib/health/snapshot'
import type { MatchedService } from '../queries'
import { routeWithRules, type RouteRule } from '../rules'
import { effectiveCategory, incidentTitle, type AlertSignal } from '../signals'

/** Raw bodies are kept this long at most, for the admin's debugging. */
export const MAX_KEPT_BODY = 16 * 1024

const keep = (body: string) => (body.length > MAX_KEPT_BODY ? `${body.slice(0, MAX_KEPT_BODY)}…[cut]` : body)

type Outcome = 'ACCEPTED' | 'REFUSED' | 'DUPLICATE'

/** Records a payload that was refused or carried nothing to process (no alert touched). */
export async function recordPayload(integrationId: string, p: { body: string; outcome: Outcome; reason?: string; messageId?: string }) {
  try {
    await db.alertPayload.create({ data: { integrationId, body: keep(p.body), outcome: p.outcome, reason: p.reason ?? null, messageId: p.messageId ?? null } })
    return true
  } catch (err) {
    if ((err as { code?: unknown })?.code === 'P2002') return false // the MessageId was already received
    throw err
  }
}

/** Counts a refusal on an integration without keeping what was sent (the sender was not authenticated). */
export async function countRefusal(integrationId: string) {
  await db.alertIntegration.update({ where: { id: integrationId }, data: { refusedCount: { increment: 1 } }, select: { id: true } })
}

export type MatchedSignal = AlertSignal & { service: MatchedService | null }

/** A declare the caller must run once the transaction has committed. */
export type PendingDeclare = {
  key: string
  serviceId: string
  alertId: string
  title: string
  reason: string
  severity: 'SEV1' | 'SEV2' | 'SEV3' | 'SEV4'
  runbookId: string | null
}

export type IngestResult =
  | { duplicate: true }
  | {
      duplicate: false
      payloadId: number
      alerts: {
        id: string
        fingerprint: string
        state: string
        count: number
        incidentId: string | null
        routed: 'attached' | 'declare' | 'inbox' | 'resolved' | 'muted'
      }[]
      declares: PendingDeclare[]
    }

/** How long an alert's unfinished declare is shared with its service's next alerts. */
const PENDING_DECLARE_MS = 15 * 60_000

const lockKey = (s: MatchedSignal) => (s.service ? `incident-command:alert-service:${s.service.id}` : `incident-command:alert:${s.source}:${s.fingerprint}`)

/**
 * Takes a service's alert lock: first in the lock order (before any incident row), taken
 * only by alert ingestion, so every alert of one service is decided one at a time.
 */
export async function lockAlertService(tx: DbTransaction, key: string) {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${key}))`
}

async function openIncidentFor(tx: DbTransaction, serviceId: string) {
  return tx.incident.findFirst({
    where: { status: { not: 'RESOLVED' }, services: { some: { serviceId } } },
    orderBy: { declaredAt: 'desc' },
    select: { id: true },
  })
}

const alertText = (s: { title: string; reason: string }) => `${s.title} — ${s.reason}`

const healthData = (h: HealthSnapshot) => ({ status: h.status, reason: h.reason, observedAt: h.observedAt })

/**
 * Stores one payload and what its signals change: alerts upserted by fingerprint, attached
 * to their service's open incident, resolved, or marked for a declare (returned, to run
 * after commit). A payload whose MessageId was already stored comes back as a duplicate.
 */
export async function ingestSignals(
  actor: ActorContext['actor'],
  input: {
    integrationId: string
    body: string
    messageId?: string
    note?: string
    signals: MatchedSignal[]
    now: Date
    routes?: readonly RouteRule[]
    health?: FleetReading
  },
): Promise<IngestResult> {
  try {
    return await db.$transaction(
      async (tx) => {
        const payload = await tx.alertPayload.create({
          data: {
            integrationId: input.integrationId,
            body: keep(input.body),
            outcome: 'ACCEPTED',
            reason: input.note ?? null,
            messageId: input.messageId ?? null,
          },
          select: { id: true },
        })
        for (const key of [...new Set(input.signals.map(lockKey))].sort()) await lockAlertService(tx, key)
        const alerts: Extract<IngestResult, { duplicate: false }>['alerts'] = []
        const declares: PendingDeclare[] = []
        for (const signal of input.signals) {
          const done = await applySignal(tx, actor, signal, input.now, { routes: input.routes ?? [], health: input.health ?? null })
          alerts.push(done.alert)
          if (done.declare) declares.push(done.declare)
        }
        if (alerts.length === 1) await tx.alertPayload.update({ where: { id: payload.id }, data: { alertId: alerts[0].id }, select: { id: true } })
        return { duplicate: false as const, payloadId: payload.id, alerts, declares }
      },
      { timeout: 15_000, maxWait: 15_000 },
    )
  } catch (err) {
    if ((err as { code?: unknown; meta?: { modelName?: string } })?.code === 'P2002' && input.messageId) {
      const seen = await db.alertPayload.findUnique({ where: { messageId: input.messageId }, select: { id: true } })
      if (seen) {
        await recordPayload(input.integrationId, { body: input.body, outcome: 'DUPLICATE', reason: `MessageId ${input.messageId} was already received` })
        return { duplicate: true }
      }
    }
    throw err
  }
}

async function applySignal(
  tx: DbTransaction,
  actor: ActorContext['actor'],
  s: MatchedSignal,
  now: Date,
  opts: { routes: readonly RouteRule[]; health: FleetReading },
) {
  const existing = await tx.alert.findUnique({
    where: { source_fingerprint: { source: s.source, fingerprint: s.fingerprint } },
    select: { id: true, state: true, count: true, incidentId: true, silencedUntil: true, firstSeenAt: true, category: true },
  })
  const serviceId = s.service?.id ?? null
  const firing = s.state === 'FIRING'
  const refired = firing && existing?.state === 'RESOLVED'
  const count = existing ? (firing ? (refired ? 1 : existing.count + 1) : existing.count) : 1
  const category = effectiveCategory(s.category, count)
  // An alert whose incident has since resolved starts over when it fires again.
  let incidentId = existing?.incidentId ?? null
  if (incidentId && firing) {
    const open = await tx.incident.findFirst({ where: { id: incidentId, status: { not: 'RESOLVED' } }, select: { id: true } })
    if (!open) incidentId = null
  }
  // A firing alert in an open maintenance window is recorded, and neither declares nor attaches.
  const window =
    firing && serviceId
      ? await tx.maintenanceWindow.findFirst({
          where: { serviceId, startsAt: { lte: now }, endsAt: { gt: now } },
          orderBy: { endsAt: 'desc' },
          select: { id: true },
        })
      : null
  const fields = {
    serviceId,
    severity: s.severity,
    state: s.state,
    title: s.title,
    reason: s.reason,
    category,
    lastSeenAt: now,
    resolvedAt: firing ? null : now,
    count,
    incidentId,
    // Kept when the alert resolves, so it still shows the window it fired in.
    ...(firing ? { maintenanceWindowId: window?.id ?? null } : {}),
  }
  const row = existing
    ? await tx.alert.update({
        where: { id: existing.id },
        data: { ...fields, ...(refired ? { firstSeenAt: now, declareKey: null } : {}), version: { increment: 1 } },
        select: { id: true },
      })
    : await tx.alert.create({ data: { ...fields, source: s.source, fingerprint: s.fingerprint, firstSeenAt: now }, select: { id: true } })
  const summary = { id: row.id, fingerprint: s.fingerprint, state: s.state, count, incidentId }

  if (!firing) {
    if (incidentId && existing?.state === 'FIRING')
      await appendIncidentEntry(tx, {
        incidentId,
        kind: 'alert_resolved',
        actorId: actor.id,
        text: `Alert resolved: ${alertText(s)}`,
        data: { alertId: row.id, source: s.source, fingerprint: s.fingerprint },
        progress: false,
      })
    return { alert: { ...summary, routed: 'resolved' as const } }
  }
  if (window) return { alert: { ...summary, routed: 'muted' as const } }
  const silenced = existing?.silencedUntil != null && existing.silencedUntil > now
  if (silenced || !serviceId) return { alert: { ...summary, routed: 'inbox' as const } }

  const attachTo = incidentId ?? (await openIncidentFor(tx, serviceId))?.id ?? null
  if (attachTo) {
    // One entry when the alert joins the incident (or fires again), not one per repeat.
    if (attachTo !== existing?.incidentId || refired || category !== existing?.category) {
      if (attachTo !== incidentId) await tx.alert.update({ where: { id: row.id }, data: { incidentId: attachTo }, select: { id: true } })
      const health = snapshotOf(opts.health, serviceId, now)
      await appendIncidentEntry(tx, {
        incidentId: attachTo,
        kind: 'alert',
        actorId: actor.id,
        // CloudWatch's reasons end with a full stop of their own.
        text: `Alert: ${alertText(s).replace(/\.$/, '')}. ${health.text}`,
        data: { alertId: row.id, source: s.source, fingerprint: s.fingerprint, severity: s.severity, category, count, health: healthData(health) },
        progress: false,
      })
    }
    return { alert: { ...summary, incidentId: attachTo, routed: 'attached' as const } }
  }

  const route = routeWithRules({ source: s.source, state: s.state, severity: s.severity, category, title: s.title, reason: s.reason }, s.service, opts.routes)
  if (route.action !== 'declare') return { alert: { ...summary, routed: 'inbox' as const } }
  // Another alert of this service may already be declaring (still firing, or back to OK since):
  // share its key, so one incident comes of both. A key whose incident has resolved is not reused.
  const pending = await tx.alert.findFirst({
    where: { serviceId, incidentId: null, declareKey: { not: null }, lastSeenAt: { gte: new Date(now.getTime() - PENDING_DECLARE_MS) } },
    orderBy: { firstSeenAt: 'asc' },
    select: { declareKey: true },
  })
  const declared = pending?.declareKey ? await tx.incident.findUnique({ where: { declareKey: pending.declareKey }, select: { status: true } }) : null
  const key = pending?.declareKey && declared?.status !== 'RESOLVED' ? pending.declareKey : `alerts:${row.id}:${now.getTime()}`
  await tx.alert.update({ where: { id: row.id }, data: { declareKey: key }, select: { id: true } })
  return {
    alert: { ...summary, routed: 'declare' as const },
    declare: {
      key,
      serviceId,
      alertId: row.id,
      title: incidentTitle(s, category, count),
      reason: s.reason,
      severity: route.severity,
      runbookId: route.runbookId,
    },
  }
}

/**
 * After the declare: every alert that asked for this key joins the incident, each with its
 * timeline entry. Under the service's alert lock, like ingestion.
 */
export async function linkDeclaredAlerts(actor: ActorContext['actor'], input: { key: string; serviceId: string; incidentId: string }) {
  return db.$transaction(async (tx) => {
    await lockAlertService(tx, `incident-command:alert-service:${input.serviceId}`)
    const waiting = await tx.alert.findMany({
      where: { declareKey: input.key, incidentId: null },
      select: { id: true, source: true, fingerprint: true, title: true, reason: true, severity: true, category: true, count: true },
      orderBy: { firstSeenAt: 'asc' },
    })
    for (const a of waiting) {
      await tx.alert.update({ where: { id: a.id }, data: { incidentId: input.incidentId }, select: { id: true } })
      await appendIncidentEntry(tx, {
        incidentId: input.incidentId,
        kind: 'alert',
        actorId: actor.id,
        text: `Alert: ${alertText(a)}`,
        data: { alertId: a.id, source: a.source, fingerprint: a.fingerprint, severity: a.severity, category: a.category, count: a.count },
        progress: false,
      })
    }
    return waiting.length
  })
}
