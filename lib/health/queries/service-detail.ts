import 'server-only'
// Everything the service page shows, each panel fetched on its own so one failing
// AWS call leaves the rest working. Cached per service and interval like the board.
import type { Actor } from '@/lib/actions/actor'
import { alarmWatches, getServiceMetrics, listAlarms } from '@/lib/aws/cloudwatch'
import { describeService, getTaskDefinitionHistory, listStoppedTasks } from '@/lib/aws/ecs'
import { targetHealth } from '@/lib/aws/elb'
import { recentErrorLogs } from '@/lib/aws/logs'
import type { TaskDefinitionSummary } from '@/lib/aws/types'
import { createSharedCache } from '@/lib/db/shared-cache'
import { noteServiceViewed } from './hot'
import { env } from '@/lib/env'
import { getService } from '@/lib/services/queries'
import { logGroupOf, serviceCommands } from '../commands'
import type { MetricRange, Panel, ServiceDetail, ServiceMetrics, TaskDefinitionView } from '../detail-dto'
import { currentValues } from '../current-values'
import { healthInputOf } from '../health-input'
import { lastBoardReading, messageOf, targetGroupsOf } from './fleet'
import { REFRESH_MS } from '../refresh'
import { assessHealth, findingRank } from '../rules'

const cache = createSharedCache()

async function panel<T>(work: () => Promise<T>): Promise<Panel<T>> {
  try {
    return { data: await work(), error: null }
  } catch (err) {
    return { data: null, error: messageOf(err) }
  }
}

const tdView = (td: TaskDefinitionSummary | null): TaskDefinitionView | null =>
  td && {
    arn: td.arn,
    family: td.family,
    revision: td.revision,
    cpu: td.cpu,
    memory: td.memory,
    images: td.containers.map((c) => c.image ?? '?'),
    registeredAt: td.registeredAt,
  }

type Service = NonNullable<Awaited<ReturnType<typeof getService>>>

/** Asks the health URL; against the simulator, the simulator answers for the service. */
export async function probe(s: Pick<Service, 'healthUrl' | 'cluster' | 'ecsServiceName'>) {
  if (!s.healthUrl) return null
  const started = performance.now()
  const simulated = env.AWS_MODE !== 'aws' && env.AWS_SIMULATOR_URL
  const url = simulated
    ? `${env.AWS_SIMULATOR_URL}/_sim/probe?cluster=${encodeURIComponent(s.cluster)}&service=${encodeURIComponent(s.ecsServiceName)}`
    : s.healthUrl
  try {
    const res = await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(3000), cache: 'no-store' })
    return {
      url: s.healthUrl,
      httpStatus: res.status,
      ok: res.status >= 200 && res.status < 400,
      latencyMs: Math.round(performance.now() - started),
      detail: simulated ? 'answered by the AWS simulator' : null,
    }
  } catch (err) {
    return { url: s.healthUrl, httpStatus: null, ok: false, latencyMs: null, detail: err instanceof Error ? err.message : String(err) }
  }
}

type PreviousDetail = Pick<ServiceDetail, 'status' | 'reason' | 'observedAt' | 'lastKnown'> | null | undefined

/** What to say while ECS cannot be read: the last status seen (or the one it carried), with when. */
export function lastKnownOf(previous: PreviousDetail): ServiceDetail['lastKnown'] {
  if (!previous) return null
  if (previous.status !== 'unknown') return { status: previous.status, reason: previous.reason, at: previous.observedAt }
  return previous.lastKnown ?? null
}

/** Everything the page shows, as of `now` (the metrics window ends there); `previous` is the page's last snapshot. */
export async function loadServiceDetail(s: Service, now: Date = new Date(), previous?: PreviousDetail) {
  const ref = { region: s.region, cluster: s.cluster, service: s.ecsServiceName }
  const status = await panel(() => describeService(ref, { eventsLimit: 20 }))
  const current = status.data?.taskDefinitionArn
  // The target groups ECS says the service is in; the catalog's only when ECS could not say.
  const tg = targetGroupsOf(status.data ?? undefined, s.targetGroupArn)
  const [stopped, history, alarms, targets, metrics, probed] = await Promise.all([
    panel(() => listStoppedTasks(ref, { limit: 20 })),
    panel(async () => (current ? getTaskDefinitionHistory(s.region, current) : null)),
    panel(async () => (await listAlarms(s.region, { state: 'ALARM' })).filter((a) => alarmWatches(a, { ...ref, targetGroupArns: tg.all }))),
    panel(async () => (tg.arn ? (await targetHealth(s.region, tg.arn)).targets : [])),
    panel(
      async () =>
        (
          await getServiceMetrics(s.region, [{ key: s.id, cluster: s.cluster, service: s.ecsServiceName, targetGroupArn: tg.arn }], {
            start: new Date(now.getTime() - 10 * 60_000),
            end: now,
          })
        )[s.id],
    ),
    panel(() => probe(s)),
  ])
  const logGroup = history.data?.current.containers.find((c) => c.logGroup)?.logGroup ?? logGroupOf(s)
  const logs = await panel(async () =>
    (await recentErrorLogs(s.region, { logGroupName: logGroup, since: new Date(now.getTime() - 60 * 60_000), limit: 20 })).map((l) => ({
      at: l.at,
      message: l.message,
    })),
  )
  const metricsError = metrics.error ?? metrics.data?.error?.message ?? null
  const verdict = status.data
    ? assessHealth(
        healthInputOf(status.data, stopped.data ?? [], metrics.data ?? undefined, alarms.data ?? [], tg.arn, {
          metricsError,
          alarmsError: alarms.error,
          stoppedError: stopped.error,
        }),
        now,
      )
    : assessHealth(null, now, status.error ? `cannot read ECS: ${status.error}` : 'no data from AWS')
  if (tg.warning) {
    verdict.findings = [...verdict.findings, { level: 'warning' as const, signal: 'catalog', text: tg.warning }].sort(
      (a, b) => findingRank(a.level) - findingRank(b.level),
    )
    if (verdict.status !== 'critical') verdict.status = 'degraded'
    verdict.reason = verdict.findings
      .slice(0, 3)
      .map((f) => f.text)
      .join('; ')
  }
  const d = status.data
  const values = currentValues(
    metricsError ? undefined : (metrics.data ?? undefined),
    Boolean(tg.arn) && Boolean(metrics.data?.hasLoadBalancer),
    now,
    d?.runningCount ?? null,
    d?.desiredCount ?? null,
  )
  const detail: Omit<ServiceDetail, 'refreshedAt' | 'stale'> = {
    service: { ...s, targetGroupArn: s.targetGroupArn },
    status: verdict.status,
    reason: verdict.reason,
    findings: verdict.findings,
    observedAt: now.toISOString(),
    lastKnown: verdict.status === 'unknown' && !d ? lastKnownOf(previous) : null,
    serviceStatus: d?.status ?? null,
    targetGroupArn: tg.arn,
    targetGroupWarning: tg.warning,
    current: { ...values, error: metricsError },
    counts: { data: d && { desired: d.desiredCount, running: d.runningCount, pending: d.pendingCount }, error: status.error },
    deployments: {
      data:
        d?.deployments.map((x) => ({
          id: x.id,
          status: x.status,
          taskDefinition: x.taskDefinition,
          desired: x.desiredCount,
          running: x.runningCount,
          pending: x.pendingCount,
          failedTasks: x.failedTasks,
          rolloutState: x.rolloutState,
          rolloutReason: x.rolloutStateReason,
          createdAt: x.createdAt,
          updatedAt: x.updatedAt,
        })) ?? null,
      error: status.error,
    },
    events: { data: d?.events.map((e) => ({ at: e.at, message: e.message })) ?? null, error: status.error },
    stoppedTasks: {
      data:
        stopped.data?.map((t) => ({
          taskId: t.taskId,
          stoppedAt: t.stoppedAt,
          stoppedReason: t.stoppedReason,
          stopCode: t.stopCode,
          exitCode: t.exitCode,
          containerReason: t.containerReason,
          oom: t.oom,
          taskDefinition: t.taskDefinition,
        })) ?? null,
      error: stopped.error,
    },
    taskDefinitions: { data: history.data ? { current: tdView(history.data.current), previous: tdView(history.data.previous) } : null, error: history.error },
    alarms: {
      data: alarms.data?.map((a) => ({ name: a.name, state: a.state, reason: a.stateReason, updatedAt: a.stateUpdatedAt })) ?? null,
      error: alarms.error,
    },
    targets: {
      data: targets.data?.map((t) => ({ id: t.id, port: t.port, state: t.state, reason: t.reason, description: t.description })) ?? null,
      error: targets.error,
    },
    logs,
    probe: probed,
    // The target group ECS reports (the catalog's may be stale), as the page's own reads use.
    commands: serviceCommands({ ...s, targetGroupArn: tg.arn, logGroup, family: history.data?.current.family }),
  }
  return detail
}

export async function getServiceDetail(actor: Actor, id: string): Promise<ServiceDetail | null> {
  const s = await getService(actor, id)
  if (!s) return null
  // Someone is looking: the board reads this service at the fast rate for a few minutes.
  await noteServiceViewed(s.id)
  const key = `health:service:${s.id}:${s.region}:${s.cluster}:${s.ecsServiceName}:${REFRESH_MS}`
  const cached = await cache.get(key, REFRESH_MS, async () => {
    // The last snapshot, so that while ECS cannot be read the page says what it last saw, and when;
    // for a page not opened before, the board's last reading of the service.
    const last = await cache.peek<Omit<ServiceDetail, 'refreshedAt' | 'stale'>>(key).catch(() => null)
    return loadServiceDetail(s, new Date(), last?.value ?? (await lastBoardReading(actor, s.id)))
  })
  return { ...cached.value, refreshedAt: cached.refreshedAt.toISOString(), stale: cached.stale }
}

const rangeSettings: Record<MetricRange, { minutes: number; periodSeconds: number; maxAgeMs: number }> = {
  '1h': { minutes: 60, periodSeconds: 60, maxAgeMs: 60_000 },
  '6h': { minutes: 360, periodSeconds: 300, maxAgeMs: 300_000 },
  '24h': { minutes: 1440, periodSeconds: 900, maxAgeMs: 300_000 },
}

export async function getServiceMetricSeries(actor: Actor, id: string, range: MetricRange): Promise<ServiceMetrics | null> {
  const s = await getService(actor, id)
  if (!s) return null
  const r = rangeSettings[range]
  const cached = await cache.get(`health:metrics:${s.id}:${range}`, r.maxAgeMs, async () => {
    const end = new Date()
    try {
      // The load balancer's series come from the target group ECS reports; the catalog's only when ECS cannot say.
      const tg = await describeService({ region: s.region, cluster: s.cluster, service: s.ecsServiceName })
        .then((st) => targetGroupsOf(st, s.targetGroupArn).arn)
        .catch(() => s.targetGroupArn)
      const result = await getServiceMetrics(s.region, [{ key: s.id, cluster: s.cluster, service: s.ecsServiceName, targetGroupArn: tg }], {
        start: new Date(end.getTime() - r.minutes * 60_000),
        end,
        periodSeconds: r.periodSeconds,
      })
      const points = (result[s.id]?.points ?? []).map((p) => ({
        t: p.t,
        cpuPercent: p.cpuPercent,
        memoryPercent: p.memoryPercent,
        errorRatePercent: p.errorRatePercent,
        latencyMs: p.latencyMs,
      }))
      return { points, error: null as string | null }
    } catch (err) {
      return { points: [], error: messageOf(err) }
    }
  })
  return { range, periodSeconds: r.periodSeconds, ...cached.value, refreshedAt: cached.refreshedAt.toISOString() }
}
