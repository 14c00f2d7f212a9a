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
import type { FleetHealth, ServiceHealthRow } from './dto'
import { REFRESH_MS } from './query-keys'
import { assessHealth, type HealthInput } from './rules'

const cache = createSharedCache()

export function messageOf(err: unknown) {
  if (isAwsError(err)) return err.message
  return err instanceof Error ? err.message : String(err)
}

const settle = <T>(p: Promise<T>) => p.then((value) => ({ value, error: null }), (error: unknown) => ({ value: null, error: messageOf(error) }))

export function healthInputOf(
  status: EcsServiceStatus,
  stopped: TaskSummary[],
  metrics: ServiceMetrics | undefined,
  alarms: AlarmSummary[],
  targetGroupArn: string | null,
): HealthInput {
  const primary = status.primaryDeployment
  const latest = metrics?.latest
  return {
    desiredCount: status.desiredCount,
    runningCount: status.runningCount,
    pendingCount: status.pendingCount,
    deployment: primary
      ? { rolloutState: primary.rolloutState, startedAt: primary.createdAt, circuitBreakerTripped: status.circuitBreakerTripped }
      : null,
    stoppedTasks: stopped.map((t) => ({ stoppedAt: t.stoppedAt ?? t.stoppingAt ?? t.createdAt ?? new Date(0).toISOString(), exitCode: t.exitCode, oom: t.oom, failed: t.failed })),
    cpuPercent: latest?.cpuPercent ?? null,
    memoryPercent: latest?.memoryPercent ?? null,
    errorRatePercent: targetGroupArn ? (latest?.errorRatePercent ?? null) : null,
    latencyMs: targetGroupArn ? (latest?.latencyMs ?? null) : null,
    unhealthyTargets: targetGroupArn ? (latest?.unhealthyTargets ?? null) : null,
    alarmsInAlarm: alarms.map((a) => a.name),
  }
}

async function stoppedByService(region: string, cluster: string) {
  const key = `health:stopped:${region}:${cluster}`
  // Part of the fleet's refresh: never older than the refresh it is part of.
  const { value } = await cache.get(key, REFRESH_MS, async () => listClusterStoppedTasks(region, cluster), { waitForFresh: true })
  return value
}

async function loadRegion(region: string, services: ServiceSummary[], errors: string[]): Promise<ServiceHealthRow[]> {
  const refs = services.map((s) => ({ region, cluster: s.cluster, service: s.ecsServiceName }))
  const now = new Date()
  const clusters = [...new Set(services.map((s) => s.cluster))]
  const [described, metrics, alarms, ...stopped] = await Promise.all([
    settle(describeServices(refs, { eventsLimit: 0 })),
    settle(
      getServiceMetrics(
        region,
        services.map((s) => ({ key: s.id, cluster: s.cluster, service: s.ecsServiceName, targetGroupArn: s.targetGroupArn })),
        { start: new Date(now.getTime() - 10 * 60_000), end: now, periodSeconds: 60 },
      ),
    ),
    settle(listAlarms(region, { state: 'ALARM' })),
    ...clusters.map((c) => settle(stoppedByService(region, c))),
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
  stopped.forEach((r, i) => {
    if (r.error) errors.push(`stopped tasks in ${clusters[i]}: ${r.error}`)
    for (const [service, tasks] of Object.entries(r.value ?? {})) stoppedTasks.set(`${clusters[i]}/${service}`, tasks)
  })

  return services.map((s): ServiceHealthRow => {
    const status = described.value?.services.find((d) => d.ref.cluster === s.cluster && d.ref.service === s.ecsServiceName)
    const m = metrics.value?.[s.id]
    if (m?.error && !errors.includes(`CloudWatch metrics: ${m.error.message}`)) errors.push(`CloudWatch metrics: ${m.error.message}`)
    const refusal = described.error ?? refused.get(`${s.cluster}/${s.ecsServiceName}`)
    const missing = described.value?.missing.find((x) => x.cluster === s.cluster && x.service === s.ecsServiceName)
    const unknownReason = refusal
      ? `AWS did not answer: ${refusal}`
      : missing?.reason === 'cluster_not_found'
        ? `ECS has no cluster ${s.cluster} in ${region}`
        : `ECS has no service ${s.ecsServiceName} in ${s.cluster}`
    const verdict = status
      ? assessHealth(
          healthInputOf(
            status,
            stoppedTasks.get(`${s.cluster}/${s.ecsServiceName}`) ?? [],
            m,
            (alarms.value ?? []).filter((a) => alarmWatches(a, { cluster: s.cluster, service: s.ecsServiceName, targetGroupArn: s.targetGroupArn })),
            s.targetGroupArn,
          ),
          now,
        )
      : assessHealth(null, now, unknownReason)
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
      desired: status?.desiredCount ?? null,
      running: status?.runningCount ?? null,
      pending: status?.pendingCount ?? null,
      cpuPercent: m?.latest.cpuPercent ?? null,
      memoryPercent: m?.latest.memoryPercent ?? null,
      errorRatePercent: s.targetGroupArn ? (m?.latest.errorRatePercent ?? null) : null,
      latencyMs: s.targetGroupArn ? (m?.latest.latencyMs ?? null) : null,
      rolloutState: status?.primaryDeployment?.rolloutState ?? null,
    }
  })
}

export async function loadFleetHealth(services: ServiceSummary[]): Promise<Omit<FleetHealth, 'refreshedAt' | 'stale' | 'intervalMs'>> {
  const errors: string[] = []
  const regions = [...new Set(services.map((s) => s.region))]
  const rows = (await Promise.all(regions.map((r) => loadRegion(r, services.filter((s) => s.region === r), errors)))).flat()
  return { services: rows, errors }
}

function fleetKey(services: ServiceSummary[]) {
  const identity = services.map((s) => `${s.id}|${s.region}|${s.cluster}|${s.ecsServiceName}|${s.targetGroupArn ?? ''}`).sort().join('\n')
  return `health:fleet:${createHash('sha256').update(identity).digest('hex').slice(0, 16)}:${REFRESH_MS}`
}

export async function getFleetHealth(actor: Actor): Promise<FleetHealth> {
  const services = await listServices(actor)
  const cached = await cache.get(fleetKey(services), REFRESH_MS, () => loadFleetHealth(services))
  return { ...cached.value, refreshedAt: cached.refreshedAt.toISOString(), stale: cached.stale, intervalMs: REFRESH_MS }
}
