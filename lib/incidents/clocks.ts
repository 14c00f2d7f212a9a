// The clocks of an incident: time to acknowledge, the next status update, the
// resolution target, the escalation prompt, and the overall SLA state of a list row.
// Pure and client-safe; `now` is always a parameter so pages can tick and tests can
// stand on a boundary.
//
// Rules (defaults in ARCHITECTURE.md, "Severity policy"):
// - An incident's current open period starts at its declaration, or at its latest
//   reopening. Resolution targets, update cadence and the "open too long" escalation
//   run from that start. Acknowledgement happens once: it runs from the declaration
//   and a reopened incident stays acknowledged.
// - Acknowledge within ackWithinMinutes; when null (SEV4), by the end of the next
//   business day (Monday to Friday, UTC; holidays are not known).
// - Updates, periodic cadence: the first one is due `every` minutes after the period
//   starts, each next one `every` minutes after the last one posted.
// - Updates "at start and end" (SEV3): the first is due by the acknowledgement
//   deadline; nothing more until resolution.
// - With any cadence, a closing update is due within min(every, 30) minutes of
//   resolution (30 for start-and-end) unless one was posted since.
// - "Due soon" means a quarter of the window or less is left (at least 1 min, at
//   most 60 min). "Overdue" means strictly after the due time.
// - Escalate to the engineering manager when the open period has lasted
//   escalateAfterMinutes or more (SEV1 30, SEV2 60), or an open incident has seen
//   no progress for 60 minutes or more.
import type { SeverityPolicyRow } from './dto'
import { escalationContact, formatMinutes, noProgressEscalationMinutes, updateCadence } from './policy'
import type { Severity } from './policy'
import type { IncidentStatus } from './transitions'

const MINUTE = 60_000
const DAY = 24 * 60 * MINUTE

type DateLike = string | Date

/** The incident fields the clocks read; DTOs (ISO strings) and rows (Dates) both fit. */
export type ClockIncident = {
  severity: Severity
  status: IncidentStatus
  declaredAt: DateLike
  acknowledgedAt: DateLike | null
  resolvedAt: DateLike | null
  reopenedAt: DateLike | null
  lastUpdatePostedAt: DateLike | null
  lastProgressAt: DateLike
}

export type ClockPolicy = Pick<
  SeverityPolicyRow,
  'ackWithinMinutes' | 'resolveWithinMinutes' | 'updateEveryMinutes' | 'updatesAtStartAndEnd' | 'escalateAfterMinutes'
>

/**
 * none: the severity sets no target; ok / due_soon / overdue: still running;
 * met / missed: done, in time or late.
 */
export type ClockState = 'none' | 'ok' | 'due_soon' | 'overdue' | 'met' | 'missed'

export type Clock = {
  state: ClockState
  dueAt: string | null
  doneAt: string | null
  /** Whole minutes until due, rounded away from zero (negative when overdue); null when not running. */
  minutesLeft: number | null
}

export type UpdateClock = Clock & {
  mode: 'periodic' | 'start_and_end' | 'none'
  /** Which update is expected next; null when none is. */
  next: 'initial' | 'periodic' | 'resolution' | null
}

export type EscalationReason =
  { kind: 'open_too_long'; openMinutes: number; limitMinutes: number } | { kind: 'no_progress'; idleMinutes: number; limitMinutes: number }

export type Escalation = { escalate: boolean; reasons: EscalationReason[]; message: string | null }

export type SlaState = 'ok' | 'due_soon' | 'overdue'
export type SlaSummary = { state: SlaState; reason: string | null; dueAt: string | null }

export type IncidentClocks = {
  openedAt: string
  ageMinutes: number
  acknowledge: Clock
  update: UpdateClock
  resolution: Clock
  escalation: Escalation
  sla: SlaSummary
}

const toDate = (d: DateLike) => (d instanceof Date ? d : new Date(d))
const toDateOrNull = (d: DateLike | null | undefined) => (d == null ? null : toDate(d))
const addMinutes = (d: Date, minutes: number) => new Date(d.getTime() + minutes * MINUTE)

/** The start of the current open period: the latest reopening, or the declaration. */
export function openedAt(incident: Pick<ClockIncident, 'declaredAt' | 'reopenedAt'>): Date {
  return toDateOrNull(incident.reopenedAt) ?? toDate(incident.declaredAt)
}

/** Minutes from declaration to resolution, or to `now` while open. */
export function ageMinutes(incident: Pick<ClockIncident, 'declaredAt' | 'resolvedAt' | 'status'>, now: Date = new Date()): number {
  const end = incident.status === 'RESOLVED' ? (toDateOrNull(incident.resolvedAt) ?? now) : now
  return Math.max(0, Math.floor((end.getTime() - toDate(incident.declaredAt).getTime()) / MINUTE))
}

const isWeekend = (d: Date) => d.getUTCDay() === 0 || d.getUTCDay() === 6

/** The end (23:59:59.999 UTC) of the first Monday-to-Friday day after `from`'s UTC date. */
export function nextBusinessDayEnd(from: Date): Date {
  let day = Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate()) + DAY
  while (isWeekend(new Date(day))) day += DAY
  return new Date(day + DAY - 1)
}

export function dueSoonMinutes(windowMinutes: number) {
  return Math.min(60, Math.max(1, windowMinutes / 4))
}

function minutesLeft(due: Date, now: Date) {
  const ms = due.getTime() - now.getTime()
  return ms >= 0 ? Math.ceil(ms / MINUTE) : -Math.ceil(-ms / MINUTE)
}

function running(start: Date, due: Date, now: Date): Clock {
  const left = due.getTime() - now.getTime()
  const window = (due.getTime() - start.getTime()) / MINUTE
  const state: ClockState = left < 0 ? 'overdue' : left <= dueSoonMinutes(window) * MINUTE ? 'due_soon' : 'ok'
  return { state, dueAt: due.toISOString(), doneAt: null, minutesLeft: minutesLeft(due, now) }
}

function done(due: Date, at: Date): Clock {
  return { state: at.getTime() <= due.getTime() ? 'met' : 'missed', dueAt: due.toISOString(), doneAt: at.toISOString(), minutesLeft: null }
}

const none: Clock = { state: 'none', dueAt: null, doneAt: null, minutesLeft: null }

/** When acknowledgement is due from declaration at `declaredAt`. */
export function acknowledgeDueAt(declaredAt: Date, policy: Pick<ClockPolicy, 'ackWithinMinutes'>): Date {
  return policy.ackWithinMinutes == null ? nextBusinessDayEnd(declaredAt) : addMinutes(declaredAt, policy.ackWithinMinutes)
}

export function acknowledgeClock(incident: ClockIncident, policy: ClockPolicy, now: Date = new Date()): Clock {
  const declared = toDate(incident.declaredAt)
  const due = acknowledgeDueAt(declared, policy)
  // Resolving an incident nobody acknowledged counts as acknowledging it then.
  const at = toDateOrNull(incident.acknowledgedAt) ?? (incident.status === 'RESOLVED' ? toDateOrNull(incident.resolvedAt) : null)
  return at ? done(due, at) : running(declared, due, now)
}

export function resolutionClock(incident: ClockIncident, policy: ClockPolicy, now: Date = new Date()): Clock {
  if (policy.resolveWithinMinutes == null) return none
  const start = openedAt(incident)
  const due = addMinutes(start, policy.resolveWithinMinutes)
  const resolved = incident.status === 'RESOLVED' ? toDateOrNull(incident.resolvedAt) : null
  return resolved ? done(due, resolved) : running(start, due, now)
}

/** Minutes within which the closing update is due after resolution. */
export function closingUpdateMinutes(policy: Pick<ClockPolicy, 'updateEveryMinutes'>) {
  return Math.min(policy.updateEveryMinutes ?? 30, 30)
}

export function updateClock(incident: ClockIncident, policy: ClockPolicy, now: Date = new Date()): UpdateClock {
  const cadence = updateCadence(policy)
  if (cadence.mode === 'none') return { ...none, mode: 'none', next: null }
  const lastPosted = toDateOrNull(incident.lastUpdatePostedAt)
  const resolved = incident.status === 'RESOLVED' ? toDateOrNull(incident.resolvedAt) : null
  if (resolved) {
    const due = addMinutes(resolved, closingUpdateMinutes(policy))
    if (lastPosted && lastPosted.getTime() >= resolved.getTime()) return { ...done(due, lastPosted), mode: cadence.mode, next: null }
    return { ...running(resolved, due, now), mode: cadence.mode, next: 'resolution' }
  }
  const start = openedAt(incident)
  const postedThisPeriod = lastPosted != null && lastPosted.getTime() >= start.getTime() ? lastPosted : null
  if (cadence.mode === 'periodic') {
    const base = postedThisPeriod ?? start
    return { ...running(base, addMinutes(base, cadence.everyMinutes), now), mode: 'periodic', next: postedThisPeriod ? 'periodic' : 'initial' }
  }
  // At start and at end: once the first update is out, the next one is the closing one.
  if (postedThisPeriod)
    return { state: 'ok', dueAt: null, doneAt: postedThisPeriod.toISOString(), minutesLeft: null, mode: 'start_and_end', next: 'resolution' }
  return { ...running(start, acknowledgeDueAt(start, policy), now), mode: 'start_and_end', next: 'initial' }
}

export function escalation(incident: ClockIncident, policy: ClockPolicy, now: Date = new Date()): Escalation {
  if (incident.status === 'RESOLVED') return { escalate: false, reasons: [], message: null }
  const reasons: EscalationReason[] = []
  const openMinutes = Math.floor((now.getTime() - openedAt(incident).getTime()) / MINUTE)
  if (policy.escalateAfterMinutes != null && openMinutes >= policy.escalateAfterMinutes) {
    reasons.push({ kind: 'open_too_long', openMinutes, limitMinutes: policy.escalateAfterMinutes })
  }
  const idleMinutes = Math.floor((now.getTime() - toDate(incident.lastProgressAt).getTime()) / MINUTE)
  if (idleMinutes >= noProgressEscalationMinutes) {
    reasons.push({ kind: 'no_progress', idleMinutes, limitMinutes: noProgressEscalationMinutes })
  }
  if (!reasons.length) return { escalate: false, reasons, message: null }
  const why = reasons.map((r) =>
    r.kind === 'open_too_long'
      ? `${incident.severity} open for ${formatMinutes(r.openMinutes)} without resolution`
      : `no progress for ${formatMinutes(r.idleMinutes)}`,
  )
  return { escalate: true, reasons, message: `Escalate to ${escalationContact}: ${why.join('; ')}.` }
}

const slaRank: Record<SlaState, number> = { ok: 0, due_soon: 1, overdue: 2 }

/** The worst running clock of an open incident, in one line; resolved incidents are ok. */
export function slaSummary(incident: ClockIncident, policy: ClockPolicy, now: Date = new Date()): SlaSummary {
  return summarise(incident, acknowledgeClock(incident, policy, now), updateClock(incident, policy, now), resolutionClock(incident, policy, now))
}

function summarise(incident: ClockIncident, ack: Clock, update: Clock, resolution: Clock): SlaSummary {
  if (incident.status === 'RESOLVED') return { state: 'ok', reason: null, dueAt: null }
  const candidates = (
    [
      ['Acknowledgement', ack],
      ['Status update', update],
      ['Resolution', resolution],
    ] as const
  ).filter(([, c]) => (c.state === 'ok' || c.state === 'due_soon' || c.state === 'overdue') && c.dueAt != null)
  if (!candidates.length) return { state: 'ok', reason: null, dueAt: null }
  const [label, worst] = candidates.reduce((a, b) => {
    const ra = slaRank[a[1].state as SlaState]
    const rb = slaRank[b[1].state as SlaState]
    if (ra !== rb) return rb > ra ? b : a
    return b[1].dueAt! < a[1].dueAt! ? b : a
  })
  const state = worst.state as SlaState
  const left = worst.minutesLeft ?? 0
  const reason = state === 'overdue' ? `${label} overdue by ${formatMinutes(-left)}` : `${label} due in ${formatMinutes(left)}`
  return { state, reason, dueAt: worst.dueAt }
}

/** Every clock of one incident at `now`. */
export function incidentClocks(incident: ClockIncident, policy: ClockPolicy, now: Date = new Date()): IncidentClocks {
  const acknowledge = acknowledgeClock(incident, policy, now)
  const update = updateClock(incident, policy, now)
  const resolution = resolutionClock(incident, policy, now)
  return {
    openedAt: openedAt(incident).toISOString(),
    ageMinutes: ageMinutes(incident, now),
    acknowledge,
    update,
    resolution,
    escalation: escalation(incident, policy, now),
    sla: summarise(incident, acknowledge, update, resolution),
  }
}

/** "2025-11-19 10:30 UTC", or "10:30 UTC" without the date. */
export function formatUtc(date: DateLike, opts: { withDate?: boolean } = {}): string {
  const iso = toDate(date).toISOString()
  const time = `${iso.slice(11, 16)} UTC`
  return opts.withDate === false ? time : `${iso.slice(0, 10)} ${time}`
}
