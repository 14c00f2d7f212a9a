import 'server-only'
import { requireCan, type ActorContext } from '@/lib/actions/actor'
import type { AuditAction } from '@/lib/audit/actions'
import { recordAudit } from '@/lib/audit/record'
import { atLeast } from '@/lib/auth/permissions'
import { db, type DbTransaction, type Prisma } from '@/lib/db/client'
import { AppError, fieldError } from '@/lib/errors'
import type { IncidentChange } from '../dto'
import { incidentRef } from '../mappers'
import { isProgress, type TimelineKind } from '../timeline'
import { appendEntry, lockExistingIncident } from './timeline'

// Every change to an incident runs in one transaction that
//   1. locks the incident's row (so its timeline entries commit in id order and a
//      poller reading "entries after id N" never skips one),
//   2. checks the version the user saw (optimistic concurrency: a stale edit gets
//      CONFLICT and changes nothing),
//   3. updates the row, bumping its version (UPDATE ... WHERE id AND version),
//   4. appends its timeline entry and, for privileged changes, its audit event.
// changeIncident below is that sequence; each verb only decides what changes.
// Row locks and constraints hold across app instances; nothing relies on memory.

export const requireIncidentWrite = (ctx: ActorContext) => requireCan(ctx.actor, 'incident:write', 'Your role can read incidents but not change them.')
export const requirePolicyAdmin = (ctx: ActorContext) => requireCan(ctx.actor, 'admin:policy', 'Only an admin can change this setting.')

/** Someone who can hold an incident role: an active responder, commander or admin. */
export async function assignableUser(tx: DbTransaction, userId: string, field: string) {
  const user = await tx.user.findFirst({ where: { id: userId, disabled: false }, select: { id: true, name: true, role: true } })
  if (!user) fieldError(field, 'That person no longer has an active account.')
  if (!atLeast(user.role, 'RESPONDER')) fieldError(field, `${user.name} is a viewer; only responders, commanders and admins can hold an incident role.`)
  return { id: user.id, name: user.name }
}

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

export type CurrentIncident = Prisma.IncidentGetPayload<{ select: typeof changeSelect }>

export const clip = (text: string, max = 120) => (text.length > max ? `${text.slice(0, max - 1)}…` : text)

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
export async function currentIncident(tx: DbTransaction, incidentId: string, expectedVersion: number): Promise<CurrentIncident> {
  await lockExistingIncident(tx, incidentId)
  const row = await tx.incident.findUniqueOrThrow({ where: { id: incidentId }, select: changeSelect })
  if (row.version !== expectedVersion) throw await conflictError(tx, row, expectedVersion)
  return row
}

/** UPDATE ... WHERE id AND version = expected, bumping the version; returns the new version. */
export async function commitChange(tx: DbTransaction, row: CurrentIncident, expectedVersion: number, data: Prisma.IncidentUncheckedUpdateManyInput) {
  const { count } = await tx.incident.updateMany({
    where: { id: row.id, version: expectedVersion },
    data: { ...data, version: { increment: 1 } },
  })
  if (count !== 1) throw await conflictError(tx, row, expectedVersion)
  return expectedVersion + 1
}

/** What one verb changes: the row's fields, its timeline entry, its audit event, and any other rows. */
export type IncidentEdit = {
  data: Prisma.IncidentUncheckedUpdateManyInput
  entry: { kind: TimelineKind; text: string; data?: Prisma.InputJsonValue }
  audit?: { action: AuditAction; params: Prisma.InputJsonValue; reason?: string }
  also?: (tx: DbTransaction) => Promise<unknown>
}

/**
 * lock → check version → write (progress kinds also reset the no-progress clock) →
 * timeline → audit, in one transaction. `decide` reads the locked row and returns
 * the edit, or throws a refusal (nothing is written then).
 */
export function changeIncident(
  ctx: ActorContext,
  input: { incidentId: string; expectedVersion: number },
  decide: (tx: DbTransaction, row: CurrentIncident, now: Date) => IncidentEdit | Promise<IncidentEdit>,
): Promise<IncidentChange> {
  requireIncidentWrite(ctx)
  return db.$transaction(async (tx) => {
    const row = await currentIncident(tx, input.incidentId, input.expectedVersion)
    const now = new Date()
    const edit = await decide(tx, row, now)
    const progress = isProgress(edit.entry.kind) ? { lastProgressAt: now } : {}
    const version = await commitChange(tx, row, input.expectedVersion, { ...edit.data, ...progress })
    await edit.also?.(tx)
    const entry = await appendEntry(tx, { incidentId: row.id, actorId: ctx.actor.id, at: now, ...edit.entry, incidentVersion: version })
    if (edit.audit) {
      const { action, params, reason } = edit.audit
      await recordAudit(tx, {
        action,
        actor: ctx.actor,
        targetType: 'incident',
        targetId: row.id,
        incidentId: row.id,
        requestId: ctx.requestId,
        params,
        reason,
      })
    }
    return { incidentId: row.id, version, entryId: entry.id }
  })
}
