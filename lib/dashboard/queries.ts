import 'server-only'
import type { Actor } from '@/lib/actions/actor'
import { db } from '@/lib/db/client'
import { incidentClocks } from '@/lib/incidents/clocks'
import type { SeverityPolicyRow, UserRef } from '@/lib/incidents/dto'
import { policyFor, severities, type Severity } from '@/lib/incidents/policy'
import { getSeverityPolicy } from '@/lib/incidents/queries'
import type { IncidentStatus } from '@/lib/incidents/transitions'
import { ageBands, type BucketStats, type DashboardData, type NowSection, type OpenIncident } from './dto'
import { emptyStats, type SeverityStats } from './metrics'
import { asOfFor, bucketsOf, type DashboardRange } from './range'
import {
  dashboardStatements,
  openIncidentsStatement,
  type ActionItemOwnerRow,
  type OpenIncidentRow,
  type BucketRow,
  type MedianRow,
  type MttaBasisRow,
  type NoiseRow,
  type PostMortemRow,
  type ServiceRow,
  type Statement,
  type SummaryRow,
} from './sql'

// Every signed-in user, viewers included, sees the dashboard: it shows counts and
// the open incidents, which they can all read anyway.

/** Open incidents are read whole up to this many (their clocks are computed here); the counts stay exact beyond. */
const OPEN_READ_MAX = 500
/** The open incidents listed on the page. */
export const OPEN_LIST_MAX = 50

const run = <T>(s: Statement) => db.$queryRawUnsafe<T[]>(s.text, ...s.values)

const bySeverity = <T>(make: (s: Severity) => T) => Object.fromEntries(severities.map((s) => [s, make(s)])) as Record<Severity, T>

/** A severity's figures; medians and p90s are computed for the period itself only (null for the previous one). */
function toStats(row: SummaryRow, median?: MedianRow): SeverityStats {
  return {
    severity: row.severity as Severity,
    incidents: row.incidents,
    acknowledged: row.acknowledged,
    mttaMean: row.mtta_mean,
    mttaMedian: median?.mtta_median ?? null,
    mttaP90: median?.mtta_p90 ?? null,
    resolved: row.resolved,
    mttrMean: row.mttr_mean,
    mttrMedian: median?.mttr_median ?? null,
    mttrP90: median?.mttr_p90 ?? null,
    openAtEnd: row.open_at_end,
    reopened: row.reopened,
    ackMet: row.ack_met,
    ackMissed: row.ack_missed,
    resolveMet: row.resolve_met,
    resolveMissed: row.resolve_missed,
    resolveTargeted: row.resolve_targeted,
  }
}

const slaRank = { overdue: 0, due_soon: 1, ok: 2 } as const

function toOpenIncident(row: OpenIncidentRow, policy: readonly SeverityPolicyRow[], now: Date): OpenIncident {
  const severity = row.severity as Severity
  const clocks = incidentClocks({ ...row, severity, status: row.status as IncidentStatus }, policyFor(policy, severity), now)
  const overdueClocks = (
    [
      ['Acknowledgement', clocks.acknowledge],
      ['Status update', clocks.update],
      ['Resolution', clocks.resolution],
    ] as const
  )
    .filter(([, c]) => c.state === 'overdue')
    .map(([label]) => label)
  return {
    id: row.id,
    ref: `INC-${row.number}`,
    title: row.title,
    severity,
    status: row.status as IncidentStatus,
    declaredAt: row.declaredAt.toISOString(),
    ageMinutes: clocks.ageMinutes,
    commander: row.commander_id ? { id: row.commander_id, name: row.commander_name ?? 'unknown' } : null,
    services: row.services ?? [],
    sla: clocks.sla,
    overdueClocks,
    escalate: clocks.escalation.escalate,
  }
}

/** Open incidents now: by severity and age, by commander, and which clocks are overdue. */
export async function getNow(policy: readonly SeverityPolicyRow[], now: Date): Promise<NowSection> {
  const rows = await run<OpenIncidentRow>(openIncidentsStatement(OPEN_READ_MAX))
  const total = rows[0]?.total ?? 0
  const open = rows.map((r) => toOpenIncident(r, policy, now))
  const commanders = new Map<string, { commander: UserRef | null; count: number }>()
  for (const i of open) {
    const key = i.commander?.id ?? ''
    const c = commanders.get(key) ?? { commander: i.commander, count: 0 }
    c.count++
    commanders.set(key, c)
  }
  return {
    incidents: [...open].sort((a, b) => slaRank[a.sla.state] - slaRank[b.sla.state] || b.ageMinutes - a.ageMinutes).slice(0, OPEN_LIST_MAX),
    total,
    bySeverity: severities.map((severity) => {
      const mine = open.filter((i) => i.severity === severity)
      return {
        severity,
        count: mine.length,
        byAge: ageBands.map((band, k) => mine.filter((i) => i.ageMinutes < band.maxMinutes && (k === 0 || i.ageMinutes >= ageBands[k - 1].maxMinutes)).length),
      }
    }),
    byCommander: [...commanders.values()].sort((a, b) => b.count - a.count || (a.commander?.name ?? '~').localeCompare(b.commander?.name ?? '~')),
    overdue: open.filter((i) => i.overdueClocks.length > 0).length,
  }
}

/** Everything the dashboard shows for `range`, computed in Postgres. */
export async function getDashboard(_actor: Actor, range: DashboardRange, now: Date = new Date()): Promise<DashboardData> {
  const started = performance.now()
  const policy = await getSeverityPolicy()
  const [summary, medians, buckets, services, postMortems, actionItems, noise, mttaBasis] = dashboardStatements(range, policy, now)
  const [summaryRows, medianRows, bucketRows, serviceRows, [pm], ownerRows, noiseRows, [basis], nowSection] = await Promise.all([
    run<SummaryRow>(summary),
    run<MedianRow>(medians),
    run<BucketRow>(buckets),
    run<ServiceRow>(services),
    run<PostMortemRow>(postMortems),
    run<ActionItemOwnerRow>(actionItems),
    run<NoiseRow>(noise),
    run<MttaBasisRow>(mttaBasis),
    getNow(policy, now),
  ])

  const statsFor = (current: boolean) =>
    severities.map((s) => {
      const row = summaryRows.find((r) => r.severity === s && r.current === current)
      const median = current ? medianRows.find((r) => r.severity === s) : undefined
      return row ? toStats(row, median) : emptyStats(s)
    })

  const bucketStats: BucketStats[] = bucketsOf(range).map((b, k) => {
    const rows = bucketRows.filter((r) => r.bucket === k)
    const of = (s: Severity) => rows.find((r) => r.severity === s)
    return {
      ...b,
      counts: bySeverity((s) => of(s)?.incidents ?? 0),
      mtta: bySeverity((s) => of(s)?.mtta_mean ?? null),
      mttr: bySeverity((s) => of(s)?.mttr_mean ?? null),
    }
  })

  return {
    range,
    asOf: asOfFor(range, now).toISOString(),
    generatedAt: now.toISOString(),
    now: nowSection,
    severities: statsFor(true),
    previous: statsFor(false),
    buckets: bucketStats,
    services: serviceRows.map((r) => ({
      id: r.id,
      name: r.name,
      environment: r.environment,
      cluster: r.cluster,
      total: r.total,
      bySeverity: { SEV1: r.sev1, SEV2: r.sev2, SEV3: r.sev3, SEV4: r.sev4 },
    })),
    noise: noiseRows.map((r) => ({ id: r.id, name: r.name, environment: r.environment, alerts: r.alerts, firings: r.firings, incidents: r.incidents })),
    mttaBasis: { incidents: basis?.incidents ?? 0, fromAlert: basis?.from_alert ?? 0 },
    postMortems: {
      expected: pm?.expected ?? 0,
      required: pm?.required ?? 0,
      published: pm?.published ?? 0,
      inReview: pm?.in_review ?? 0,
      draft: pm?.draft ?? 0,
      notStarted: pm?.not_started ?? 0,
      awaitingResolution: pm?.awaiting_resolution ?? 0,
      due: pm?.due ?? 0,
      overdue: pm?.overdue ?? 0,
    },
    actionItems: {
      open: ownerRows.reduce((a, r) => a + r.open, 0),
      overdue: ownerRows.reduce((a, r) => a + r.overdue, 0),
      owners: ownerRows.map((r) => ({ owner: r.owner_id ? { id: r.owner_id, name: r.owner_name ?? 'unknown' } : null, open: r.open, overdue: r.overdue })),
    },
    serverMs: Math.round((performance.now() - started) * 10) / 10,
  }
}
