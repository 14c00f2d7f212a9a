// The dashboard's aggregates as SQL, so 100,000 incidents never travel to the app:
// Postgres groups and averages, the app shapes a few dozen rows. Pure strings and
// parameters (no database access), shared by queries.ts and `npm run bench:dashboard`,
// which times the same statements raw. The rules are metrics.ts's; an integration
// test holds both equal.
//
// Timestamps are `timestamp(3)` columns holding UTC; every parameter is an ISO
// string cast with ::timestamp, whose zone suffix Postgres ignores, so nothing
// depends on the session's time zone.
import type { SeverityPolicyRow } from '@/lib/incidents/dto'
import { severities } from '@/lib/incidents/policy'
import { POSTMORTEM_DUE_BUSINESS_DAYS } from '@/lib/postmortems/due'
import { asOfFor, bucketsOf, type BucketUnit, type DashboardRange } from './range'

export type Statement = { name: string; text: string; values: unknown[] }

/** Postgres's form of nextBusinessDayEnd (lib/incidents/clocks.ts) for a timestamp expression. */
export function nextBusinessDayEndSql(ts: string) {
  const next = `(date_trunc('day', ${ts}) + interval '1 day')`
  return `(${next} + CASE extract(isodow FROM ${next})::int WHEN 6 THEN interval '2 days' WHEN 7 THEN interval '1 day' ELSE interval '0' END + interval '1 day' - interval '1 millisecond')`
}

/**
 * Postgres's form of businessDaysAfter (lib/postmortems/due.ts): the end of the
 * `n`th weekday after the day of `ts`. From a weekend day, count from the Friday
 * before; from weekday w (1 = Monday), n weekdays later is n + 2·⌊(w + n − 1) / 5⌋ days.
 */
export function businessDaysAfterSql(ts: string, n: string) {
  const dow = `extract(isodow FROM ${ts})::int`
  const w = `least(${dow}, 5)`
  return `(date_trunc('day', ${ts}) - make_interval(days => ${dow} - ${w}) + make_interval(days => ${n} + 2 * ((${w} + ${n} - 1) / 5)) + interval '1 day' - interval '1 millisecond')`
}

/** The policy as arrays in severity order (SEV1..SEV4), indexed in SQL by sevIndex. */
const policyArrays = (policy: readonly SeverityPolicyRow[]) => [
  severities.map((s) => policy.find((p) => p.severity === s)?.ackWithinMinutes ?? null),
  severities.map((s) => policy.find((p) => p.severity === s)?.resolveWithinMinutes ?? null),
]

/** 1..4 for SEV1..SEV4, to index the policy arrays (cheaper than joining a policy table per row). */
const sevIndex = `CASE i.severity WHEN 'SEV1' THEN 1 WHEN 'SEV2' THEN 2 WHEN 'SEV3' THEN 3 ELSE 4 END`

/**
 * Incidents whose declaration falls in a range. Naming every status lets Postgres
 * read the range from the (status, declaredAt, id) index instead of the whole table.
 */
const declaredIn = (from: string, to: string) =>
  `i.status IN ('INVESTIGATING', 'IDENTIFIED', 'MONITORING', 'RESOLVED') AND i."declaredAt" >= ${from} AND i."declaredAt" < ${to}`

/**
 * Each incident declared in [cohortFrom, to) with its facts as of its period's end:
 * `current` incidents (declared from `from`) as of `asOf`, earlier ones (the previous
 * period) as of `from`. Parameters: $1 cohortFrom, $2 from, $3 to, $4 asOf,
 * $5 ack minutes and $6 resolve minutes per severity (SEV1..SEV4; null: none).
 */
const measuredCte = `
cohort AS (
  SELECT i.severity::text AS severity,
         i."declaredAt" AS declared,
         -- MTTA counts from the first alert when the incident came from one (earlier than its declaration).
         LEAST(i."declaredAt", (SELECT min(a."firstSeenAt") FROM "Alert" a WHERE a."incidentId" = i.id)) AS ack_from,
         i."declaredAt" >= $2::timestamp AS current,
         CASE WHEN i."declaredAt" >= $2::timestamp THEN $4::timestamp ELSE $2::timestamp END AS as_of,
         COALESCE(i."acknowledgedAt", CASE WHEN i.status = 'RESOLVED' THEN i."resolvedAt" END) AS ack_raw,
         CASE WHEN i.status = 'RESOLVED' THEN i."resolvedAt" END AS resolved_raw,
         i."reopenedAt" AS reopened_raw,
         ($5::int[])[${sevIndex}] AS ack_min,
         ($6::int[])[${sevIndex}] AS resolve_min
  FROM "Incident" i
  WHERE ${declaredIn('$1::timestamp', '$3::timestamp')}
),
timed AS (
  SELECT severity, current, declared, ack_from, as_of,
         CASE WHEN ack_raw <= as_of THEN ack_raw END AS acked,
         CASE WHEN resolved_raw <= as_of THEN resolved_raw END AS resolved,
         COALESCE(reopened_raw <= as_of, false) AS reopened,
         CASE WHEN ack_min IS NOT NULL THEN declared + make_interval(mins => ack_min) ELSE ${nextBusinessDayEndSql('declared')} END AS ack_due,
         declared + make_interval(mins => resolve_min) AS resolve_due
  FROM cohort
)`

const minutesSql = (to: string) => `extract(epoch FROM ${to} - declared)::float8 / 60`
/** Minutes to acknowledgement: from the first alert where there is one, else from declaration. */
const ackMinutesSql = `extract(epoch FROM acked - ack_from)::float8 / 60`

export type SummaryRow = {
  severity: string
  current: boolean
  incidents: number
  acknowledged: number
  mtta_mean: number | null
  resolved: number
  mttr_mean: number | null
  open_at_end: number
  reopened: number
  ack_met: number
  ack_missed: number
  resolve_met: number
  resolve_missed: number
  resolve_targeted: number
}

/**
 * Per severity, for the period and the one before it (`current` tells which).
 * Means only: eight small groups, hashed. (The ordered-set medians need a sort; they
 * have their own statement, for the period alone.)
 */
export function summaryStatement(p: { previousFrom: string; from: string; to: string; asOf: string; policy: readonly SeverityPolicyRow[] }): Statement {
  return {
    name: 'summary',
    text: `WITH ${measuredCte}
SELECT severity, current,
       count(*)::int AS incidents,
       count(acked)::int AS acknowledged,
       avg(greatest(0, ${ackMinutesSql})) FILTER (WHERE acked IS NOT NULL) AS mtta_mean,
       count(resolved)::int AS resolved,
       avg(greatest(0, ${minutesSql('resolved')})) FILTER (WHERE resolved IS NOT NULL) AS mttr_mean,
       count(*) FILTER (WHERE resolved IS NULL)::int AS open_at_end,
       count(*) FILTER (WHERE reopened)::int AS reopened,
       count(*) FILTER (WHERE acked <= ack_due)::int AS ack_met,
       count(*) FILTER (WHERE acked > ack_due OR (acked IS NULL AND as_of > ack_due))::int AS ack_missed,
       count(*) FILTER (WHERE resolved <= resolve_due)::int AS resolve_met,
       count(*) FILTER (WHERE resolved > resolve_due OR (resolved IS NULL AND as_of > resolve_due))::int AS resolve_missed,
       count(resolve_due)::int AS resolve_targeted
FROM timed
GROUP BY severity, current`,
    values: [p.previousFrom, p.from, p.to, p.asOf, ...policyArrays(p.policy)],
  }
}
// greatest() skips NULLs (greatest(0, NULL) is 0), so every average of a clamped
// time carries a FILTER: an incident not acknowledged or resolved yet must not count
// as zero minutes.

export type MedianRow = { severity: string; mtta_median: number | null; mttr_median: number | null; mtta_p90: number | null; mttr_p90: number | null }

/** The median and 90th-percentile times per severity over the period, as percentile_cont computes them. */
export function medianStatement(p: { from: string; to: string; asOf: string; policy: readonly SeverityPolicyRow[] }): Statement {
  return {
    name: 'medians',
    text: `WITH ${measuredCte}
SELECT severity,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY greatest(0, ${ackMinutesSql})) FILTER (WHERE acked IS NOT NULL) AS mtta_median,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY greatest(0, ${minutesSql('resolved')})) FILTER (WHERE resolved IS NOT NULL) AS mttr_median,
       percentile_cont(0.9) WITHIN GROUP (ORDER BY greatest(0, ${ackMinutesSql})) FILTER (WHERE acked IS NOT NULL) AS mtta_p90,
       percentile_cont(0.9) WITHIN GROUP (ORDER BY greatest(0, ${minutesSql('resolved')})) FILTER (WHERE resolved IS NOT NULL) AS mttr_p90
FROM timed
GROUP BY severity`,
    values: [p.from, p.from, p.to, p.asOf, ...policyArrays(p.policy)],
  }
}

export type BucketRow = { bucket: number; severity: string; incidents: number; mtta_mean: number | null; mttr_mean: number | null }

/**
 * Per bucket and severity within the period. Buckets are numbered from `origin` (the
 * first bucket's start) in steps of a day or a week; joining their numbers from a
 * series (rather than grouping on a date expression) lets Postgres hash the groups.
 */
export function bucketStatement(p: {
  from: string
  to: string
  asOf: string
  origin: string
  bucket: BucketUnit
  buckets: number
  policy: readonly SeverityPolicyRow[]
}): Statement {
  return {
    name: 'buckets',
    text: `WITH ${measuredCte}
SELECT b.k AS bucket, t.severity,
       count(*)::int AS incidents,
       avg(greatest(0, extract(epoch FROM t.acked - t.ack_from)::float8 / 60)) FILTER (WHERE t.acked IS NOT NULL) AS mtta_mean,
       avg(greatest(0, extract(epoch FROM t.resolved - t.declared)::float8 / 60)) FILTER (WHERE t.resolved IS NOT NULL) AS mttr_mean
FROM timed t
JOIN generate_series(0, $9::int - 1) AS b(k) ON b.k = floor(extract(epoch FROM t.declared - $7::timestamp) / $8::int)::int
GROUP BY b.k, t.severity`,
    values: [p.from, p.from, p.to, p.asOf, ...policyArrays(p.policy), p.origin, p.bucket === 'day' ? 86_400 : 7 * 86_400, p.buckets],
  }
}

export type ServiceRow = {
  id: string
  name: string
  environment: string
  cluster: string
  total: number
  sev1: number
  sev2: number
  sev3: number
  sev4: number
}

/** The ten services named in the most incidents of the period. */
export function servicesStatement(p: { from: string; to: string }): Statement {
  return {
    name: 'services',
    text: `SELECT s.id::text AS id, s.name, s.environment::text AS environment, s.cluster,
       count(*)::int AS total,
       count(*) FILTER (WHERE i.severity = 'SEV1')::int AS sev1,
       count(*) FILTER (WHERE i.severity = 'SEV2')::int AS sev2,
       count(*) FILTER (WHERE i.severity = 'SEV3')::int AS sev3,
       count(*) FILTER (WHERE i.severity = 'SEV4')::int AS sev4
FROM "Incident" i
JOIN "IncidentService" x ON x."incidentId" = i.id
JOIN "Service" s ON s.id = x."serviceId"
WHERE ${declaredIn('$1::timestamp', '$2::timestamp')}
GROUP BY s.id, s.name, s.environment, s.cluster
ORDER BY total DESC, s.name, s.id
LIMIT 10`,
    values: [p.from, p.to],
  }
}

export type NoiseRow = { id: string; name: string; environment: string; alerts: number; firings: number; incidents: number }

/**
 * Noise: the ten services with the most alert firings among alerts active in the period (first
 * seen before its end, last seen after its start), beside the incidents declared in it naming them.
 */
export function noiseStatement(p: { from: string; to: string }): Statement {
  return {
    name: 'noise',
    text: `WITH fired AS (
  SELECT a."serviceId" AS id, count(*)::int AS alerts, sum(a.count)::int AS firings
  FROM "Alert" a
  WHERE a."serviceId" IS NOT NULL AND a."firstSeenAt" < $2::timestamp AND a."lastSeenAt" >= $1::timestamp
  GROUP BY a."serviceId"
), declared AS (
  SELECT x."serviceId" AS id, count(*)::int AS incidents
  FROM "Incident" i JOIN "IncidentService" x ON x."incidentId" = i.id
  WHERE ${declaredIn('$1::timestamp', '$2::timestamp')}
  GROUP BY x."serviceId"
)
SELECT s.id::text AS id, s.name, s.environment::text AS environment, f.alerts, f.firings, COALESCE(d.incidents, 0)::int AS incidents
FROM fired f JOIN "Service" s ON s.id = f.id LEFT JOIN declared d ON d.id = f.id
ORDER BY f.firings DESC, s.name, s.id
LIMIT 10`,
    values: [p.from, p.to],
  }
}

export type MttaBasisRow = { incidents: number; from_alert: number }

/** How many of the period's incidents have their MTTA counted from a first alert (earlier than the declaration). */
export function mttaBasisStatement(p: { from: string; to: string }): Statement {
  return {
    name: 'mtta_basis',
    text: `SELECT count(*)::int AS incidents,
       count(*) FILTER (WHERE EXISTS (SELECT 1 FROM "Alert" a WHERE a."incidentId" = i.id AND a."firstSeenAt" < i."declaredAt"))::int AS from_alert
FROM "Incident" i
WHERE ${declaredIn('$1::timestamp', '$2::timestamp')}`,
    values: [p.from, p.to],
  }
}

export type PostMortemRow = {
  expected: number
  required: number
  published: number
  in_review: number
  draft: number
  not_started: number
  awaiting_resolution: number
  due: number
  overdue: number
}

/**
 * Post-mortems of the incidents declared in the period that need one (the policy
 * requires it) or have one, in their state now. A required post-mortem nobody has
 * started is due five business days after its incident's resolution all the same.
 * Parameters: $1 from, $2 to, $3 now, $4 the severities that require one, $5 business days.
 */
export function postMortemStatement(p: { from: string; to: string; now: string; policy: readonly SeverityPolicyRow[] }): Statement {
  return {
    name: 'postmortems',
    text: `WITH cohort AS (
  SELECT i.status::text AS status, i.severity = ANY($4::text[]::"Severity"[]) AS required, pm.id AS pm_id, pm.status::text AS pm_status,
         CASE WHEN pm.id IS NOT NULL THEN pm."dueAt"
              WHEN i.severity = ANY($4::text[]::"Severity"[]) AND i.status = 'RESOLVED' THEN ${businessDaysAfterSql('i."resolvedAt"', '$5::int')} END AS due
  FROM "Incident" i
  LEFT JOIN "PostMortem" pm ON pm."incidentId" = i.id
  WHERE ${declaredIn('$1::timestamp', '$2::timestamp')} AND (i.severity = ANY($4::text[]::"Severity"[]) OR pm.id IS NOT NULL)
)
SELECT count(*)::int AS expected,
       count(*) FILTER (WHERE required)::int AS required,
       count(*) FILTER (WHERE pm_status = 'PUBLISHED')::int AS published,
       count(*) FILTER (WHERE pm_status = 'IN_REVIEW')::int AS in_review,
       count(*) FILTER (WHERE pm_status = 'DRAFT')::int AS draft,
       count(*) FILTER (WHERE pm_id IS NULL AND status = 'RESOLVED')::int AS not_started,
       count(*) FILTER (WHERE pm_id IS NULL AND status <> 'RESOLVED')::int AS awaiting_resolution,
       count(*) FILTER (WHERE pm_status IS DISTINCT FROM 'PUBLISHED' AND due >= $3::timestamp)::int AS due,
       count(*) FILTER (WHERE pm_status IS DISTINCT FROM 'PUBLISHED' AND due < $3::timestamp)::int AS overdue
FROM cohort`,
    values: [p.from, p.to, p.now, p.policy.filter((r) => r.postmortemRequired).map((r) => r.severity), POSTMORTEM_DUE_BUSINESS_DAYS],
  }
}

export type ActionItemOwnerRow = { owner_id: string | null; owner_name: string | null; open: number; overdue: number }

/** Action items not done yet, of incidents declared in the period, per owner, in their state now. */
export function actionItemStatement(p: { from: string; to: string; now: string }): Statement {
  return {
    name: 'action_items',
    text: `SELECT a."ownerId"::text AS owner_id, u.name AS owner_name,
       count(*)::int AS open,
       count(*) FILTER (WHERE a."dueAt" < $3::timestamp)::int AS overdue
FROM "ActionItem" a
JOIN "Incident" i ON i.id = a."incidentId"
LEFT JOIN "User" u ON u.id = a."ownerId"
WHERE a.status IN ('OPEN', 'IN_PROGRESS') AND ${declaredIn('$1::timestamp', '$2::timestamp')}
GROUP BY a."ownerId", u.name
ORDER BY overdue DESC, open DESC, owner_name NULLS LAST`,
    values: [p.from, p.to, p.now],
  }
}

export type OpenIncidentRow = {
  id: string
  number: number
  title: string
  severity: string
  status: string
  declaredAt: Date
  acknowledgedAt: Date | null
  resolvedAt: Date | null
  reopenedAt: Date | null
  lastUpdatePostedAt: Date | null
  lastProgressAt: Date
  commander_id: string | null
  commander_name: string | null
  services: string[] | null
  total: number
}

/** The open incidents, oldest first, at most `limit`, each with how many there are in all. */
export function openIncidentsStatement(limit: number): Statement {
  return {
    name: 'open_incidents',
    text: `SELECT i.id::text AS id, i.number, i.title, i.severity::text AS severity, i.status::text AS status,
       i."declaredAt", i."acknowledgedAt", i."resolvedAt", i."reopenedAt", i."lastUpdatePostedAt", i."lastProgressAt",
       u.id::text AS commander_id, u.name AS commander_name,
       (SELECT array_agg(s.name ORDER BY s.name) FROM "IncidentService" x JOIN "Service" s ON s.id = x."serviceId" WHERE x."incidentId" = i.id) AS services,
       (count(*) OVER ())::int AS total
FROM "Incident" i
LEFT JOIN "User" u ON u.id = i."commanderId"
WHERE i.status IN ('INVESTIGATING', 'IDENTIFIED', 'MONITORING')
ORDER BY i."declaredAt", i.id
LIMIT $1::int`,
    values: [limit],
  }
}

/** The statements behind the period's figures, as the bench runs them raw. */
export function dashboardStatements(range: DashboardRange, policy: readonly SeverityPolicyRow[], now: Date): Statement[] {
  const asOf = asOfFor(range, now).toISOString()
  const nowIso = now.toISOString()
  const buckets = bucketsOf(range)
  return [
    summaryStatement({ previousFrom: range.previousFrom, from: range.from, to: range.to, asOf, policy }),
    medianStatement({ from: range.from, to: range.to, asOf, policy }),
    bucketStatement({ from: range.from, to: range.to, asOf, origin: buckets[0].key, bucket: range.bucket, buckets: buckets.length, policy }),
    servicesStatement({ from: range.from, to: range.to }),
    postMortemStatement({ from: range.from, to: range.to, now: nowIso, policy }),
    actionItemStatement({ from: range.from, to: range.to, now: nowIso }),
    noiseStatement({ from: range.from, to: range.to }),
    mttaBasisStatement({ from: range.from, to: range.to }),
  ]
}
