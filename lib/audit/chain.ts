// The audit hash chain. Each event's hash covers the previous event's hash and the
// event's own fields as first written; completing a PENDING event adds a second hash
// over its outcome. Editing or deleting any row breaks the chain where it happened.
import { createHash } from 'node:crypto'

/** JSON with object keys sorted at every level, so Postgres jsonb's key order does not matter. */
export function stableStringify(value: unknown): string {
  if (value === null || value === undefined) return 'null'
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`
  if (value instanceof Date) return JSON.stringify(value.toISOString())
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(',')}}`
  }
  return JSON.stringify(value)
}

export type ChainedFields = {
  at: Date
  actorId: string | null
  actorEmail: string | null
  action: string
  targetType: string | null
  targetId: string | null
  incidentId: string | null
  serviceId: string | null
  params: unknown
  reason: string | null
  requestId: string | null
  /** The status the event was written with (PENDING for events completed later). */
  initialStatus: string
  /** The error it was written with (completed events carry theirs in the completion). */
  initialError: string | null
}

export type CompletionFields = { status: string; awsRequestId: string | null; error: string | null; completedAt: Date | null }

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex')

export function eventHash(prevHash: string | null, f: ChainedFields) {
  return sha256(`${prevHash ?? 'genesis'}|${stableStringify(f)}`)
}

export function completionHash(hash: string, c: CompletionFields) {
  return sha256(`${hash}|${stableStringify(c)}`)
}

export type StoredEvent = Omit<ChainedFields, 'initialStatus' | 'initialError'> &
  CompletionFields & {
    id: number
    prevHash: string | null
    hash: string | null
    completionHash: string | null
  }

export type ChainVerdict = { ok: true; checked: number } | { ok: false; checked: number; brokenAt: number; problem: string }

/** Checks events in id order, continuing from `prevHash` (the hash before the first one). */
export function verifyEvents(events: StoredEvent[], prevHash: string | null): { verdict: ChainVerdict | null; lastHash: string | null } {
  let previous = prevHash
  for (const [i, e] of events.entries()) {
    const broken = (problem: string) => ({ verdict: { ok: false as const, checked: i, brokenAt: e.id, problem }, lastHash: previous })
    if (e.prevHash !== previous) return broken('it does not follow the event before it (an event was removed or reordered)')
    const initialStatus = e.completionHash ? 'PENDING' : e.status
    const initialError = e.completionHash ? null : e.error
    const expected = eventHash(previous, {
      at: e.at,
      actorId: e.actorId,
      actorEmail: e.actorEmail,
      action: e.action,
      targetType: e.targetType,
      targetId: e.targetId,
      incidentId: e.incidentId,
      serviceId: e.serviceId,
      params: e.params,
      reason: e.reason,
      requestId: e.requestId,
      initialStatus,
      initialError,
    })
    if (e.hash !== expected) return broken('its recorded fields were changed after it was written')
    if (
      e.completionHash &&
      e.completionHash !== completionHash(e.hash, { status: e.status, awsRequestId: e.awsRequestId, error: e.error, completedAt: e.completedAt })
    ) {
      return broken('its outcome was changed after it was completed')
    }
    if (!e.completionHash && e.status !== initialStatus) return broken('its outcome was changed after it was written')
    previous = e.hash
  }
  return { verdict: null, lastHash: previous }
}
