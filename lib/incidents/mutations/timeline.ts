import 'server-only'
import type { DbTransaction, Prisma } from '@/lib/db/client'
import { AppError, UUID } from '@/lib/errors'
import { isProgress, type TimelineKind } from '../timeline'

// The incident timeline's write side: the row lock every incident write takes first,
// and the one way entries are appended. Other domains (runbooks, remediation,
// post-mortems) write through appendIncidentEntry and lockIncidentFirst only.
//
// Lock order, for every transaction in the app: the incident's row first, then any
// other row, then the audit chain (recordAudit takes it last). Two transactions that
// take locks in the same order cannot deadlock.

/** Takes the incident's row lock for the rest of the transaction; false when there is no such incident. */
export async function lockIncident(tx: DbTransaction, incidentId: string) {
  if (!UUID.test(incidentId)) return false
  const rows = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM "Incident" WHERE id = ${incidentId}::uuid FOR UPDATE`
  return rows.length === 1
}

/** lockIncident, with NOT_FOUND when the incident is gone. */
export async function lockExistingIncident(tx: DbTransaction, incidentId: string) {
  if (!(await lockIncident(tx, incidentId))) throw new AppError('NOT_FOUND', 'That incident no longer exists.')
}

export type NewEntry = {
  incidentId: string
  kind: TimelineKind
  actorId: string | null
  at: Date
  text: string
  data?: Prisma.InputJsonValue
  incidentVersion?: number | null
}

/** Appends a timeline entry; the caller holds the incident's row lock. */
export function appendEntry(tx: DbTransaction, entry: NewEntry) {
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

/**
 * Appends an entry written by another feature (runbooks, diagnostics, remediation)
 * to an incident's timeline, inside the caller's transaction, under the incident's
 * row lock so live pages polling by id never skip it. Entries of a progress kind
 * (timeline.ts) keep the no-progress escalation clock from firing, unless the caller
 * says otherwise.
 */
export async function appendIncidentEntry(
  tx: DbTransaction,
  entry: { incidentId: string; kind: TimelineKind; actorId: string | null; text: string; data?: Prisma.InputJsonValue; progress?: boolean },
) {
  await lockExistingIncident(tx, entry.incidentId)
  const at = new Date()
  if (entry.progress ?? isProgress(entry.kind))
    await tx.incident.update({ where: { id: entry.incidentId }, data: { lastProgressAt: at }, select: { id: true } })
  return appendEntry(tx, { incidentId: entry.incidentId, kind: entry.kind, actorId: entry.actorId, at, text: entry.text, data: entry.data })
}

/**
 * Takes the incident's row lock at the start of another feature's transaction,
 * before it inserts rows that reference the incident or records audit events (see
 * the lock order above). No incident (null) takes no lock.
 */
export async function lockIncidentFirst(tx: DbTransaction, incidentId: string | null | undefined) {
  if (incidentId) await lockExistingIncident(tx, incidentId)
}
