import 'server-only'
import type { ActorContext } from '@/lib/actions/actor'
import { recordAudit } from '@/lib/audit/record'
import { atLeast, can, type Permission } from '@/lib/auth/permissions'
import { db, type DbTransaction, type Prisma } from '@/lib/db/client'
import { AppError, fromDatabaseError } from '@/lib/errors'
import { checkDestination, postJson } from '@/lib/security/outbound'
import { formatUtc } from './clocks'
import type { DeclareResult, DeliveryOutcome, IncidentChange, SeverityPolicyRow, StatusUpdateResult, TimelineEntryDto, WebhookSettings } from './dto'
import { incidentRef, severityPolicySelect, timelineEntrySelect, toSeverityPolicyRow, toTimelineEntryDto, userRefSelect } from './mappers'
import { defaultSeverityPolicy, formatMinutes, policyFor } from './policy'
import type {
  AcknowledgeIncidentInput,
  AddNoteInput,
  AssignRoleInput,
  ChangeServiceInput,
  ChangeSeverityInput,
  ChangeStatusInput,
  DeclareIncidentInput,
  PostStatusUpdateInput,
  UpdateSeverityPolicyInput,
  UpdateWebhooksInput,
} from './schemas'
import { statusUpdateTitle, webhookPayload } from './status-update'
import { incidentRoleLabels, type IncidentRole, type TimelineKind } from './timeline'
import { checkTransition, statusLabels } from './transitions'
import { parseStoredWebhooks, previewUrl, statusWebhooksKey, toWebhookView, type StoredWebhook } from './webhooks'

// Every change to an incident runs in one transaction that
//   1. locks the incident's row (so its timeline entries commit in id order and a
//      poller reading "entries after id N" never skips one),
//   2. checks the version the user saw (optimistic concurrency: a stale edit gets
//      CONFLICT and changes nothing),
//   3. updates the row, bumping its version (UPDATE ... WHERE id AND version),
//   4. appends its timeline entry and, for privileged changes, its audit event.
// Row locks and constraints hold across app instances; nothing relies on memory.

const MAX_SNAPSHOT_BYTES = 512 * 1024
const WEBHOOK_TIMEOUT_MS = 5_000
/** Many people may write notes at once; give each transaction room to wait its turn for the row. */
const NOTE_TX = { maxWait: 15_000, timeout: 20_000 }
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

function requirePermission(ctx: ActorContext, permission: Permission, message: string) {
  if (!can(ctx.actor.role, permission)) throw new AppError('FORBIDDEN', message)
}
const requireIncidentWrite = (ctx: ActorContext) => requirePermission(ctx, 'incident:write', 'Your role can read incidents but not change them.')
const requirePolicyAdmin = (ctx: ActorContext) => requirePermission(ctx, 'admin:policy', 'Only an admin can change this setting.')

const changeSelect = {
  id: true,
  number: true,
  title: true,
  severity: true,
  status: true,
  version: true,
  commanderId: true,
  commsLeadId: true,
  opsLeadId: true,
  declaredAt: true,
  acknowledgedAt: true,
  mitigatedAt: true,
  resolvedAt: true,
  resolutionSummary: true,
  reopenedAt: true,
} as const satisfies Prisma.IncidentSelect

type CurrentIncident = Prisma.IncidentGetPayload<{ select: typeof changeSelect }>

/** Takes the incident's row lock for the rest of the transaction; false when there is no such incident. */
async function lockIncident(tx: DbTransaction, incidentId: string) {
  if (!UUID.test(incidentId)) return false
  const rows = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM "Incident" WHERE id = ${incidentId}::uuid FOR UPDATE`
  return rows.length === 1
}

const clip = (text: string, max = 120) => (text.length > max ? `${text.slice(0, max - 1)}…` : text)

/** CONFLICT, naming what changed since `expectedVersion` (from the entries that recorded it). */
async function conflictError(tx: DbTransaction, incident: { id: string; number: number }, expectedVersion: number) {
  const changes = await tx.timelineEntry.findMany({
    where: { incidentId: incident.id, incidentVersion: { gt: expectedVersion } },
    orderBy: { id: 'asc' },
    take: 3,
    select: { text: true, actor: { select: { name: true } } },
  })
  const what = changes.length ? ` (${changes.map((c) => `${c.actor?.name ?? 'someone'}: ${clip(c.text)}`).join('; ')})` : ''
  return new AppError('CONFLICT', `${incidentRef(incident.number)} changed since you loaded it${what}. Reload to see the current state, then try again.`)
}

/** Locks the incident and returns it when it is still at the version the user saw. */
async function currentIncident(tx: DbTransaction, incidentId: string, expectedVersion: number): Promise<CurrentIncident> {
  if (!(await lockIncident(tx, incidentId))) throw new AppError('NOT_FOUND', 'That incident no longer exists.')
  const row = await tx.incident.findUniqueOrThrow({ where: { id: incidentId }, select: changeSelect })
  if (row.version !== expectedVersion) throw await conflictError(tx, row, expectedVersion)
  return row
}

/** UPDATE ... WHERE id AND version = expected, bumping the version; returns the new version. */
async function commitChange(tx: DbTransaction, row: CurrentIncident, expectedVersion: number, data: Prisma.IncidentUncheckedUpdateManyInput): Promise<number> {
  const { count } = await tx.incident.updateMany({
    where: { id: row.id, version: expectedVersion },
    data: { ...data, version: { increment: 1 } },
  })
  if (count !== 1) throw await conflictError(tx, row, expectedVersion)
  return expectedVersion + 1
}

type NewEntry = {
  incidentId: string
  kind: TimelineKind
  actorId: string | null
  at: Date
  text: string
  data?: Prisma.InputJsonValue
  incidentVersion?: number | null
}

/** Appends a timeline entry; the caller holds the incident's row lock. */
function appendEntry(tx: DbTransaction, entry: NewEntry) {
  return tx.timelineEntry.create({
    data: {
      incidentId: entry.incidentId,
      kind: entry.kind,
      actorId: entry.actorId,
      at: entry.at,
      text: entry.text,
      data: entry.data,
      incidentVersion: entry.incidentVersion ?? null,
    },
    select: { id: true },
  })
}

/** An incident's severity and roles belong to its commander, or to anyone with the commander role. */
function assertMayCommand(ctx: ActorContext, row: CurrentIncident, what: string) {
  if (row.commanderId === ctx.actor.id || can(ctx.actor.role, 'incident:command')) return
  throw new AppError('FORBIDDEN', `Only the commander of ${incidentRef(row.number)} or an incident commander can change its ${what}.`)
}

/** Someone who can hold an incident role: an active responder, commander or admin. */
async function assignableUser(tx: DbTransaction, userId: string, field: string) {
  const user = await tx.user.findFirst({ where: { id: userId, disabled: false }, select: { id: true, name: true, role: true } })
  if (!user) {
    const message = 'That person no longer has an active account.'
    throw new AppError('VALIDATION', message, { [field]: [message] })
  }
  if (!atLeast(user.role, 'RESPONDER')) {
    const message = `${user.name} is a viewer; only responders, commanders and admins can hold an incident role.`
    throw new AppError('VALIDATION', message, { [field]: [message] })
  }
  return { id: user.id, name: user.name }
}

function validation(field: string, message: string): never {
  throw new AppError('VALIDATION', message, { [field]: [message] })
}

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
export async function declareIncident(ctx: ActorContext, input: DeclareIncidentInput & { snapshot?: unknown }): Promise<DeclareResult> {
  requireIncidentWrite(ctx)
  const existing = await incidentByKey(input.idempotencyKey)
  if (existing) return { ...existing, created: false }
  const snapshot = snapshotJson(input.snapshot)
  try {
    return await db.$transaction(async (tx) => {
      const self = !input.commanderId || input.commanderId === ctx.actor.id
      const commander = self ? { id: ctx.actor.id, name: ctx.actor.name } : await assignableUser(tx, input.commanderId!, 'commanderId')
      const services = await tx.service.findMany({
        where: { id: { in: input.serviceIds } },
        select: { id: true, name: true, environment: true },
      })
      if (services.length !== input.serviceIds.length) {
        validation('serviceIds', 'A chosen service is no longer in the catalog. Reload and choose again.')
      }
      const now = new Date()
      const incident = await tx.incident.create({
        data: {
          title: input.title,
          severity: input.severity,
          impact: input.impact,
          commanderId: commander.id,
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

export async function acknowledgeIncident(ctx: ActorContext, input: AcknowledgeIncidentInput): Promise<IncidentChange> {
  requireIncidentWrite(ctx)
  return db.$transaction(async (tx) => {
    const row = await currentIncident(tx, input.incidentId, input.expectedVersion)
    const ref = incidentRef(row.number)
    if (row.acknowledgedAt) throw new AppError('CONFLICT', `${ref} was already acknowledged at ${formatUtc(row.acknowledgedAt)}.`)
    if (row.status === 'RESOLVED') throw new AppError('VALIDATION', `${ref} is resolved; there is nothing to acknowledge.`)
    const now = new Date()
    const version = await commitChange(tx, row, input.expectedVersion, { acknowledgedAt: now, lastProgressAt: now })
    const minutes = Math.max(0, Math.floor((now.getTime() - row.declaredAt.getTime()) / 60_000))
    const entry = await appendEntry(tx, {
      incidentId: row.id,
      kind: 'acknowledged',
      actorId: ctx.actor.id,
      at: now,
      text: `Acknowledged ${formatMinutes(minutes)} after it was declared`,
      data: { minutesToAcknowledge: minutes },
      incidentVersion: version,
    })
    return { incidentId: row.id, version, entryId: entry.id }
  })
}

export async function changeSeverity(ctx: ActorContext, input: ChangeSeverityInput): Promise<IncidentChange> {
  requireIncidentWrite(ctx)
  return db.$transaction(async (tx) => {
    const row = await currentIncident(tx, input.incidentId, input.expectedVersion)
    assertMayCommand(ctx, row, 'severity')
    if (row.severity === input.severity) validation('severity', `${incidentRef(row.number)} is already ${input.severity}.`)
    const now = new Date()
    const version = await commitChange(tx, row, input.expectedVersion, { severity: input.severity, lastProgressAt: now })
    const entry = await appendEntry(tx, {
      incidentId: row.id,
      kind: 'severity_changed',
      actorId: ctx.actor.id,
      at: now,
      text: `Severity changed from ${row.severity} to ${input.severity}: ${input.reason}`,
      data: { from: row.severity, to: input.severity, reason: input.reason },
      incidentVersion: version,
    })
    await recordAudit(tx, {
      action: 'incident.severity.change',
      actor: ctx.actor,
      targetType: 'incident',
      targetId: row.id,
      incidentId: row.id,
      requestId: ctx.requestId,
      params: { incident: incidentRef(row.number), from: row.severity, to: input.severity },
      reason: input.reason,
    })
    return { incidentId: row.id, version, entryId: entry.id }
  })
}

/**
 * Moves the incident along INVESTIGATING → IDENTIFIED → MONITORING → RESOLVED as
 * transitions.ts allows: forward (skips included), back with a reason, to RESOLVED
 * with a resolution summary, and out of RESOLVED (reopening) with a reason. Moving
 * an unacknowledged incident counts as acknowledging it.
 */
export async function changeStatus(ctx: ActorContext, input: ChangeStatusInput): Promise<IncidentChange> {
  requireIncidentWrite(ctx)
  return db.$transaction(async (tx) => {
    const row = await currentIncident(tx, input.incidentId, input.expectedVersion)
    const check = checkTransition(row.status, input.status, input)
    if (!check.ok) validation(check.field, check.message)
    const now = new Date()
    const from = row.status
    const to = input.status
    const base = { incidentId: row.id, actorId: ctx.actor.id, at: now }
    const audit = { actor: ctx.actor, targetType: 'incident', targetId: row.id, incidentId: row.id, requestId: ctx.requestId }
    const ref = incidentRef(row.number)

    if (check.kind === 'resolve') {
      const summary = input.resolutionSummary!.trim()
      const version = await commitChange(tx, row, input.expectedVersion, {
        status: 'RESOLVED',
        resolvedAt: now,
        resolutionSummary: summary,
        mitigatedAt: row.mitigatedAt ?? now,
        acknowledgedAt: row.acknowledgedAt ?? now,
        lastProgressAt: now,
      })
      const openedAt = row.reopenedAt ?? row.declaredAt
      const durationMinutes = Math.max(0, Math.floor((now.getTime() - openedAt.getTime()) / 60_000))
      const entry = await appendEntry(tx, {
        ...base,
        kind: 'resolved',
        text: `Resolved after ${formatMinutes(durationMinutes)}: ${summary}`,
        data: { from, to, resolutionSummary: summary, durationMinutes },
        incidentVersion: version,
      })
      await recordAudit(tx, { ...audit, action: 'incident.status.resolve', params: { incident: ref, from, durationMinutes }, reason: summary })
      return { incidentId: row.id, version, entryId: entry.id }
    }

    if (check.kind === 'reopen') {
      const reason = input.reason!.trim()
      const version = await commitChange(tx, row, input.expectedVersion, {
        status: to,
        resolvedAt: null,
        resolutionSummary: null,
        mitigatedAt: null,
        reopenedAt: now,
        reopenCount: { increment: 1 },
        lastProgressAt: now,
      })
      const entry = await appendEntry(tx, {
        ...base,
        kind: 'reopened',
        text: `Reopened as ${statusLabels[to]}: ${reason}`,
        data: {
          from,
          to,
          reason,
          previousResolvedAt: row.resolvedAt?.toISOString() ?? null,
          previousResolutionSummary: row.resolutionSummary,
        },
        incidentVersion: version,
      })
      await recordAudit(tx, { ...audit, action: 'incident.status.reopen', params: { incident: ref, to }, reason })
      return { incidentId: row.id, version, entryId: entry.id }
    }

    const reason = input.reason?.trim() || null
    const acknowledging = row.acknowledgedAt == null
    const version = await commitChange(tx, row, input.expectedVersion, {
      status: to,
      lastProgressAt: now,
      acknowledgedAt: row.acknowledgedAt ?? now,
      // mitigatedAt marks the fix now being watched; going back a step means it did not hold.
      mitigatedAt: check.kind === 'step_back' ? null : to === 'MONITORING' ? (row.mitigatedAt ?? now) : row.mitigatedAt,
    })
    const entry = await appendEntry(tx, {
      ...base,
      kind: 'status_changed',
      text: `Status changed from ${statusLabels[from]} to ${statusLabels[to]}${reason ? `: ${reason}` : ''}`,
      data: { from, to, ...(reason ? { reason } : {}), ...(acknowledging ? { acknowledged: true } : {}) },
      incidentVersion: version,
    })
    return { incidentId: row.id, version, entryId: entry.id }
  })
}

const roleField = { commander: 'commanderId', comms_lead: 'commsLeadId', ops_lead: 'opsLeadId' } as const satisfies Record<IncidentRole, string>

export async function assignRole(ctx: ActorContext, input: AssignRoleInput): Promise<IncidentChange> {
  requireIncidentWrite(ctx)
  return db.$transaction(async (tx) => {
    const row = await currentIncident(tx, input.incidentId, input.expectedVersion)
    assertMayCommand(ctx, row, 'roles')
    const label = incidentRoleLabels[input.role]
    const field = roleField[input.role]
    const currentId = row[field]
    if (input.userId === null && input.role === 'commander') {
      validation('userId', 'An incident always has a commander; choose who takes over.')
    }
    if (input.userId === currentId) {
      validation('userId', input.userId ? `That person is already the ${label}.` : `Nobody is the ${label}.`)
    }
    const to = input.userId ? await assignableUser(tx, input.userId, 'userId') : null
    const from = currentId ? await tx.user.findUnique({ where: { id: currentId }, select: userRefSelect }) : null
    const now = new Date()
    const version = await commitChange(tx, row, input.expectedVersion, { [field]: to?.id ?? null })
    const text = to ? `${to.name} is now the ${label}${from ? ` (taking over from ${from.name})` : ''}` : `${from?.name ?? 'Nobody'} is no longer the ${label}`
    const entry = await appendEntry(tx, {
      incidentId: row.id,
      kind: 'role_assigned',
      actorId: ctx.actor.id,
      at: now,
      text,
      data: { role: input.role, from, to },
      incidentVersion: version,
    })
    await recordAudit(tx, {
      action: 'incident.role.assign',
      actor: ctx.actor,
      targetType: 'incident',
      targetId: row.id,
      incidentId: row.id,
      requestId: ctx.requestId,
      params: { incident: incidentRef(row.number), role: input.role, from: from?.id ?? null, to: to?.id ?? null },
    })
    return { incidentId: row.id, version, entryId: entry.id }
  })
}

async function changeService(ctx: ActorContext, input: ChangeServiceInput, change: 'add' | 'remove'): Promise<IncidentChange> {
  requireIncidentWrite(ctx)
  return db.$transaction(async (tx) => {
    const row = await currentIncident(tx, input.incidentId, input.expectedVersion)
    const service = await tx.service.findUnique({
      where: { id: input.serviceId },
      select: { id: true, name: true, environment: true, cluster: true },
    })
    if (!service) throw new AppError('NOT_FOUND', 'That service is no longer in the catalog.')
    const named = `${service.name} (${service.environment.toLowerCase()})`
    const key = { incidentId_serviceId: { incidentId: row.id, serviceId: service.id } }
    const linked = await tx.incidentService.findUnique({ where: key, select: { serviceId: true } })
    if (change === 'add' && linked) validation('serviceId', `${named} is already listed as affected.`)
    if (change === 'remove' && !linked) validation('serviceId', `${named} is not listed as affected.`)
    const now = new Date()
    const version = await commitChange(tx, row, input.expectedVersion, {})
    if (change === 'add') await tx.incidentService.create({ data: { incidentId: row.id, serviceId: service.id } })
    else await tx.incidentService.delete({ where: key })
    const entry = await appendEntry(tx, {
      incidentId: row.id,
      kind: change === 'add' ? 'service_added' : 'service_removed',
      actorId: ctx.actor.id,
      at: now,
      text: change === 'add' ? `Added ${named} to the affected services` : `Removed ${named} from the affected services`,
      data: { serviceId: service.id, name: service.name, environment: service.environment, cluster: service.cluster },
      incidentVersion: version,
    })
    return { incidentId: row.id, version, entryId: entry.id }
  })
}

export function addService(ctx: ActorContext, input: ChangeServiceInput) {
  return changeService(ctx, input, 'add')
}

export function removeService(ctx: ActorContext, input: ChangeServiceInput) {
  return changeService(ctx, input, 'remove')
}

/**
 * Adds a note. Notes never conflict (no version check, no version bump) and are
 * never lost: each waits its turn for the incident's row lock, so concurrent notes
 * all land, in id order.
 */
export async function addNote(ctx: ActorContext, input: AddNoteInput): Promise<TimelineEntryDto> {
  requireIncidentWrite(ctx)
  return db.$transaction(async (tx) => {
    if (!(await lockIncident(tx, input.incidentId))) throw new AppError('NOT_FOUND', 'That incident no longer exists.')
    const now = new Date()
    await tx.incident.update({ where: { id: input.incidentId }, data: { lastProgressAt: now }, select: { id: true } })
    const entry = await tx.timelineEntry.create({
      data: { incidentId: input.incidentId, kind: 'note', actorId: ctx.actor.id, at: now, text: input.text },
      select: timelineEntrySelect,
    })
    return toTimelineEntryDto(entry)
  }, NOTE_TX)
}

async function storedWebhooks(tx: DbTransaction | typeof db) {
  const row = await tx.appSetting.findUnique({ where: { key: statusWebhooksKey }, select: { value: true, version: true } })
  return { version: row?.version ?? 0, webhooks: parseStoredWebhooks(row?.value) }
}

async function deliver(target: StoredWebhook, message: Parameters<typeof webhookPayload>[1]): Promise<DeliveryOutcome> {
  const base = { webhookId: target.id, name: target.name, format: target.format }
  // Only the status code comes back: the answer's body never reaches the timeline.
  const sent = await postJson(target.url, webhookPayload(target.format, message), { timeoutMs: WEBHOOK_TIMEOUT_MS })
  if (sent.ok) return { ...base, ok: true }
  return { ...base, ok: false, ...(sent.status ? { httpStatus: sent.status } : {}), error: sent.error }
}

const formatNames = { slack: 'Slack', teams: 'Teams' } as const

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
      validation('kind', `${incidentRef(row.number)} is not resolved yet; post a progress update, or resolve it first.`)
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
  const failed = deliveries.filter((d) => !d.ok)
  if (failed.length) {
    for (const f of failed) ctx.log.warn({ incidentId: row.id, webhookId: f.webhookId, error: f.error }, 'status update not delivered')
    await db.$transaction(async (tx) => {
      await lockIncident(tx, row.id)
      const at = new Date()
      for (const f of failed) {
        await appendEntry(tx, {
          incidentId: row.id,
          kind: 'update_failed',
          actorId: ctx.actor.id,
          at,
          text: `The update did not reach ${f.name} (${formatNames[f.format]}): ${f.error}`,
          data: {
            updateEntryId: posted.entryId,
            webhookId: f.webhookId,
            name: f.name,
            format: f.format,
            error: f.error ?? null,
            httpStatus: f.httpStatus ?? null,
          },
        })
      }
    })
  }
  return { incidentId: row.id, version: posted.version, entryId: posted.entryId, deliveries }
}

const policyFields = [
  'description',
  'ackWithinMinutes',
  'resolveWithinMinutes',
  'updateEveryMinutes',
  'updatesAtStartAndEnd',
  'escalateAfterMinutes',
  'postmortemRequired',
] as const

export async function updateSeverityPolicy(ctx: ActorContext, input: UpdateSeverityPolicyInput): Promise<SeverityPolicyRow> {
  requirePolicyAdmin(ctx)
  return db.$transaction(async (tx) => {
    // The migration inserts every row; put back a default if one was removed by hand.
    const { version: _v, ...fallback } = policyFor(defaultSeverityPolicy, input.severity)
    await tx.severityPolicy.createMany({ data: [fallback], skipDuplicates: true })
    const before = await tx.severityPolicy.findUniqueOrThrow({ where: { severity: input.severity }, select: severityPolicySelect })
    const stale = async () => {
      const last = await tx.auditEvent.findFirst({
        where: { action: 'admin.severity_policy.update', targetId: input.severity },
        orderBy: { id: 'desc' },
        select: { actorEmail: true, at: true },
      })
      const who = last ? ` (by ${last.actorEmail ?? 'someone'} at ${formatUtc(last.at)})` : ''
      return new AppError('CONFLICT', `The ${input.severity} policy changed since you loaded it${who}. Reload to see it, then try again.`)
    }
    if (before.version !== input.expectedVersion) throw await stale()
    const changed = Object.fromEntries(policyFields.filter((f) => before[f] !== input[f]).map((f) => [f, { from: before[f], to: input[f] }]))
    if (!Object.keys(changed).length) return toSeverityPolicyRow(before)
    const { count } = await tx.severityPolicy.updateMany({
      where: { severity: input.severity, version: input.expectedVersion },
      data: { ...Object.fromEntries(policyFields.map((f) => [f, input[f]])), version: { increment: 1 } },
    })
    if (count !== 1) throw await stale()
    await recordAudit(tx, {
      action: 'admin.severity_policy.update',
      actor: ctx.actor,
      targetType: 'severity_policy',
      targetId: input.severity,
      requestId: ctx.requestId,
      params: changed,
    })
    return toSeverityPolicyRow(await tx.severityPolicy.findUniqueOrThrow({ where: { severity: input.severity }, select: severityPolicySelect }))
  })
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
      if (!old) validation(`webhooks.${i}.id`, `The webhook "${w.name}" was removed by someone else. Reload and try again.`)
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

/**
 * Appends an entry written by another feature (runbooks, diagnostics, remediation)
 * to an incident's timeline, inside the caller's transaction, under the incident's
 * row lock so live pages polling by id never skip it. Progress entries keep the
 * no-progress escalation clock from firing.
 */
export async function appendIncidentEntry(
  tx: DbTransaction,
  entry: { incidentId: string; kind: TimelineKind; actorId: string | null; text: string; data?: Prisma.InputJsonValue; progress?: boolean },
) {
  if (!(await lockIncident(tx, entry.incidentId))) throw new AppError('NOT_FOUND', 'That incident no longer exists.')
  const at = new Date()
  if (entry.progress ?? true) await tx.incident.update({ where: { id: entry.incidentId }, data: { lastProgressAt: at }, select: { id: true } })
  return appendEntry(tx, { incidentId: entry.incidentId, kind: entry.kind, actorId: entry.actorId, at, text: entry.text, data: entry.data })
}

/**
 * Takes the incident's row lock at the start of another feature's transaction. Lock
 * the incident before inserting rows that reference it or taking the audit-chain
 * lock: every transaction then takes its locks in the same order (incident, then
 * audit), and two of them cannot deadlock.
 */
export async function lockIncidentFirst(tx: DbTransaction, incidentId: string | null | undefined) {
  if (incidentId && !(await lockIncident(tx, incidentId))) throw new AppError('NOT_FOUND', 'That incident no longer exists.')
}
