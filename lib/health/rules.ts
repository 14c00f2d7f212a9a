// Turns what AWS says about a service into a status and a one-line reason.
// Pure and client-safe, so the board, the service page and the tests agree.
import { levelOf, thresholds, type Level } from './thresholds'

export const healthStatuses = ['critical', 'degraded', 'unknown', 'healthy'] as const
export type HealthStatus = (typeof healthStatuses)[number]

export type StoppedTaskFact = {
  stoppedAt: string
  exitCode: number | null
  oom: boolean
  /** True when the task stopped because it failed (not a scale-in or a deployment replacing it). */
  failed: boolean
  /** The task definition it ran; failures of another revision than the current deployment's are history. */
  taskDefinitionArn?: string | null
}

/** When each group of metrics was last measured: the start of the period of its newest datapoint (null: none in the window). */
export type MetricAges = {
  periodSeconds: number
  cpu: string | null
  memory: string | null
  /** The load balancer's per-minute host counts: 5xx, latency and targets are as current as these. Omitted without a load balancer. */
  loadBalancer?: string | null
  /** The 5xx share and latency have datapoints only with traffic: without a current one there is no value, which is not blindness. */
  errors?: string | null
  latency?: string | null
}

export type HealthInput = {
  /** ECS's status of the service: ACTIVE, DRAINING (being deleted) or INACTIVE (deleted). */
  serviceStatus?: string
  desiredCount: number
  runningCount: number
  pendingCount: number
  deployment: {
    rolloutState: 'IN_PROGRESS' | 'COMPLETED' | 'FAILED' | null
    startedAt: string | null
    circuitBreakerTripped: boolean
    taskDefinitionArn?: string | null
  } | null
  /** The last "has reached a steady state" event. */
  steadySince?: string | null
  /** Only one deployment left (no other revision still running or draining). */
  singleDeployment?: boolean
  stoppedTasks: StoppedTaskFact[]
  /** Latest values; null when not measured (a worker without a load balancer has no 5xx). */
  cpuPercent: number | null
  memoryPercent: number | null
  errorRatePercent: number | null
  latencyMs: number | null
  unhealthyTargets: number | null
  /** 5xx the load balancer answered itself (no healthy target), in the latest period. */
  loadBalancer5xx?: number | null
  /** How old the values above are; without it they are taken as current. */
  metricAges?: MetricAges | null
  /** What the app cannot see about this service, one line each ("metrics: CloudWatch refused ..."). */
  blind?: string[]
  alarmsInAlarm: string[]
}

/** critical and warning grade the service; blind says what the app cannot see (the service is then at best unknown). */
export type FindingLevel = Level | 'blind'
export type Finding = { level: FindingLevel; signal: string; text: string }
export type HealthVerdict = { status: HealthStatus; reason: string; findings: Finding[] }

const round = (n: number) => (n >= 10 ? Math.round(n).toString() : n.toFixed(1).replace(/\.0$/, ''))

/** A datapoint is current while its period ended less than two periods ago. */
export function isFresh(at: string | number | null | undefined, periodSeconds: number, now: Date): boolean {
  if (at == null) return false
  const start = typeof at === 'number' ? at : Date.parse(at)
  return now.getTime() - (start + periodSeconds * 1000) <= 2 * periodSeconds * 1000
}

/** "7 min ago", "40 s ago", "2 h ago". */
export function ageText(at: string | number, now: Date): string {
  const s = Math.max(0, Math.round((now.getTime() - (typeof at === 'number' ? at : Date.parse(at))) / 1000))
  if (s < 60) return `${s} s ago`
  const m = Math.floor(s / 60)
  return m < 120 ? `${m} min ago` : `${Math.floor(m / 60)} h ago`
}

function noData(label: string, at: string | null | undefined, now: Date) {
  return at ? `${label}: no data since ${ageText(at, now)}` : `${label}: no data`
}

const order: Record<FindingLevel, number> = { critical: 0, warning: 1, blind: 2 }
export const findingRank = (level: FindingLevel) => order[level]

export function findingsOf(input: HealthInput, now = new Date()): Finding[] {
  const found: Finding[] = []
  const add = (level: FindingLevel | null, signal: string, text: string) => {
    if (level) found.push({ level, signal, text })
  }

  const serviceStatus = input.serviceStatus ?? 'ACTIVE'
  const { desiredCount: desired, runningCount: running } = input
  if (serviceStatus === 'INACTIVE') add('critical', 'service', 'ECS service deleted (INACTIVE)')
  else if (serviceStatus === 'DRAINING') add('critical', 'service', 'ECS service being deleted (DRAINING)')
  else if (serviceStatus !== 'ACTIVE') add('critical', 'service', `ECS service status ${serviceStatus}`)

  if (desired > 0 && running === 0) add('critical', 'tasks', `0/${desired} tasks running`)
  else if (running < desired) add('warning', 'tasks', `${running}/${desired} tasks running`)

  const deployment = input.deployment
  if (deployment?.rolloutState === 'FAILED' || deployment?.circuitBreakerTripped) {
    add('critical', 'deployment', deployment.circuitBreakerTripped ? 'deployment failed (circuit breaker)' : 'deployment failed')
  } else if (deployment?.rolloutState === 'IN_PROGRESS' && deployment.startedAt) {
    const minutes = (now.getTime() - new Date(deployment.startedAt).getTime()) / 60_000
    if (minutes > thresholds.slowDeploymentMinutes) add('warning', 'deployment', `deployment in progress for ${Math.floor(minutes)} min`)
  }

  // Failures count inside the window, but only those of the current deployment's revision and,
  // once the service is steady again, only those since it became steady: a recovered service
  // is healthy at the next refresh, not ten minutes later.
  const steady = deployment?.rolloutState === 'COMPLETED' && input.singleDeployment !== false && running === desired && input.pendingCount === 0
  const steadySince = steady && input.steadySince ? Date.parse(input.steadySince) : -Infinity
  const windowStart = Math.max(now.getTime() - thresholds.stoppedWindowMinutes * 60_000, steadySince)
  const currentRevision = deployment?.taskDefinitionArn ?? null
  const recent = input.stoppedTasks.filter(
    (t) => t.failed && new Date(t.stoppedAt).getTime() >= windowStart && (!currentRevision || !t.taskDefinitionArn || t.taskDefinitionArn === currentRevision),
  )
  const ooms = recent.filter((t) => t.oom).length
  const crashes = recent.length - ooms
  const window = `in ${thresholds.stoppedWindowMinutes} min`
  if (ooms > 0) add(ooms >= thresholds.crashLoopCount ? 'critical' : 'warning', 'stopped', `${ooms} OOM kill${ooms > 1 ? 's' : ''} ${window}`)
  if (crashes > 0) {
    const codes = [...new Set(recent.filter((t) => !t.oom && t.exitCode != null).map((t) => t.exitCode))]
    const code = codes.length === 1 ? ` (exit ${codes[0]})` : ''
    add(
      crashes >= thresholds.crashLoopCount ? 'critical' : 'warning',
      'stopped',
      crashes >= thresholds.crashLoopCount
        ? `crash loop: ${crashes} tasks failed ${window}${code}`
        : `${crashes} task${crashes > 1 ? 's' : ''} failed ${window}${code}`,
    )
  }

  // A value older than two periods is no data, never a current value.
  const ages = input.metricAges
  const fresh = (at: string | null | undefined) => !ages || isFresh(at, ages.periodSeconds, now)
  const lbFresh = !ages || ages.loadBalancer === undefined || fresh(ages.loadBalancer)
  if (ages && ages.loadBalancer !== undefined && !lbFresh) add('blind', 'metrics', noData('load balancer metrics', ages.loadBalancer, now))

  if (lbFresh) {
    if (input.unhealthyTargets != null && input.unhealthyTargets > 0) {
      add('critical', 'targets', `${input.unhealthyTargets} unhealthy target${input.unhealthyTargets > 1 ? 's' : ''}`)
    }
    const err = ages?.errors === undefined || fresh(ages.errors) ? input.errorRatePercent : null
    // The load balancer's own 5xx are counted per load balancer: the count may be shared, the cause is not.
    const own = (input.loadBalancer5xx ?? 0) > 0 && desired > 0
    if (err != null) {
      add(
        own ? 'critical' : levelOf(err, thresholds.errorRatePercent),
        'errors',
        `5xx at ${round(err)}%${own ? ': no healthy target, the load balancer answers 503 itself' : ''}`,
      )
    } else if (own) add('critical', 'errors', 'no healthy target: the load balancer answers 503 itself')
    const lat = ages?.latency === undefined || fresh(ages.latency) ? input.latencyMs : null
    if (lat != null) add(levelOf(lat, thresholds.latencyMs), 'latency', `latency ${Math.round(lat)} ms`)
  }
  // Without a running task ECS publishes no CPU or memory: missing then is expected, not blindness.
  const cpuFresh = fresh(ages?.cpu)
  const memFresh = fresh(ages?.memory)
  if (ages && running > 0 && !cpuFresh && !memFresh && ages.cpu === ages.memory) add('blind', 'metrics', noData('CPU and memory', ages.cpu, now))
  else {
    if (ages && running > 0 && !cpuFresh) add('blind', 'metrics', noData('CPU', ages.cpu, now))
    if (ages && running > 0 && !memFresh) add('blind', 'metrics', noData('memory', ages.memory, now))
  }
  // With no task running, a CPU or memory reading is of tasks that are gone.
  const cpu = running > 0 ? input.cpuPercent : null
  if (cpu != null && cpuFresh) add(levelOf(cpu, thresholds.cpuPercent), 'cpu', `CPU ${round(cpu)}%`)
  const mem = running > 0 ? input.memoryPercent : null
  if (mem != null && memFresh) add(levelOf(mem, thresholds.memoryPercent), 'memory', `memory ${round(mem)}%`)
  for (const alarm of input.alarmsInAlarm) add('warning', 'alarm', `alarm ${alarm}`)
  for (const b of input.blind ?? []) add('blind', 'visibility', b)

  // Critical first, then warnings, then what cannot be seen; otherwise the order above (most telling signal first).
  return found.sort((a, b) => order[a.level] - order[b.level])
}

export function assessHealth(input: HealthInput | null, now = new Date(), unknownReason = 'no data from AWS'): HealthVerdict {
  if (!input) return { status: 'unknown', reason: unknownReason, findings: [] }
  const findings = findingsOf(input, now)
  // A service the app cannot fully see is never healthy: unknown unless something it can see is wrong.
  const status: HealthStatus = findings.some((f) => f.level === 'critical')
    ? 'critical'
    : findings.some((f) => f.level === 'warning')
      ? 'degraded'
      : findings.length
        ? 'unknown'
        : 'healthy'
  const tasks = `${input.runningCount}/${input.desiredCount} tasks running`
  const reason = !findings.length
    ? `${tasks}; all signals normal`
    : status === 'unknown'
      ? [...findings.slice(0, 3).map((f) => f.text), tasks].join('; ')
      : findings
          .slice(0, 3)
          .map((f) => f.text)
          .join('; ')
  return { status, reason, findings }
}

/** Board order: critical first, then degraded, unknown, healthy. */
export function statusRank(status: HealthStatus) {
  return healthStatuses.indexOf(status)
}
