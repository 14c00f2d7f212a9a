import 'server-only'
// Sending to the incident webhooks (Slack, Teams), always outside any database
// transaction. Every send goes through lib/security/outbound's postJson, which checks
// the address actually used (https, public addresses only unless WEBHOOK_ALLOW_HOSTS
// says otherwise). Status updates use it, and so does the notice that a remediation
// waits for a second commander.
import type { ActorContext } from '@/lib/actions/actor'
import { db, type DbTransaction } from '@/lib/db/client'
import { env } from '@/lib/env'
import { postJson } from '@/lib/security/outbound'
import type { DeliveryOutcome } from '../dto'
import { incidentRef } from '../mappers'
import { webhookPayload } from '../status-update'
import { parseStoredWebhooks, statusWebhooksKey, type StoredWebhook } from '../webhooks'
import { appendEntry, lockIncident } from './timeline'

const WEBHOOK_TIMEOUT_MS = 5_000
export const webhookFormatNames = { slack: 'Slack', teams: 'Teams' } as const

export async function storedWebhooks(tx: DbTransaction | typeof db) {
  const row = await tx.appSetting.findUnique({ where: { key: statusWebhooksKey }, select: { value: true, version: true } })
  return { version: row?.version ?? 0, webhooks: parseStoredWebhooks(row?.value) }
}

export async function deliver(target: StoredWebhook, message: Parameters<typeof webhookPayload>[1]): Promise<DeliveryOutcome> {
  const base = { webhookId: target.id, name: target.name, format: target.format }
  // Only the status code comes back: the answer's body never reaches the timeline.
  const sent = await postJson(target.url, webhookPayload(target.format, message), { timeoutMs: WEBHOOK_TIMEOUT_MS })
  if (sent.ok) return { ...base, ok: true }
  return { ...base, ok: false, ...(sent.status ? { httpStatus: sent.status } : {}), error: sent.error }
}

export type ApprovalNotice = { incidentId: string; remediationId: string; change: string; reason: string }

/**
 * Tells the incident webhooks that a remediation waits for a second commander. Called
 * after the request's transaction has committed; a webhook that does not take it is
 * written to the incident's timeline (`update_failed`), never thrown: the request
 * stands either way.
 */
export async function notifyApprovalWanted(ctx: ActorContext, notice: ApprovalNotice): Promise<DeliveryOutcome[]> {
  try {
    return await sendApprovalNotice(ctx, notice)
  } catch (err) {
    ctx.log.error({ err, incidentId: notice.incidentId, remediationId: notice.remediationId }, 'approval notice not sent')
    return []
  }
}

async function sendApprovalNotice(ctx: ActorContext, notice: ApprovalNotice): Promise<DeliveryOutcome[]> {
  const incident = await db.incident.findUnique({ where: { id: notice.incidentId }, select: { number: true, title: true, severity: true } })
  const targets = (await storedWebhooks(db)).webhooks.filter((w) => w.enabled)
  if (!incident || !targets.length) return []
  const ref = incidentRef(incident.number)
  const link = `${(env.NEXTAUTH_URL ?? '').replace(/\/$/, '')}/remediations#remediation-${notice.remediationId}`
  const message = {
    title: `${ref}: approval wanted`,
    text: `${ref} (${incident.title}): ${ctx.actor.name} asks a second commander to approve: ${notice.change}. Reason: ${notice.reason}. Review it: ${link}`,
    severity: incident.severity,
    resolved: false,
  }
  const deliveries = await Promise.all(targets.map((t) => deliver(t, message)))
  await recordFailedDeliveries(ctx, notice.incidentId, deliveries, {
    what: 'The approval notice',
    log: 'approval notice not delivered',
    data: { remediationId: notice.remediationId },
  })
  return deliveries
}

/**
 * Writes one `update_failed` entry per delivery that did not go through (`what` did not reach
 * …), under the incident's lock, in one transaction; `data` says what was being sent. Call it
 * after the sends, outside any other transaction. Nothing is written when all went through.
 */
export async function recordFailedDeliveries(
  ctx: ActorContext,
  incidentId: string,
  deliveries: DeliveryOutcome[],
  sent: { what: string; log: string; data: Record<string, string | number> },
) {
  const failed = deliveries.filter((d) => !d.ok)
  if (!failed.length) return
  for (const f of failed) ctx.log.warn({ incidentId, webhookId: f.webhookId, error: f.error }, sent.log)
  await db.$transaction(async (tx) => {
    await lockIncident(tx, incidentId)
    const at = new Date()
    for (const f of failed) {
      await appendEntry(tx, {
        incidentId,
        kind: 'update_failed',
        actorId: ctx.actor.id,
        at,
        text: `${sent.what} did not reach ${f.name} (${webhookFormatNames[f.format]}): ${f.error}`,
        data: { ...sent.data, webhookId: f.webhookId, name: f.name, format: f.format, error: f.error ?? null, httpStatus: f.httpStatus ?? null },
      })
    }
  })
}
