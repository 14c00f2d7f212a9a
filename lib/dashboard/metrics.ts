// How the dashboard measures response: MTTA, MTTR and the share of incidents that
// met their severity's targets. Pure and client-safe. This is the reference: the
// dashboard computes the same figures in SQL (sql.ts) over any number of incidents,
// and an integration test holds the two equal.
//
// Rules:
// - An incident belongs to a period when it was declared in it ([from, to)).
// - Figures are taken "as of" the period's end, or now while the period runs:
//   anything that happened later is not known yet. An incident acknowledged or
//   resolved after that moment counts as not acknowledged / still open.
// - Resolving an incident nobody acknowledged counts as acknowledging it then (as
//   the incident clocks do).
// - Time to acknowledge runs from the declaration to the acknowledgement.
// - Time to resolve runs from the declaration to the final resolution. A reopened
//   incident is measured to its last resolution: the first fix did not hold, so the
//   time in between counts. (The live resolution clock restarts at a reopening to
//   give responders a new deadline; the report counts what users went through.)
//   A reopened incident that is open again at the period's end is open.
// - MTTA / MTTR are the mean (and the median) over the incidents acknowledged /
//   resolved by the end of the period; incidents still open are counted apart.
// - Targets: acknowledged within ackWithinMinutes (none: by the end of the next
//   business day), resolved within resolveWithinMinutes (none: no target). An
//   incident not done yet has met or missed nothing, unless its deadline has
//   already passed at the end of the period: then it has missed.
//   Share within target = met / (met + missed); pending incidents are left out.
import { acknowledgeDueAt } from '@/lib/incidents/clocks'
import type { SeverityPolicyRow } from '@/lib/incidents/dto'
import { policyFor, severities, type Severity } from '@/lib/incidents/policy'
import type { IncidentStatus } from '@/lib/incidents/transitions'

const MINUTE = 60_000

export type MetricIncident = {
  severity: Severity
  status: IncidentStatus
  declaredAt: Date
  acknowledgedAt: Date | null
  resolvedAt: Date | null
  reopenedAt: Date | null
  /** The first alert of the incident, when it came from alerts: MTTA counts from it when earlier than the declaration. */
  firstAlertAt?: Date | null
}

export type TargetOutcome = 'met' | 'missed' | 'pending' | 'none'

export type Measured = {
  /** Minutes from the first alert (else declaration) to acknowledgement; null when not acknowledged as of the period's end. */
  ackMinutes: number | null
  /** Minutes from declaration to the final resolution; null when open at the period's end. */
  resolveMinutes: number | null
  reopened: boolean
  ack: Exclude<TargetOutcome, 'none'>
  resolve: TargetOutcome
}

type TargetPolicy = Pick<SeverityPolicyRow, 'ackWithinMinutes' | 'resolveWithinMinutes'>

const minutes = (from: Date, to: Date) => Math.max(0, (to.getTime() - from.getTime()) / MINUTE)

function outcome(doneAt: Date | null, due: Date, asOf: Date): 'met' | 'missed' | 'pending' {
  if (doneAt) return doneAt.getTime() <= due.getTime() ? 'met' : 'missed'
  return asOf.getTime() > due.getTime() ? 'missed' : 'pending'
}

/** One incident's figures as of `asOf`. */
export function measureIncident(incident: MetricIncident, policy: TargetPolicy, asOf: Date): Measured {
  const known = (d: Date | null) => (d && d.getTime() <= asOf.getTime() ? d : null)
  const finalResolution = incident.status === 'RESOLVED' ? incident.resolvedAt : null
  const resolved = known(finalResolution)
  const acknowledged = known(incident.acknowledgedAt ?? finalResolution)
  const declared = incident.declaredAt
  const ackFrom = incident.firstAlertAt && incident.firstAlertAt < declared ? incident.firstAlertAt : declared
  const resolveDue = policy.resolveWithinMinutes == null ? null : new Date(declared.getTime() + policy.resolveWithinMinutes * MINUTE)
  return {
    ackMinutes: acknowledged ? minutes(ackFrom, acknowledged) : null,
    resolveMinutes: resolved ? minutes(declared, resolved) : null,
    reopened: known(incident.reopenedAt) != null,
    ack: outcome(acknowledged, acknowledgeDueAt(declared, policy), asOf),
    resolve: resolveDue ? outcome(resolved, resolveDue, asOf) : 'none',
  }
}

/**
 * A percentile as Postgres's percentile_cont(fraction) computes it: the value at
 * position fraction × (n − 1) of the sorted values, interpolated linearly between its
 * two neighbours; null for none.
 */
export function percentile(values: readonly number[], fraction: number): number | null {
  if (!(fraction >= 0 && fraction <= 1)) throw new RangeError('fraction must be from 0 to 1')
  if (!values.length) return null
  const sorted = [...values].sort((a, b) => a - b)
  const at = (sorted.length - 1) * fraction
  const lo = Math.floor(at)
  const hi = Math.ceil(at)
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (at - lo)
}

/** The median as percentile_cont(0.5): the middle value, or the mean of the middle two. */
export const median = (values: readonly number[]) => percentile(values, 0.5)
/** The 90th percentile as percentile_cont(0.9): nine in ten incidents took no longer. */
export const p90 = (values: readonly number[]) => percentile(values, 0.9)

const mean = (values: readonly number[]) => (values.length ? values.reduce((a, b) => a + b, 0) / values.length : null)

export type SeverityStats = {
  severity: Severity
  incidents: number
  acknowledged: number
  mttaMean: number | null
  mttaMedian: number | null
  mttaP90: number | null
  resolved: number
  mttrMean: number | null
  mttrMedian: number | null
  mttrP90: number | null
  openAtEnd: number
  reopened: number
  ackMet: number
  ackMissed: number
  resolveMet: number
  resolveMissed: number
  /** Incidents whose severity has a resolution target. */
  resolveTargeted: number
}

export const emptyStats = (severity: Severity): SeverityStats => ({
  severity,
  incidents: 0,
  acknowledged: 0,
  mttaMean: null,
  mttaMedian: null,
  mttaP90: null,
  resolved: 0,
  mttrMean: null,
  mttrMedian: null,
  mttrP90: null,
  openAtEnd: 0,
  reopened: 0,
  ackMet: 0,
  ackMissed: 0,
  resolveMet: 0,
  resolveMissed: 0,
  resolveTargeted: 0,
})

/** Figures per severity (every severity once, in order) for incidents of one period, as of `asOf`. */
export function summarise(incidents: readonly MetricIncident[], policy: readonly SeverityPolicyRow[], asOf: Date): SeverityStats[] {
  return severities.map((severity) => {
    const rows = incidents.filter((i) => i.severity === severity).map((i) => measureIncident(i, policyFor(policy, severity), asOf))
    const acks = rows.map((r) => r.ackMinutes).filter((m): m is number => m != null)
    const resolves = rows.map((r) => r.resolveMinutes).filter((m): m is number => m != null)
    return {
      severity,
      incidents: rows.length,
      acknowledged: acks.length,
      mttaMean: mean(acks),
      mttaMedian: median(acks),
      mttaP90: p90(acks),
      resolved: resolves.length,
      mttrMean: mean(resolves),
      mttrMedian: median(resolves),
      mttrP90: p90(resolves),
      openAtEnd: rows.filter((r) => r.resolveMinutes == null).length,
      reopened: rows.filter((r) => r.reopened).length,
      ackMet: rows.filter((r) => r.ack === 'met').length,
      ackMissed: rows.filter((r) => r.ack === 'missed').length,
      resolveMet: rows.filter((r) => r.resolve === 'met').length,
      resolveMissed: rows.filter((r) => r.resolve === 'missed').length,
      resolveTargeted: rows.filter((r) => r.resolve !== 'none').length,
    }
  })
}

/** Share of decided incidents that met the target, 0..1; null when none is decided yet. */
export function share(met: number, missed: number): number | null {
  return met + missed === 0 ? null : met / (met + missed)
}

/** Figures for all severities together, from the per-severity ones (means weighted by count; no median or percentile). */
export function combine(stats: readonly SeverityStats[]): Omit<SeverityStats, 'severity' | 'mttaMedian' | 'mttrMedian' | 'mttaP90' | 'mttrP90'> {
  const sum = (f: (s: SeverityStats) => number) => stats.reduce((a, s) => a + f(s), 0)
  const weighted = (value: (s: SeverityStats) => number | null, weight: (s: SeverityStats) => number) => {
    const w = sum(weight)
    return w ? stats.reduce((a, s) => a + (value(s) ?? 0) * weight(s), 0) / w : null
  }
  return {
    incidents: sum((s) => s.incidents),
    acknowledged: sum((s) => s.acknowledged),
    mttaMean: weighted(
      (s) => s.mttaMean,
      (s) => s.acknowledged,
    ),
    resolved: sum((s) => s.resolved),
    mttrMean: weighted(
      (s) => s.mttrMean,
      (s) => s.resolved,
    ),
    openAtEnd: sum((s) => s.openAtEnd),
    reopened: sum((s) => s.reopened),
    ackMet: sum((s) => s.ackMet),
    ackMissed: sum((s) => s.ackMissed),
    resolveMet: sum((s) => s.resolveMet),
    resolveMissed: sum((s) => s.resolveMissed),
    resolveTargeted: sum((s) => s.resolveTargeted),
  }
}
