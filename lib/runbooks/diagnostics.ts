import 'server-only'
// Runs a runbook's diagnostic for one service through lib/aws (read-only calls) and
// shapes the answer for showing inline and attaching to the timeline.
import { alarmWatches, getServiceMetrics, listAlarms } from '@/lib/aws/cloudwatch'
import { describeService, getTaskDefinitionHistory, listRunningTasks, listStoppedTasks } from '@/lib/aws/ecs'
import { targetHealth } from '@/lib/aws/elb'
import { isAwsError } from '@/lib/aws/errors'
import { recentErrorLogs } from '@/lib/aws/logs'
import { logGroupOf } from '@/lib/health/commands'
import { targetGroupsOf } from '@/lib/health/target-groups'
import { thresholds } from '@/lib/health/thresholds'
import type { DiagnosticKind, DiagnosticParams } from './types'
import { diagnosticKinds } from './types'

export type DiagnosticService = { region: string; cluster: string; ecsServiceName: string; name: string; targetGroupArn: string | null }

export type DiagnosticResult = {
  kind: DiagnosticKind
  title: string
  service: string
  takenAt: string
  /** One line a responder reads first. */
  summary: string
  table?: { columns: string[]; rows: (string | number | null)[][] }
  series?: { unit: string; warning: number; critical: number; points: { t: number; v: number | null }[] }
  lines?: string[]
  /** What the result may be wrong about: a catalog target group ECS does not use or ELB does not know, ECS unread. */
  warnings?: string[]
  /** PostgreSQL diagnostics: the registered database read. */
  database?: { id: string; name: string }
  /** The database could not be read: the summary says why, and nothing here means "none found". */
  unreachable?: boolean
  /** pg_blocking_chains: the sessions at the head of a chain (blocking others, not blocked themselves). */
  blockers?: { pid: number; blocks: number; state: string | null; seconds: number | null; query: string | null }[]
}

type ServiceRef = { region: string; cluster: string; service: string }

const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err))
const tgName = (arn: string) => arn.split(':').slice(5).join(':').split('/')[1] ?? arn

/**
 * The target groups ECS reports for the service (its `loadBalancers`); the catalog's only when
 * ECS cannot be read, and then the result says so. A catalog ARN ECS does not list is a warning.
 */
export async function targetGroupsFor(s: DiagnosticService, ref: ServiceRef) {
  try {
    const tg = targetGroupsOf(await describeService(ref), s.targetGroupArn)
    return { arn: tg.arn, all: tg.all, warnings: tg.warning ? [tg.warning.charAt(0).toUpperCase() + tg.warning.slice(1)] : [] }
  } catch (err) {
    const tg = targetGroupsOf(undefined, s.targetGroupArn)
    const warnings = tg.arn
      ? [`ECS could not be read (${messageOf(err)}): this uses the catalog's target group ${tgName(tg.arn)}, which may be out of date`]
      : []
    return { arn: tg.arn, all: tg.all, warnings }
  }
}

const unknownToElb = (arn: string) =>
  `Target group ${tgName(arn)} is unknown to ELB or attached to no load balancer: its numbers are missing, not zero; fix the catalog or the service`

const withWarnings = (warnings: string[]) => (warnings.length ? { warnings } : {})

const metricOf = {
  cpu_last_hour: { pick: 'cpuPercent', unit: '%', limits: thresholds.cpuPercent },
  memory_last_hour: { pick: 'memoryPercent', unit: '%', limits: thresholds.memoryPercent },
  error_rate_last_hour: { pick: 'errorRatePercent', unit: '%', limits: thresholds.errorRatePercent },
  latency_last_hour: { pick: 'latencyMs', unit: 'ms', limits: thresholds.latencyMs },
} as const

export async function runDiagnosticKind(kind: DiagnosticKind, params: DiagnosticParams | undefined, s: DiagnosticService): Promise<DiagnosticResult> {
  const ref = { region: s.region, cluster: s.cluster, service: s.ecsServiceName }
  const base = { kind, title: diagnosticKinds[kind].title, service: `${s.name} (${s.cluster})`, takenAt: new Date().toISOString() }
  const since = new Date(Date.now() - (params?.sinceMinutes ?? 60) * 60_000)
  switch (kind) {
    case 'service_status': {
      const st = await describeService(ref, { eventsLimit: 5 })
      return {
        ...base,
        summary: `${st.runningCount}/${st.desiredCount} running, ${st.pendingCount} pending; ${st.deployments.length} deployment(s), primary ${st.primaryDeployment?.rolloutState ?? 'unknown'}${st.circuitBreakerTripped ? ' (circuit breaker tripped)' : ''}`,
        table: {
          columns: ['deployment', 'task definition', 'running/desired', 'rollout'],
          rows: st.deployments.map((d) => [d.status, d.taskDefinition, `${d.runningCount}/${d.desiredCount}`, d.rolloutState]),
        },
        lines: st.events.map((e) => `${e.at?.slice(11, 19) ?? ''} ${e.message}`),
      }
    }
    case 'running_tasks': {
      const tasks = await listRunningTasks(ref)
      return {
        ...base,
        summary: `${tasks.length} task(s) running`,
        table: {
          columns: ['task', 'revision', 'started', 'ip', 'zone'],
          rows: tasks.map((t) => [t.taskId.slice(0, 12), t.taskDefinition, t.startedAt?.slice(11, 19) ?? null, t.privateIp, t.availabilityZone]),
        },
      }
    }
    case 'stopped_tasks': {
      const tasks = await listStoppedTasks(ref, { limit: 10 })
      const codes = [...new Set(tasks.map((t) => t.exitCode).filter((c) => c != null))]
      const ooms = tasks.filter((t) => t.oom).length
      return {
        ...base,
        summary: tasks.length
          ? `${tasks.length} stopped recently; exit code${codes.length > 1 ? 's' : ''} ${codes.join(', ') || 'unknown'}${ooms ? `; ${ooms} out of memory` : ''}`
          : 'No task stopped in the last hour',
        table: {
          columns: ['stopped', 'task', 'exit code', 'reason'],
          rows: tasks.map((t) => [
            t.stoppedAt?.slice(11, 19) ?? null,
            t.taskId.slice(0, 12),
            t.exitCode,
            [t.stoppedReason, t.containerReason].filter(Boolean).join(' · '),
          ]),
        },
      }
    }
    case 'error_logs': {
      // The task definition names the log group. When ECS cannot be read, the logs
      // are still worth reading: the default group, and the summary says so.
      let unread: string | null = null
      const history = await describeService(ref)
        .then((st) => getTaskDefinitionHistory(s.region, st.taskDefinitionArn))
        .catch((err: unknown) => {
          unread = err instanceof Error ? err.message : String(err)
          return null
        })
      const group = history?.current.containers.find((c) => c.logGroup)?.logGroup ?? logGroupOf(s)
      const lines = await recentErrorLogs(s.region, { logGroupName: group, since, limit: params?.limit ?? 20, pattern: params?.pattern })
      const found = lines.length ? `${lines.length} error line(s) in ${group}` : `No error lines in ${group} in the last hour`
      return {
        ...base,
        summary: unread ? `${found} (the default log group: the service's task definition could not be read: ${unread})` : found,
        lines: lines.map((l) => `${l.at.slice(11, 19)} ${l.message}`),
      }
    }
    case 'cpu_last_hour':
    case 'memory_last_hour':
    case 'error_rate_last_hour':
    case 'latency_last_hour': {
      const m = metricOf[kind]
      const lb = kind === 'error_rate_last_hour' || kind === 'latency_last_hour'
      const tg = lb ? await targetGroupsFor(s, ref) : { arn: s.targetGroupArn, warnings: [] }
      const result = (
        await getServiceMetrics(s.region, [{ key: 'x', cluster: s.cluster, service: s.ecsServiceName, targetGroupArn: tg.arn }], {
          start: since,
          end: new Date(),
          periodSeconds: 60,
        })
      ).x
      const points = (result?.points ?? []).map((p) => ({ t: p.t, v: p[m.pick] }))
      const values = points.map((p) => p.v).filter((v): v is number => v != null)
      const peak = values.length ? Math.max(...values) : null
      const now = values.at(-1) ?? null
      return {
        ...base,
        summary: values.length
          ? `now ${now?.toFixed(1)}${m.unit}, peak ${peak?.toFixed(1)}${m.unit} (warning ${m.limits.warning}${m.unit}, critical ${m.limits.critical}${m.unit})`
          : 'No data points in the last hour',
        series: { unit: m.unit, warning: m.limits.warning, critical: m.limits.critical, points },
        ...withWarnings(lb && tg.arn && result && !result.hasLoadBalancer ? [...tg.warnings, unknownToElb(tg.arn)] : tg.warnings),
      }
    }
    case 'target_health': {
      const tg = await targetGroupsFor(s, ref)
      if (!tg.arn) return { ...base, summary: 'This service has no load balancer target group', ...withWarnings(tg.warnings) }
      const th = await targetHealth(s.region, tg.arn).catch((err: unknown) => {
        if (isAwsError(err) && err.kind === 'not_found') return null
        throw err
      })
      if (!th) return { ...base, summary: `Target group ${tgName(tg.arn)} does not exist in ELB`, warnings: [...tg.warnings, unknownToElb(tg.arn)] }
      return {
        ...base,
        summary: `${th.counts.healthy} healthy, ${th.counts.unhealthy} unhealthy of ${th.counts.total} in ${tgName(tg.arn)}`,
        table: { columns: ['target', 'port', 'state', 'reason'], rows: th.targets.map((t) => [t.id, t.port, t.state, t.description ?? t.reason]) },
        ...withWarnings(tg.warnings),
      }
    }
    case 'alarms': {
      const [tg, all] = await Promise.all([targetGroupsFor(s, ref), listAlarms(s.region)])
      const alarms = all.filter((a) => alarmWatches(a, { ...ref, targetGroupArns: tg.all }))
      const firing = alarms.filter((a) => a.state === 'ALARM').length
      return {
        ...base,
        summary: `${firing} of ${alarms.length} alarm(s) in ALARM`,
        table: { columns: ['alarm', 'state', 'reason'], rows: alarms.map((a) => [a.name, a.state, a.stateReason]) },
        ...withWarnings(tg.warnings),
      }
    }
    case 'task_definitions': {
      const st = await describeService(ref)
      const h = await getTaskDefinitionHistory(s.region, st.taskDefinitionArn)
      const row = (label: string, td: typeof h.current | null) => [
        label,
        td?.name ?? 'none',
        td?.memory ?? null,
        td?.cpu ?? null,
        td?.containers.map((c) => c.image).join(', ') ?? null,
      ]
      return {
        ...base,
        summary: `running ${h.current.name}; previous ${h.previous?.name ?? 'none'}`,
        table: { columns: ['', 'revision', 'memory', 'cpu', 'image'], rows: [row('current', h.current), row('previous', h.previous)] },
      }
    }
    case 'pg_connections':
    case 'pg_long_queries':
    case 'pg_idle_in_transaction':
    case 'pg_blocking_chains':
      throw new Error(`${kind} reads a registered database, not a service (lib/databases/diagnostics.ts)`)
  }
}
