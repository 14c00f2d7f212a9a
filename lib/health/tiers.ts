// Refresh tiers: how often the board reads each service, so a large catalog stays within
// AWS's budgets (ECS service reads share 20 requests/s per account and region; GetMetricData
// costs per metric asked). Small catalogs read everything every interval.
import type { EcsServiceStatus, ServiceMetrics, TaskSummary } from '@/lib/aws/types'
import type { ServiceHealthRow } from './dto'

/** Up to this many services, everything is read every interval (well within both budgets). */
export const TIERED_ABOVE = 200
/** Services nobody is looking at and nothing is wrong with: ECS status this often. */
export const COLD_STATUS_MS = 2 * 60_000
/** Hot services' metrics: once per metric period. */
export const HOT_METRICS_MS = 60_000
export const HOT_METRICS_PERIOD_S = 60
/**
 * The rest: one 30-minute average every 45 minutes, each service at its own point (metric reads need no batching by cluster, and so stay smooth). A datapoint counts as current until two
 * periods after its period ends (lib/health/rules.ts), so these stay current between reads
 * without pretending to be a minute-by-minute reading; 2,000 services × ~8 metrics cost
 * ~$145 a month this way.
 */
export const COLD_METRICS_MS = 45 * 60_000
export const COLD_METRICS_PERIOD_S = 1800
/**
 * A slow read that failed (AWS refused or did not answer) is tried again this long after the
 * attempt, not at the next refresh: retrying a timed-out batch every interval asked AWS for the
 * same hundreds of metrics again and again (each attempt is billed), and the row says meanwhile
 * that it is blind to metrics.
 */
export const COLD_RETRY_MS = COLD_STATUS_MS

/** What the last reads returned, per service and cluster, with when they were made. Kept by the instance that refreshes. */
export type TierState = {
  status: Map<string, number>
  metrics: Map<string, { at: number; hot: boolean; value: ServiceMetrics | undefined; error: string | null }>
  stopped: Map<string, { at: number; byService: Record<string, TaskSummary[]>; error: string | null }>
}

export const newTierState = (): TierState => ({ status: new Map(), metrics: new Map(), stopped: new Map() })

/** Each id's fixed phase in [0, 1): spreads the slow tier's reads evenly over its interval. */
function phase(id: string) {
  let h = 0x811c9dc5
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193) >>> 0
  h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d) >>> 0
  return (h % 1000) / 1000
}

/** Due once per interval, at the id's own point in it: each refresh reads an even slice, from the first on. */
function dueAt(at: number | undefined, id: string, intervalMs: number, now: number) {
  if (at === undefined) return true
  const slot = (t: number) => Math.floor(t / intervalMs + phase(id))
  return slot(now) > slot(at)
}

/** A row that shows trouble: its service is read at the fast rate until it recovers. */
export function troubled(row: Pick<ServiceHealthRow, 'status' | 'rolloutState' | 'running' | 'desired' | 'pending'> | undefined) {
  if (!row) return false
  return (
    row.status === 'critical' ||
    row.status === 'degraded' ||
    row.rolloutState === 'IN_PROGRESS' ||
    row.rolloutState === 'FAILED' ||
    (row.pending ?? 0) > 0 ||
    row.running !== row.desired
  )
}

/** ECS shows failing tasks or a deployment in trouble: the cluster's stopped tasks are worth reading now. */
export function statusTroubled(s: EcsServiceStatus) {
  const d = s.primaryDeployment
  return (
    s.runningCount < s.desiredCount ||
    s.pendingCount > 0 ||
    s.circuitBreakerTripped ||
    (d != null && d.rolloutState !== 'COMPLETED') ||
    s.deployments.length > 1
  )
}

type Plan<T> = { status: T[]; metrics: { hot: T[]; cold: T[] } }

/**
 * Which of these services to read now. Hot ones (open incident, firing alert, page open, or a
 * last row in trouble) get ECS every interval and metrics every minute; the rest ECS every
 * 2 minutes and metrics every 45 (each at its own point of the interval). A service whose metrics are read has its status read too,
 * so every row is computed from one moment.
 */
export function planReads<T extends { id: string; cluster?: string }>(
  services: T[],
  state: TierState,
  hot: Set<string>,
  previous: Map<string, ServiceHealthRow>,
  now: Date,
): Plan<T> {
  const t = now.getTime()
  const plan: Plan<T> = { status: [], metrics: { hot: [], cold: [] } }
  // ECS describes 10 services of one cluster per call: services fall due in tens of a cluster, so calls stay full.
  const slotOf = new Map<string, string>()
  const byCluster = new Map<string, T[]>()
  for (const s of services) {
    const list = byCluster.get(s.cluster ?? '') ?? []
    byCluster.set(s.cluster ?? '', list)
    list.push(s)
  }
  for (const [cluster, list] of byCluster) list.sort((a, b) => a.id.localeCompare(b.id)).forEach((s, i) => slotOf.set(s.id, `${cluster}#${Math.floor(i / 10)}`))
  const due = (at: number | undefined, id: string, intervalMs: number, now: number) => dueAt(at, slotOf.get(id) ?? id, intervalMs, now)
  for (const s of services) {
    const isHot = hot.has(s.id) || troubled(previous.get(s.id))
    const m = state.metrics.get(s.id)
    // A service turning hot gets minute metrics at once.
    const metricsDue = isHot
      ? !m || !m.hot || t - m.at >= HOT_METRICS_MS - 1000
      : m?.error
        ? t - m.at >= COLD_RETRY_MS - 1000
        : dueAt(m?.at, s.id, COLD_METRICS_MS, t)
    const statusDue = isHot || metricsDue || !previous.has(s.id) || due(state.status.get(s.id), s.id, COLD_STATUS_MS, t)
    if (statusDue) plan.status.push(s)
    if (metricsDue) plan.metrics[isHot ? 'hot' : 'cold'].push(s)
  }
  return plan
}

/** The cluster's stopped tasks are read now when one of its services is hot or in trouble, else every ~2 minutes. */
export function stoppedDue(cluster: string, state: TierState, urgent: boolean, now: Date) {
  return urgent || dueAt(state.stopped.get(cluster)?.at, cluster, COLD_STATUS_MS, now.getTime())
}
