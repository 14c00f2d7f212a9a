import 'server-only'
// Live health of the whole catalog: one AWS refresh per interval, shared by every
// viewer and every app instance (lib/db/shared-cache), batched to AWS's limits.
import type { Actor } from '@/lib/actions/actor'
import { alarmWatches, getServiceMetrics, listAlarms } from '@/lib/aws/cloudwatch'
import { describeServices, listClusterStoppedTasks } from '@/lib/aws/ecs'
import { isAwsError } from '@/lib/aws/errors'
import type { ServiceMetrics, TaskSummary } from '@/lib/aws/types'
import { db } from '@/lib/db/client'
import { createSharedCache } from '@/lib/db/shared-cache'
import { catalogDigestSql, listServices } from '@/lib/services/queries'
import type { ServiceSummary } from '@/lib/services/dto'
import type { FleetHealth, ServiceHealthRow } from '../dto'
import type { FleetReading } from '../snapshot'
import { REFRESH_MS } from '../refresh'
import { assessHealth, findingRank } from '../rules'
import { healthInputOf } from '../health-input'
import { targetGroupsOf } from '../target-groups'
import { hotServiceIds } from './hot'
import { createTierStore } from './tier-store'
import { readFastMetrics, type ResourcePart } from './fleet-resources'
import type { ResourceHealthRow } from '@/lib/resources/dto'
import { listResources, resourceCatalogDigestSql } from '@/lib/resources/queries/catalog'
import { COLD_METRICS_PERIOD_S, HOT_METRICS_PERIOD_S, planReads, TIERED_ABOVE, statusTroubled, stoppedDue, troubled, type TierState } from '../tiers'

export { targetGroupsOf }
import { currentValues } from '../current-values'

/** Every fleet snapshot's shared-cache key starts with this (`latestFleetReading` reads the newest). */
export const FLEET_KEY_PREFIX = 'health:fleet:'

const cache = createSharedCache()

export function messageOf(err: unknown) {
  if (isAwsError(err)) return err.message
  return err instanceof Error ? err.message : String(err)
}

const settle = <T>(p: Promise<T>) =>
  p.then(
    (value) => ({ value, error: null }),
    (error: unknown) => ({ value: null, error: messageOf(error) }),
  )

async function stoppedByService(region: string, cluster: string, shared: boolean) {
  if (!shared) return listClusterStoppedTasks(region, cluster)
  const key = `health:stopped:${region}:${cluster}`
  // Part of the fleet's refresh: never older than the refresh it is part of.
  const { value } = await cache.get(key, REFRESH_MS, async () => listClusterStoppedTasks(region, cluster), { waitForFresh: true })
  return value
}

type Previous = { services: ServiceHealthRow[]; refreshedAt?: string; resources?: ResourceHealthRow[] } | null | undefined
/**
 * sharedStoppedTasks: reuse the cluster's stopped-task scan of this interval (off in tests that move a simulated clock).
 * tiers: read only what is due (lib/health/tiers.ts) and keep the other rows as last read, each with its own observedAt.
 */
type LoadOptions = { previous?: Previous; sharedStoppedTasks?: boolean; tiers?: { state: TierState; hot: Set<string> }; resources?: ResourcePart }
type Loaded = { services: ServiceHealthRow[]; resources: ResourceHealthRow[] }

const windowOf = (now: Date, periodSeconds: number) => ({
  start: new Date(now.getTime() - Math.max(10 * 60, 3 * periodSeconds) * 1000),
  end: now,
  periodSeconds,
})

async function loadRegion(
  region: string,
  all: ServiceSummary[],
  errors: string[],
  now: Date,
  { previous, sharedStoppedTasks = true, tiers, resources }: LoadOptions,
  resourceErrors: string[],
): Promise<Loaded> {
  const prevRows = new Map((previous?.services ?? []).map((p) => [p.serviceId, p]))
  // Alarms first (one cheap call): tiered, a service with an alarm firing is read at the fast rate.
  const alarms = all.length ? await settle(listAlarms(region, { state: 'ALARM' })) : { value: [], error: null }
  const hot = new Set(tiers?.hot)
  const alarmed = (s: ServiceSummary) =>
    (alarms.value ?? []).some((a) =>
      alarmWatches(a, { cluster: s.cluster, service: s.ecsServiceName, targetGroupArns: s.targetGroupArn ? [s.targetGroupArn] : [] }),
    )
  if (tiers) for (const s of all) if (alarmed(s)) hot.add(s.id)
  const plan = tiers ? planReads(all, tiers.state, hot, prevRows, now) : null
  // Tiered: only the services due are read; the others keep their last row (and its observedAt).
  const services = plan ? plan.status : all
  const hotMetrics = plan ? plan.metrics.hot : all
  const coldMetrics = plan ? plan.metrics.cold : []
  const metricTargets = (list: ServiceSummary[], tgOf: (s: ServiceSummary) => string | null = (s) => s.targetGroupArn) =>
    list.map((s) => ({ key: s.id, cluster: s.cluster, service: s.ecsServiceName, targetGroupArn: tgOf(s) }))
  const readMetrics = async (list: ServiceSummary[], periodSeconds: number, tgOf?: (s: ServiceSummary) => string | null) =>
    list.length ? getServiceMetrics(region, metricTargets(list, tgOf), windowOf(now, periodSeconds)) : ({} as Record<string, ServiceMetrics>)
  const refs = services.map((s) => ({ region, cluster: s.cluster, service: s.ecsServiceName }))
  // Resources ride along: those of a hot or troubled service (or alarmed) are read at the fast rate too.
  const resourcePart = resources && {
    ...resources,
    hotServices: new Set([...resources.hotServices, ...all.filter((s) => alarmed(s) || troubled(prevRows.get(s.id))).map((s) => s.id)]),
  }
  const [described, fast, metricsCold] = await Promise.all([
    // Events too: the last steady state bounds the failures that still count.
    refs.length ? settle(describeServices(refs, { eventsLimit: 20 })) : { value: { services: [], missing: [], failures: [] }, error: null },
    // The services' minute metrics and the resources' in one GetMetricData batch.
    readFastMetrics(region, metricTargets(hotMetrics), resourcePart, now, resourceErrors, messageOf),
    settle(readMetrics(coldMetrics, COLD_METRICS_PERIOD_S)),
  ])
  const metricsHot = fast.services
  if (described.error) errors.push(`ECS services in ${region}: ${described.error}`)
  const refused = new Map<string, string>()
  for (const f of described.value?.failures ?? []) {
    errors.push(`ECS services in ${f.items[0]?.cluster ?? region}: ${f.error.message}`)
    for (const item of f.items) refused.set(`${item.cluster}/${item.service}`, f.error.message)
  }
  const metricsError = metricsHot.error ?? metricsCold.error
  if (metricsError) errors.push(`CloudWatch metrics in ${region}: ${metricsError}`)
  if (alarms.error) errors.push(`CloudWatch alarms in ${region}: ${alarms.error}`)
  const statusByRef = new Map((described.value?.services ?? []).map((d) => [`${d.ref.cluster}/${d.ref.service}`, d]))
  const missingByRef = new Map((described.value?.missing ?? []).map((m) => [`${m.cluster}/${m.service}`, m]))
  const statusOf = (s: ServiceSummary) => statusByRef.get(`${s.cluster}/${s.ecsServiceName}`)

  // Stopped tasks, per cluster: tiered, only where a service is hot or ECS shows it in trouble (else every ~2 minutes).
  const clusters = [...new Set(services.map((s) => s.cluster))]
  const urgent = new Set(
    services.filter((s) => hot.has(s.id) || troubled(prevRows.get(s.id)) || (statusOf(s) && statusTroubled(statusOf(s)!))).map((s) => s.cluster),
  )
  const scanned = tiers ? clusters.filter((c) => stoppedDue(c, tiers.state, urgent.has(c), now)) : clusters
  const stopped = await Promise.all(scanned.map((c) => settle(stoppedByService(region, c, sharedStoppedTasks))))
  scanned.forEach((c, i) => tiers?.state.stopped.set(c, { at: now.getTime(), byService: stopped[i].value ?? {}, error: stopped[i].error }))
  const stoppedTasks = new Map<string, TaskSummary[]>()
  const stoppedErrors = new Map<string, string>()
  const stoppedAt = new Map<string, number>()
  const scans = tiers
    ? [...tiers.state.stopped].filter(([c]) => clusters.includes(c))
    : scanned.map((c, i) => [c, { ...stopped[i], byService: stopped[i].value ?? {}, at: now.getTime() }] as const)
  for (const [cluster, r] of scans) {
    if (r.error) stoppedErrors.set(cluster, r.error)
    stoppedAt.set(cluster, r.at)
    for (const [service, tasks] of Object.entries(r.byService)) stoppedTasks.set(`${cluster}/${service}`, tasks)
  }
  stopped.forEach((r, i) => r.error && errors.push(`stopped tasks in ${scanned[i]}: ${r.error}`))

  // Services whose real target group (from ECS) is not the catalog's: read their metrics again with it.
  const movedOf = (list: ServiceSummary[]) => list.filter((s) => targetGroupsOf(statusOf(s), s.targetGroupArn).arn !== s.targetGroupArn)
  const realTg = (s: ServiceSummary) => targetGroupsOf(statusOf(s), s.targetGroupArn).arn
  const [againHot, againCold] = await Promise.all([
    settle(readMetrics(movedOf(hotMetrics), HOT_METRICS_PERIOD_S, realTg)),
    settle(readMetrics(movedOf(coldMetrics), COLD_METRICS_PERIOD_S, realTg)),
  ])
  const metricsOf = new Map<string, { value: ServiceMetrics | undefined; error: string | null }>()
  const take = (list: ServiceSummary[], r: { value: Record<string, ServiceMetrics> | null; error: string | null }, hot: boolean) => {
    for (const s of list) {
      const got = { value: r.value?.[s.id], error: r.error ?? r.value?.[s.id]?.error?.message ?? null }
      metricsOf.set(s.id, got)
      // The attempt's time: a failed slow read is tried again COLD_RETRY_MS after it (lib/health/tiers.ts).
      tiers?.state.metrics.set(s.id, { at: now.getTime(), hot, ...got })
    }
  }
  take(hotMetrics, metricsHot, true)
  take(coldMetrics, metricsCold, false)
  take(movedOf(hotMetrics), againHot, true)
  take(movedOf(coldMetrics), againCold, false)
  // Not due: the last read, judged by its datapoints' age like any other (old ones are "no data since …").
  for (const s of services) if (!metricsOf.has(s.id) && tiers?.state.metrics.has(s.id)) metricsOf.set(s.id, tiers.state.metrics.get(s.id)!)
  for (const s of services) tiers?.state.status.set(s.id, now.getTime())

  const fresh = new Map(services.map((s) => [s.id, rowOf(s)]))
  return { services: all.map((s) => fresh.get(s.id) ?? prevRows.get(s.id)!), resources: fast.resources }

  function rowOf(s: ServiceSummary): ServiceHealthRow {
    const status = statusOf(s)
    const tg = targetGroupsOf(status, s.targetGroupArn)
    const { value: m, error: metricsError } = metricsOf.get(s.id) ?? { value: undefined, error: null }
    if (metricsError && !metricsHot.error && !metricsCold.error && !errors.includes(`CloudWatch metrics: ${metricsError}`))
      errors.push(`CloudWatch metrics: ${metricsError}`)
    const refusal = described.error ?? refused.get(`${s.cluster}/${s.ecsServiceName}`)
    const missing = missingByRef.get(`${s.cluster}/${s.ecsServiceName}`)
    const unknownReason = refusal
      ? `cannot read ECS: ${refusal}`
      : missing?.reason === 'cluster_not_found'
        ? `ECS has no cluster ${s.cluster} in ${region}`
        : `ECS has no service ${s.ecsServiceName} in ${s.cluster}`
    const input = status
      ? healthInputOf(
          status,
          stoppedTasks.get(`${s.cluster}/${s.ecsServiceName}`) ?? [],
          m,
          (alarms.value ?? []).filter((a) => alarmWatches(a, { cluster: s.cluster, service: s.ecsServiceName, targetGroupArns: tg.all })),
          tg.arn,
          { metricsError, alarmsError: alarms.error, stoppedError: stoppedErrors.get(s.cluster) ?? null },
        )
      : null
    const verdict = input ? assessHealth(input, now) : assessHealth(null, now, unknownReason)
    if (tg.warning) {
      // The catalog names a target group the service is not in: visible, never silently used.
      verdict.findings = [...verdict.findings, { level: 'warning' as const, signal: 'catalog', text: tg.warning }].sort(
        (a, b) => findingRank(a.level) - findingRank(b.level),
      )
      if (verdict.status !== 'critical') verdict.status = 'degraded'
      verdict.reason = verdict.findings
        .slice(0, 3)
        .map((f) => f.text)
        .join('; ')
    }
    const values = currentValues(
      metricsError ? undefined : m,
      Boolean(tg.arn) && Boolean(m?.hasLoadBalancer),
      now,
      status?.runningCount ?? null,
      status?.desiredCount ?? null,
    )
    const prev = prevRows.get(s.id)
    const lastKnown =
      verdict.status !== 'unknown'
        ? null
        : prev && (prev.status === 'critical' || prev.status === 'degraded')
          ? { status: prev.status, reason: prev.reason, at: prev.observedAt ?? previous?.refreshedAt ?? now.toISOString() }
          : (prev?.lastKnown ?? null)
    return {
      serviceId: s.id,
      name: s.name,
      environment: s.environment,
      region: s.region,
      cluster: s.cluster,
      ecsServiceName: s.ecsServiceName,
      team: s.team,
      status: verdict.status,
      reason: verdict.reason,
      findings: verdict.findings,
      // As old as its oldest part: the cluster's stopped-task scan may be from an earlier refresh.
      observedAt: new Date(Math.min(now.getTime(), stoppedAt.get(s.cluster) ?? now.getTime())).toISOString(),
      seen: Boolean(status),
      serviceStatus: status?.status ?? null,
      lastKnown,
      desired: status?.desiredCount ?? null,
      running: status?.runningCount ?? null,
      pending: status?.pendingCount ?? null,
      hasLoadBalancer: Boolean(tg.arn),
      ...values,
      rolloutState: status?.primaryDeployment?.rolloutState ?? null,
    }
  }
}

/** The health of these services (and `opts.resources`' resources) as of `now` (the metrics window ends there); `previous` is the last snapshot. */
export async function loadFleetHealth(services: ServiceSummary[], now: Date = new Date(), opts: LoadOptions = {}) {
  const errors: string[] = []
  const resourceErrors: string[] = []
  const regions = [...new Set([...services.map((s) => s.region), ...(opts.resources?.list.map((r) => r.region) ?? [])])]
  const loaded = await Promise.all(
    regions.map((r) =>
      loadRegion(
        r,
        services.filter((s) => s.region === r),
        errors,
        now,
        opts,
        resourceErrors,
      ),
    ),
  )
  const rows = loaded.flatMap((l) => l.services)
  const unseen = rows.filter((r) => !r.seen).length
  const order = new Map(opts.resources?.list.map((r, i) => [r.id, i]))
  const resources = loaded.flatMap((l) => l.resources).sort((a, b) => order.get(a.resourceId)! - order.get(b.resourceId)!)
  return { services: rows, errors, blind: rows.length > 0 && unseen === rows.length && errors.length > 0, resources, resourceErrors }
}
type HealthValue = Awaited<ReturnType<typeof loadFleetHealth>>

/** The snapshot's key: the service catalog's digest (`fleet`, which names the tier schedule too), then the resources'. One query: every board request asks. */
async function healthKeys(_actor: Actor) {
  const [row] = await db.$queryRaw<{ services: string | null; resources: string | null }[]>`
    SELECT ${catalogDigestSql} AS "services", ${resourceCatalogDigestSql} AS "resources"`
  const [services, resources] = [row?.services ?? 'empty', row?.resources ?? 'empty']
  const fleet = `${FLEET_KEY_PREFIX}${services.slice(0, 16)}:${REFRESH_MS}`
  return { fleet, key: `${fleet}:${resources.slice(0, 16)}` }
}

const tierStore = createTierStore()

/** This service as the board last read it (no AWS call): what a service page not opened before can say while ECS cannot be read. */
export async function lastBoardReading(actor: Actor, serviceId: string) {
  const last = await cache.peek<HealthValue>((await healthKeys(actor)).key).catch(() => null)
  const row = last?.value.services.find((r) => r.serviceId === serviceId)
  if (!last || !row) return null
  return { status: row.status, reason: row.reason, observedAt: row.observedAt, lastKnown: row.lastKnown }
}

/**
 * Services and resources as of the last refresh: one lease, one AWS refresh per interval for both.
 * `clock` says what time it is for the metrics window: the wall clock, or a simulator's in tests.
 * `waitForFresh`: a read that acts on the answer (the declare form's draft) waits for a result
 * within the interval instead of taking this process's last one while a refresh runs.
 */
export async function getHealthReading(actor: Actor, { clock = () => new Date(), waitForFresh = false }: { clock?: () => Date; waitForFresh?: boolean } = {}) {
  // The catalogs' digests find the snapshot; the catalogs themselves are listed only to refresh it.
  const { fleet, key } = await healthKeys(actor)
  const cached = await cache.get(
    key,
    REFRESH_MS,
    async (): Promise<HealthValue> => {
      // The last snapshot, so a service that was critical stays visible while AWS cannot be read; after a change of
      // the resource catalog, the last one of this service catalog (its rows and tier schedule still hold).
      const last = (await cache.peek<HealthValue>(key).catch(() => null)) ?? (await cache.latest<HealthValue>(`${fleet}:`).catch(() => null))
      const previous = last ? { ...last.value, refreshedAt: last.refreshedAt.toISOString() } : null
      const [services, resources] = await Promise.all([listServices(actor), listResources(actor)])
      const now = clock()
      const tiered = services.length > TIERED_ABOVE
      const hot = tiered || resources.length ? await hotServiceIds(now) : new Set<string>()
      // A large catalog is read in tiers, on a schedule stored beside the snapshot: an instance taking over continues it.
      const tiers = tiered ? { state: await tierStore.stateFor(fleet, Boolean(previous)), hot } : undefined
      const resourcePart = { list: resources, previous: new Map((previous?.resources ?? []).map((r) => [r.resourceId, r])), hotServices: hot }
      const health = await loadFleetHealth(services, now, { previous, tiers, resources: resourcePart })
      // Not saved: the next instance to take over reads more at once, nothing worse.
      if (tiers) await tierStore.save(fleet, tiers.state).catch(() => undefined)
      return health
    },
    { waitForFresh },
  )
  return { ...cached.value, refreshedAt: cached.refreshedAt.toISOString(), stale: cached.stale, intervalMs: REFRESH_MS }
}

/** The board's services as of the last refresh (getHealthReading). */
export async function getFleetHealth(actor: Actor, opts: { clock?: () => Date; waitForFresh?: boolean } = {}): Promise<FleetHealth> {
  const { services, errors, blind, refreshedAt, stale, intervalMs } = await getHealthReading(actor, opts)
  return { services, errors, blind, refreshedAt, stale, intervalMs }
}

/** The newest fleet reading any instance stored (for a health snapshot, lib/health/snapshot.ts), however old; null when there is none. */
export async function latestFleetReading(): Promise<FleetReading> {
  return cache.latest<Pick<FleetHealth, 'services'>>(FLEET_KEY_PREFIX)
}
