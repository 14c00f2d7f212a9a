import 'server-only'
// What people do with alerts in the inbox: acknowledge, silence for a while (audited), attach
// to an open incident (with its timeline entry). Each checks the alert's version; attaching
// takes the service's alert lock first, as ingestion does, then the incident row.
import { requireCan, type ActorContext } from '@/lib/actions/actor'
import { recordAudit } from '@/lib/audit/record'
import { db, type DbTransaction } from '@/lib/db/client'
import { AppError } from '@/lib/errors'
import { appendIncidentEntry } from '@/lib/incidents/mutations'
import { lockAlertService } from './ingest'

const requireWrite = (ctx: ActorContext) => requireCan(ctx.actor, 'incident:write', 'Your role can see alerts but not act on them.')
const stale = () => new AppError('CONFLICT', 'The alert changed since you loaded it (it fired again or someone acted on it). Reload and try again.')

async function bump(tx: DbTransaction, alertId: string, expectedVersion: number, data: Record<string, unknown>) {
  const { count } = await tx.alert.updateMany({ where: { id: alertId, version: expectedVersion }, data: { ...data, version: { increment: 1 } } })
  if (count !== 1) {
    if (!(await tx.alert.findUnique({ where: { id: alertId }, select: { id: true } }))) throw new AppError('NOT_FOUND', 'That alert no longer exists.')
    throw stale()
  }
  return expectedVersion + 1
}

export async function acknowledgeAlert(ctx: ActorContext, input: { alertId: string; expectedVersion: number }) {
  requireWrite(ctx)
  return db.$transaction(async (tx) => ({
    version: await bump(tx, input.alertId, input.expectedVersion, { acknowledgedAt: new Date(), acknowledgedById: ctx.actor.id }),
  }))
}

export async function silenceAlert(ctx: ActorContext, input: { alertId: string; expectedVersion: number; minutes: number; reason: string }, now = new Date()) {
  requireWrite(ctx)
  const until = new Date(now.getTime() + input.minutes * 60_000)
  return db.$transaction(async (tx) => {
    const version = await bump(tx, input.alertId, input.expectedVersion, { silencedUntil: until, silenceReason: input.reason })
    await recordAudit(tx, {
      action: 'alert.alert.silence',
      actor: ctx.actor,
      targetType: 'alert',
      targetId: input.alertId,
      requestId: ctx.requestId,
      reason: input.reason,
      params: { until: until.toISOString(), minutes: input.minutes },
    })
    return { version, silencedUntil: until.toISOString() }
  })
}

export async function attachAlert(ctx: ActorContext, input: { alertId: string; expectedVersion: number; incidentId: string }) {
  requireWrite(ctx)
  const alert = await db.alert.findUnique({ where: { id: input.alertId }, select: { serviceId: true, source: true, fingerprint: true } })
  if (!alert) throw new AppError('NOT_FOUND', 'That alert no longer exists.')
  return db.$transaction(async (tx) => {
    await lockAlertService(
      tx,
      alert.serviceId ? `incident-command:alert-service:${alert.serviceId}` : `incident-command:alert:${alert.source}:${alert.fingerprint}`,
    )
    const incident = await tx.incident.findUnique({ where: { id: input.incidentId }, select: { status: true } })
    if (!incident || incident.status === 'RESOLVED') throw new AppError('VALIDATION', 'Choose an open incident.', { incidentId: ['Choose an open incident.'] })
    const version = await bump(tx, input.alertId, input.expectedVersion, { incidentId: input.incidentId })
    const row = await tx.alert.findUniqueOrThrow({
      where: { id: input.alertId },
      select: { title: true, reason: true, severity: true, category: true, count: true },
    })
    await appendIncidentEntry(tx, {
      incidentId: input.incidentId,
      kind: 'alert',
      actorId: ctx.actor.id,
      text: `Alert attached by ${ctx.actor.name}: ${row.title} — ${row.reason}`,
      data: { alertId: input.alertId, source: alert.source, fingerprint: alert.fingerprint, severity: row.severity, category: row.category, count: row.count },
    })
    return { version }
  })
}
