import 'server-only'
// Live health of the whole catalog: one AWS refresh per interval, shared by every
// viewer and every app instance (lib/db/shared-cache), batched to AWS's limits.
import { createHash } from 'node:crypto'
import type { Actor } from '@/lib/actions/actor'
import { alarmWatches, getServiceMetrics, listAlarms } from '@/lib/aws/cloudwatch'
import { describeServices, listClusterStoppedTasks } from '@/lib/aws/ecs'
import { isAwsError } from '@/lib/aws/errors'
import type { AlarmSummary, EcsServiceStatus, ServiceMetrics, TaskSummary } from '@/lib/aws/types'
import { createSharedCache } from '@/lib/db/shared-cache'
import { listServices } from '@/lib/services/queries'
import type { ServiceSummary } from '@/lib/services/dto'
import type { FleetHealth, ServiceHealthRow } from '../dto'
import type { FleetReading } from '../snapshot'
import { REFRESH_MS } from '../query-keys'
import { assessHealth, findingRank, isFresh, type HealthInput } from '../rules'
import { targetGroupsOf } from '../target-groups'

export { targetGroupsOf }

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

const STEADY = /has reached a steady state/

export type Visibility = { metricsError?: string | null; alarmsError?: string | null; stoppedError?: string | null; targetGroupWarning?: string | null }

export function healthInputOf(
  status: EcsServiceStatus,
  stopped: TaskSummary[],
  metrics: ServiceMetrics | undefined,
  alarms: AlarmSummary[],
  targetGroupArn: string | null,
  visibility: Visibility = {},
): HealthInput {
  const primary = status.primaryDeployment
  const latest = metrics?.latest
  const at = (t: number | null | undefined) => (t == null || !Number.isFinite(t) ? null : new Date(t).toISOString())
  const alb = Boolean(targetGroupArn)
  const blind: string[] = []
  if (visibility.metricsError) blind.push(`blind to metrics: ${visibility.metricsError}`)
  else if (alb && metrics && !metrics.hasLoadBalancer)
    blind.push(`blind to load balancer metrics: target group ${targetGroupArn} is unknown to ELB or attached to no load balancer`)
  if (visibility.alarmsError) blind.push(`blind to alarms: ${visibility.alarmsError}`)
  if (visibility.stoppedError) blind.push(`blind to stopped tasks: ${visibility.stoppedError}`)
  if (!metrics && !visibility.metricsError) blind.push('blind to metrics: none were read')
  const steady = status.events.find((e) => STEADY.test(e.message))
  const input: HealthInput = {
    serviceStatus: status.status,
    desiredCount: status.desiredCount,
    runningCount: status.runningCount,
    pendingCount: status.pendingCount,
    deployment: primary
      ? {
          rolloutState: primary.rolloutState,
          startedAt: primary.createdAt,
          circuitBreakerTripped: status.circuitBreakerTripped,
          taskDefinitionArn: primary.taskDefinitionArn,
        }
      : null,
    steadySince: steady?.at ?? null,
    singleDeployment: status.deployments.length <= 1,
    stoppedTasks: stopped.map((t) => ({
      stoppedAt: t.stoppedAt ?? t.stoppingAt ?? t.createdAt ?? new Date(0).toISOString(),
      exitCode: t.exitCode,
      oom: t.oom,
      failed: t.failed,
      taskDefinitionArn: t.taskDefinitionArn,
    })),
    cpuPercent: latest?.cpuPercent ?? null,
    memoryPercent: latest?.memoryPercent ?? null,
    // Scaled to zero: the load balancer's own 503s (counted per load balancer) are not this service's.
    errorRatePercent: alb && !(status.desiredCount === 0 && (latest?.elb5xx ?? 0) > 0) ? (latest?.errorRatePercent ?? null) : null,
    latencyMs: alb ? (latest?.latencyMs ?? null) : null,
    unhealthyTargets: alb ? (latest?.unhealthyTargets ?? null) : null,
    loadBalancer5xx: alb ? (latest?.elb5xx ?? null) : null,
    metricAges:
      metrics && !visibility.metricsError
        ? {
            periodSeconds: metrics.periodSeconds,
            cpu: at(metrics.latestAt.cpuPercent),
            memory: at(metrics.latestAt.memoryPercent),
            ...(alb && metrics.hasLoadBalancer
              ? {
                  loadBalancer: at(
                    Math.max(
                      metrics.latestAt.healthyTargets ?? -Infinity,
                      metrics.latestAt.unhealthyTargets ?? -Infinity,
                      metrics.latestAt.requests ?? -Infinity,
                    ),
                  ),
                  errors: at(metrics.latestAt.errorRatePercent),
                  latency: at(metrics.latestAt.latencyMs),
                }
              : {}),
          }
        : null,
    blind,
    alarmsInAlarm: alarms.map((a) => a.name),
  }
  return input
}

/** The values a view may show as current: those measured within two periods, else null ("no data"). */
export function currentValues(metrics: ServiceMetrics | undefined, alb: boolean, now: Date, running: number | null, desired: number | null = null) {
  const m = metrics
  // With no task running there is no CPU or memory to measure: the last reading is history.
  const fresh = (k: keyof ServiceMetrics['latestAt']) =>
    Boolean(m && isFresh(m.latestAt[k], m.periodSeconds, now)) && ((k !== 'cpuPercent' && k !== 'memoryPercent') || running !== 0)
  const lbAt = m ? Math.max(m.latestAt.healthyTargets ?? -Infinity, m.latestAt.unhealthyTargets ?? -Infinity, m.latestAt.requests ?? -Infinity) : -Infinity
  const lbFresh = Boolean(m && alb && Number.isFinite(lbAt) && isFresh(lbAt, m.periodSeconds, now))
  const iso = (t: number | null | undefined) => (t == null || !Number.isFinite(t) ? null : new Date(t).toISOString())
  return {
    cpuPercent: fresh('cpuPercent') ? m!.latest.cpuPercent : null,
    memoryPercent: fresh('memoryPercent') ? m!.latest.memoryPercent : null,
    // A scaled-to-zero service is not the one the load balancer's own 503s are for.
    errorRatePercent: lbFresh && fresh('errorRatePercent') && !(desired === 0 && (m!.latest.elb5xx ?? 0) > 0) ? m!.latest.errorRatePercent : null,
    // No task running: no request reached a target since, so the last response time is history.
    latencyMs: lbFresh && fresh('latencyMs') && running !== 0 ? m!.latest.latencyMs : null,
    metricsAt: m
      ? {
          cpu: iso(m.latestAt.cpuPercent),
          memory: iso(m.latestAt.memoryPercent),
          loadBalancer: alb ? iso(lbAt) : null,
          errors: alb ? iso(m.latestAt.errorRatePercent) : null,
          latency: alb ? iso(m.latestAt.latencyMs) : null,
        }
      : null,
  }
}

async function stoppedByService(region: string, cluster: string, shared: boolean) {
  if (!shared) return listClusterStoppedTasks(region, cluster)
  const key = `health:stopped:${region}:${cluster}`
  // Part of the fleet's refresh: never older than the refresh it is part of.
  const { value } = await cache.get(key, REFRESH_MS, async () => listClusterStoppedTasks(region, cluster), { waitForFresh: true })
  return value
}

type Previous = { services: ServiceHealthRow[]; refreshedAt?: string } | null | undefined
/** sharedStoppedTasks: reuse the cluster's stopped-task scan of this interval (off in tests that move a simulated clock). */
type LoadOptions = { previous?: Previous; sharedStoppedTasks?: boolean }

async function loadRegion(
  region: string,
  services: ServiceSummary[],
  errors: string[],
  now: Date,
  { previous, sharedStoppedTasks = true }: LoadOptions,
): Promise<ServiceHealthRow[]> {
  const refs = services.map((s) => ({ region, cluster: s.cluster, service: s.ecsServiceName }))
  const clusters = [...new Set(services.map((s) => s.cluster))]
  const window = { start: new Date(now.getTime() - 10 * 60_000), end: now, periodSeconds: 60 }
  const [described, metrics, alarms, ...stopped] = await Promise.all([
    // Events too: the last steady state bounds the failures that still count.
    settle(describeServices(refs, { eventsLimit: 20 })),
    settle(
      getServiceMetrics(
        region,
        services.map((s) => ({ key: s.id, cluster: s.cluster, service: s.ecsServiceName, targetGroupArn: s.targetGroupArn })),
        window,
      ),
    ),
    settle(listAlarms(region, { state: 'ALARM' })),
    ...clusters.map((c) => settle(stoppedByService(region, c, sharedStoppedTasks))),
  ])
  if (described.error) errors.push(`ECS services in ${region}: ${described.error}`)
  const refused = new Map<string, string>()
  for (const f of described.value?.failures ?? []) {
    errors.push(`ECS services in ${f.items[0]?.cluster ?? region}: ${f.error.message}`)
    for (const item of f.items) refused.set(`${item.cluster}/${item.service}`, f.error.message)
  }
  if (metrics.error) errors.push(`CloudWatch metrics in ${region}: ${metrics.error}`)
  if (alarms.error) errors.push(`CloudWatch alarms in ${region}: ${alarms.error}`)
  const stoppedTasks = new Map<string, TaskSummary[]>()
  const stoppedErrors = new Map<string, string>()
  stopped.forEach((r, i) => {
    if (r.error) {
      errors.push(`stopped tasks in ${clusters[i]}: ${r.error}`)
      stoppedErrors.set(clusters[i], r.error)
    }
    for (const [service, tasks] of Object.entries(r.value ?? {})) stoppedTasks.set(`${clusters[i]}/${service}`, tasks)
  })
  const statusOf = (s: ServiceSummary) => described.value?.services.find((d) => d.ref.cluster === s.cluster && d.ref.service === s.ecsServiceName)

  // Services whose real target group (from ECS) is not the catalog's: read their metrics again with it.
  const moved = services.filter((s) => {
    const tg = targetGroupsOf(statusOf(s), s.targetGroupArn).arn
    return tg !== s.targetGroupArn
  })
  const metricsOf = new Map<string, { value: ServiceMetrics | undefined; error: string | null }>()
  for (const s of services) metricsOf.set(s.id, { value: metrics.value?.[s.id], error: metrics.error ?? metrics.value?.[s.id]?.error?.message ?? null })
  if (moved.length) {
    const again = await settle(
      getServiceMetrics(
        region,
        moved.map((s) => ({ key: s.id, cluster: s.cluster, service: s.ecsServiceName, targetGroupArn: targetGroupsOf(statusOf(s), s.targetGroupArn).arn })),
        window,
      ),
    )
    for (const s of moved) metricsOf.set(s.id, { value: again.value?.[s.id], error: again.error ?? again.value?.[s.id]?.error?.message ?? null })
  }

  return services.map((s): ServiceHealthRow => {
    const status = statusOf(s)
    const tg = targetGroupsOf(status, s.targetGroupArn)
    const { value: m, error: metricsError } = metricsOf.get(s.id)!
    if (metricsError && !metrics.error && !errors.includes(`CloudWatch metrics: ${metricsError}`)) errors.push(`CloudWatch metrics: ${metricsError}`)
    const refusal = described.error ?? refused.get(`${s.cluster}/${s.ecsServiceName}`)
    const missing = described.value?.missing.find((x) => x.cluster === s.cluster && x.service === s.ecsServiceName)
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
    const prev = previous?.services.find((p) => p.serviceId === s.id)
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
      observedAt: now.toISOString(),
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
  })
}

/** The health of these services as of `now` (the metrics window ends there); `previous` is the last snapshot. */
export async function loadFleetHealth(
  services: ServiceSummary[],
  now: Date = new Date(),
  opts: LoadOptions = {},
): Promise<Omit<FleetHealth, 'refreshedAt' | 'stale' | 'intervalMs'>> {
  const errors: string[] = []
  const regions = [...new Set(services.map((s) => s.region))]
  const rows = (
    await Promise.all(
      regions.map((r) =>
        loadRegion(
          r,
          services.filter((s) => s.region === r),
          errors,
          now,
          opts,
        ),
      ),
    )
  ).flat()
  const unseen = rows.filter((r) => !r.seen).length
  return { services: rows, errors, blind: rows.length > 0 && unseen === rows.length && errors.length > 0 }
}

function fleetKey(services: ServiceSummary[]) {
  const identity = services
    .map((s) => `${s.id}|${s.region}|${s.cluster}|${s.ecsServiceName}|${s.targetGroupArn ?? ''}`)
    .sort()
    .join('\n')
  return `${FLEET_KEY_PREFIX}${createHash('sha256').update(identity).digest('hex').slice(0, 16)}:${REFRESH_MS}`
}

/** This service as the board last read it (no AWS call): what a service page not opened before can say while ECS cannot be read. */
export async function lastBoardReading(actor: Actor, serviceId: string) {
  const last = await cache.peek<Awaited<ReturnType<typeof loadFleetHealth>>>(fleetKey(await listServices(actor))).catch(() => null)
  const row = last?.value.services.find((r) => r.serviceId === serviceId)
  if (!last || !row) return null
  return { status: row.status, reason: row.reason, observedAt: row.observedAt, lastKnown: row.lastKnown }
}

/**
 * `clock` says what time it is for the metrics window: the wall clock, or a simulator's in tests.
 * `waitForFresh`: a read that acts on the answer (the declare form's draft) waits for a result
 * within the interval instead of taking this process's last one while a refresh runs.
 */
export async function getFleetHealth(
  actor: Actor,
  { clock = () => new Date(), waitForFresh = false }: { clock?: () => Date; waitForFresh?: boolean } = {},
): Promise<FleetHealth> {
  const services = await listServices(actor)
  const key = fleetKey(services)
  const cached = await cache.get(
    key,
    REFRESH_MS,
    async () => {
      // The last snapshot, so a service that was critical stays visible while AWS cannot be read.
      const last = await cache.peek<Awaited<ReturnType<typeof loadFleetHealth>>>(key).catch(() => null)
      const previous = last ? { ...last.value, refreshedAt: last.refreshedAt.toISOString() } : null
      return loadFleetHealth(services, clock(), { previous })
    },
    { waitForFresh },
  )
  return { ...cached.value, refreshedAt: cached.refreshedAt.toISOString(), stale: cached.stale, intervalMs: REFRESH_MS }
}

/** The newest fleet reading any instance stored (for a health snapshot, lib/health/snapshot.ts), however old; null when there is none. */
export async function latestFleetReading(): Promise<FleetReading> {
  return cache.latest<Pick<FleetHealth, 'services'>>(FLEET_KEY_PREFIX)
}
