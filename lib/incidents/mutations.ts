import 'server-only'
import type { ActorContext } from '@/lib/actions/actor'
import { recordAudit } from '@/lib/audit/record'
import { db, type Prisma } from '@/lib/db/client'
import { AppError, fromDatabaseError, fieldError } from '@/lib/errors'
import type { DeclareResult, StatusUpdateResult, WebhookSettings } from './dto'
import { incidentRef } from './mappers'
import type { DeclareIncidentInput, PostStatusUpdateInput, UpdateWebhooksInput } from './schemas'
import { checkDestination } from '@/lib/security/outbound'
import { statusUpdateTitle } from './status-update'
import { previewUrl, statusWebhooksKey, toWebhookView, type StoredWebhook } from './webhooks'
import { deliver, recordFailedDeliveries, storedWebhooks } from './mutations/notify'
import { assignableUser, commitChange, currentIncident, requireIncidentWrite, requirePolicyAdmin } from './mutations/change'
import { appendEntry } from './mutations/timeline'

// The incident domain's writes. Each verb lives in mutations/ (change.ts holds the
// lock → version → write → timeline → audit sequence they share; timeline.ts the
// entry points other domains use); this module is their one public door.
export { acknowledgeIncident, addNote, addService, assignRole, changeSeverity, removeService } from './mutations/verbs'
export { changeStatus } from './mutations/status'
export { updateSeverityPolicy } from './mutations/settings'
export { appendIncidentEntry, lockIncidentFirst } from './mutations/timeline'
export { notifyApprovalWanted } from './mutations/notify'

const MAX_SNAPSHOT_BYTES = 512 * 1024

/** The snapshot as plain JSON, refused when it is not JSON or too large to keep on a timeline. */
function snapshotJson(snapshot: unknown): Prisma.InputJsonValue | undefined {
  if (snapshot === undefined || snapshot === null) return undefined
  let text: string | undefined
  try {
    text = JSON.stringify(snapshot)
  } catch {
    throw new AppError('VALIDATION', 'The health snapshot could not be saved (it is not plain data).')
  }
  if (text === undefined) return undefined
  if (Buffer.byteLength(text) > MAX_SNAPSHOT_BYTES) {
    throw new AppError('VALIDATION', `The health snapshot is larger than ${MAX_SNAPSHOT_BYTES / 1024} KB; attach a smaller one.`)
  }
  return JSON.parse(text) as Prisma.InputJsonValue
}

async function incidentByKey(key: string) {
  const row = await db.incident.findUnique({ where: { declareKey: key }, select: { id: true, number: true, version: true } })
  return row ? { id: row.id, number: row.number, ref: incidentRef(row.number), version: row.version } : null
}

/**
 * Declares an incident: status INVESTIGATING, commanded by the declarer unless
 * someone else is named (a self-commanded incident counts as acknowledged at once),
 * with its affected services and a `declared` entry carrying the caller's health
 * snapshot. The same idempotency key always returns the same incident, never two.
 */
export async function declareIncident(
  ctx: ActorContext,
  input: DeclareIncidentInput & { snapshot?: unknown; /** Declared by the alerts system: no commander yet, not acknowledged. */ unattended?: boolean },
): Promise<DeclareResult> {
  requireIncidentWrite(ctx)
  const existing = await incidentByKey(input.idempotencyKey)
  if (existing) return { ...existing, created: false }
  const snapshot = snapshotJson(input.snapshot)
  try {
    return await db.$transaction(async (tx) => {
      const self = !input.unattended && (!input.commanderId || input.commanderId === ctx.actor.id)
      const commander = input.unattended
        ? null
        : self
          ? { id: ctx.actor.id, name: ctx.actor.name }
          : await assignableUser(tx, input.commanderId!, 'commanderId')
      const services = await tx.service.findMany({
        where: { id: { in: input.serviceIds } },
        select: { id: true, name: true, environment: true },
      })
      if (services.length !== input.serviceIds.length) {
        fieldError('serviceIds', 'A chosen service is no longer in the catalog. Reload and choose again.')
      }
      const now = new Date()
      const incident = await tx.incident.create({
        data: {
          title: input.title,
          severity: input.severity,
          impact: input.impact,
          commanderId: commander?.id ?? null,
          declaredById: ctx.actor.id,
          declaredAt: now,
          acknowledgedAt: self ? now : null,
          lastProgressAt: now,
          declareKey: input.idempotencyKey,
          services: { create: services.map((s) => ({ serviceId: s.id })) },
        },
        select: { id: true, number: true, version: true },
      })
      await appendEntry(tx, {
        incidentId: incident.id,
        kind: 'declared',
        actorId: ctx.actor.id,
        at: now,
        text: `Declared ${input.severity}: ${input.title}`,
        data: {
          severity: input.severity,
          impact: input.impact,
          commander,
          acknowledged: self,
          services: services.map((s) => ({ id: s.id, name: s.name, environment: s.environment })),
          ...(snapshot !== undefined ? { snapshot } : {}),
        },
        incidentVersion: incident.version,
      })
      ctx.log.info({ incidentId: incident.id, number: incident.number, severity: input.severity }, 'incident declared')
      return { id: incident.id, number: incident.number, ref: incidentRef(incident.number), version: incident.version, created: true }
    })
  } catch (err) {
    // Two declares with one key at the same moment: the second meets the unique key.
    if ((err as { code?: unknown })?.code === 'P2002') {
      const winner = await incidentByKey(input.idempotencyKey)
      if (winner) return { ...winner, created: false }
    }
    throw fromDatabaseError(err)
  }
}

/**
 * Posts a status update: records `update_posted` (resetting the update clock) in one
 * transaction, then sends it to every enabled webhook outside any transaction, then
 * records each failed delivery as `update_failed` with its error. Failures are
 * returned too, never silently lost.
 */
export async function postStatusUpdate(ctx: ActorContext, input: PostStatusUpdateInput): Promise<StatusUpdateResult> {
  requireIncidentWrite(ctx)
  const targets = (await storedWebhooks(db)).webhooks.filter((w) => w.enabled)
  const posted = await db.$transaction(async (tx) => {
    const row = await currentIncident(tx, input.incidentId, input.expectedVersion)
    if (input.kind === 'resolution' && row.status !== 'RESOLVED') {
      fieldError('kind', `${incidentRef(row.number)} is not resolved yet; post a progress update, or resolve it first.`)
    }
    const now = new Date()
    const version = await commitChange(tx, row, input.expectedVersion, { lastUpdatePostedAt: now, lastProgressAt: now })
    const entry = await appendEntry(tx, {
      incidentId: row.id,
      kind: 'update_posted',
      actorId: ctx.actor.id,
      at: now,
      text: input.text,
      data: { kind: input.kind, channels: targets.map((t) => ({ webhookId: t.id, name: t.name, format: t.format })) },
      incidentVersion: version,
    })
    return { row, version, entryId: entry.id }
  })

  const { row } = posted
  const message = {
    title: statusUpdateTitle(input.kind, { ref: incidentRef(row.number), title: row.title, reopenedAt: row.reopenedAt }),
    text: input.text,
    severity: row.severity,
    resolved: row.status === 'RESOLVED',
  }
  const deliveries = await Promise.all(targets.map((t) => deliver(t, message)))
  await recordFailedDeliveries(ctx, row.id, deliveries, { what: 'The update', log: 'status update not delivered', data: { updateEntryId: posted.entryId } })
  return { incidentId: row.id, version: posted.version, entryId: posted.entryId, deliveries }
}

/**
 * Replaces the list of status-update webhooks. An existing webhook keeps its URL
 * unless a new one is given (the admin only ever sees a preview of it).
 */
export async function updateWebhooks(ctx: ActorContext, input: UpdateWebhooksInput): Promise<WebhookSettings> {
  requirePolicyAdmin(ctx)
  // Where a new URL points, checked before the transaction (it resolves DNS).
  const checks = await Promise.all(input.webhooks.map((w) => (w.url ? checkDestination(w.url) : null)))
  const refused = Object.fromEntries(checks.flatMap((c, i) => (c && !c.ok ? [[`webhooks.${i}.url`, [`Not allowed: ${c.reason}`]]] : [])))
  if (Object.keys(refused).length) throw new AppError('VALIDATION', 'A webhook URL points somewhere the app may not send to.', refused)
  return db.$transaction(async (tx) => {
    await tx.appSetting.createMany({ data: [{ key: statusWebhooksKey, value: [] }], skipDuplicates: true })
    const current = await storedWebhooks(tx)
    const stale = new AppError('CONFLICT', 'The webhooks changed since you loaded them. Reload to see them, then try again.')
    if (current.version !== input.expectedVersion) throw stale
    const next: StoredWebhook[] = input.webhooks.map((w, i) => {
      if (!w.id) return { id: crypto.randomUUID(), name: w.name, format: w.format, url: w.url!, enabled: w.enabled }
      const old = current.webhooks.find((c) => c.id === w.id)
      if (!old) fieldError(`webhooks.${i}.id`, `The webhook "${w.name}" was removed by someone else. Reload and try again.`)
      return { id: old.id, name: w.name, format: w.format, url: w.url ?? old.url, enabled: w.enabled }
    })
    const { count } = await tx.appSetting.updateMany({
      where: { key: statusWebhooksKey, version: input.expectedVersion },
      data: { value: next, version: { increment: 1 } },
    })
    if (count !== 1) throw stale
    const kept = new Set(next.map((w) => w.id))
    const had = new Map(current.webhooks.map((w) => [w.id, w]))
    await recordAudit(tx, {
      action: 'admin.status_webhooks.update',
      actor: ctx.actor,
      targetType: 'setting',
      targetId: statusWebhooksKey,
      requestId: ctx.requestId,
      // Names and hosts only: a webhook URL is a secret.
      params: {
        added: next.filter((w) => !had.has(w.id)).map((w) => w.name),
        removed: current.webhooks.filter((w) => !kept.has(w.id)).map((w) => w.name),
        urlReplaced: next.filter((w) => had.has(w.id) && had.get(w.id)!.url !== w.url).map((w) => w.name),
        webhooks: next.map((w) => ({ name: w.name, format: w.format, enabled: w.enabled, url: previewUrl(w.url) })),
      },
    })
    return { version: input.expectedVersion + 1, webhooks: next.map(toWebhookView) }
  })
}
