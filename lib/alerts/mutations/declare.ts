import 'server-only'
// Declares what ingestion decided to declare, after its transaction committed: through the
// incident domain's declare (idempotent by key), then the alerts join it, then (only for the
// call that created it) the runbook starts and the first status update goes to the webhooks.
import type { ActorContext } from '@/lib/actions/actor'
import { declareIncident, postStatusUpdate } from '@/lib/incidents/mutations'
import { db } from '@/lib/db/client'
import { startRunbook } from '@/lib/runbooks/mutations'
import { linkDeclaredAlerts, type PendingDeclare } from './ingest'
import { forwardToPagerDuty } from './pagerduty'

export type DeclareOutcome = { key: string; incidentId: string; ref: string; created: boolean; runbookId: string | null }

/** Waits before each further attempt of a declare that failed. */
const DECLARE_RETRIES_MS = [250, 1_000]

export async function runDeclares(ctx: ActorContext, declares: PendingDeclare[]): Promise<DeclareOutcome[]> {
  const byKey = new Map<string, PendingDeclare>()
  for (const d of declares) if (!byKey.has(d.key)) byKey.set(d.key, d)
  const out: DeclareOutcome[] = []
  for (const d of byKey.values()) {
    const state = { created: false }
    for (let attempt = 0; ; attempt++) {
      try {
        out.push(await declareOne(ctx, d, state))
        break
      } catch (err) {
        // Idempotent by key, so trying again is safe; a database busy for a moment (no free
        // connection, a lock timeout) should not leave the alert waiting for its service's next alarm.
        if (attempt < DECLARE_RETRIES_MS.length) {
          ctx.log.warn({ err, key: d.key, serviceId: d.serviceId, attempt }, 'auto-declare failed; trying again')
          await new Promise((r) => setTimeout(r, DECLARE_RETRIES_MS[attempt]))
          continue
        }
        // The alerts keep their key: the next alert of this service tries the same declare again.
        ctx.log.error({ err, key: d.key, serviceId: d.serviceId }, 'auto-declare failed')
        break
      }
    }
  }
  return out
}

/** `state.created` survives a retry: the attempt that created the incident may fail afterwards, while linking. */
async function declareOne(ctx: ActorContext, d: PendingDeclare, state: { created: boolean }): Promise<DeclareOutcome> {
  const incident = await declareIncident(ctx, {
    idempotencyKey: d.key,
    title: d.title.slice(0, 200),
    severity: d.severity,
    impact: `Declared automatically from an alert: ${d.reason}`.slice(0, 2000),
    serviceIds: [d.serviceId],
    unattended: true,
  })
  if (incident.created) state.created = true
  await linkDeclaredAlerts(ctx.actor, { key: d.key, serviceId: d.serviceId, incidentId: incident.id })
  if (state.created) {
    if (d.runbookId) {
      try {
        await startRunbook(ctx, { incidentId: incident.id, runbookId: d.runbookId })
      } catch (err) {
        ctx.log.warn({ err, incidentId: incident.id, runbookId: d.runbookId }, 'runbook not started for an alert')
      }
    }
    await notify(ctx, incident.id, `${incident.ref} was declared automatically (${d.severity}) from an alert: ${d.title} — ${d.reason}`)
    await page(ctx, incident.id, d.reason)
  }
  return { key: d.key, incidentId: incident.id, ref: incident.ref, created: state.created, runbookId: d.runbookId }
}

/** The first status update through the incident webhooks (the incident domain sends it outside its transaction). */
async function notify(ctx: ActorContext, incidentId: string, text: string) {
  const row = await db.incident.findUnique({ where: { id: incidentId }, select: { version: true } })
  if (!row) return
  try {
    await postStatusUpdate(ctx, { incidentId, expectedVersion: row.version, kind: 'initial', text: text.slice(0, 4000) })
  } catch (err) {
    // Someone changed the incident in between; their change stands and the update can be posted by hand.
    ctx.log.warn({ err, incidentId }, 'first status update for an auto-declared incident not posted')
  }
}

/** The PagerDuty trigger, when the forward is on; a failure is on the timeline already, anything else is logged. */
async function page(ctx: ActorContext, incidentId: string, reason: string) {
  try {
    await forwardToPagerDuty(ctx, incidentId, 'trigger', reason)
  } catch (err) {
    ctx.log.error({ err, incidentId }, 'PagerDuty trigger not sent')
  }
}
