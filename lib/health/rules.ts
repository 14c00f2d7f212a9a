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
}

export type HealthInput = {
  desiredCount: number
  runningCount: number
  pendingCount: number
  deployment: { rolloutState: 'IN_PROGRESS' | 'COMPLETED' | 'FAILED' | null; startedAt: string | null; circuitBreakerTripped: boolean } | null
  stoppedTasks: StoppedTaskFact[]
  /** Latest values; null when not measured (a worker without a load balancer has no 5xx). */
  cpuPercent: number | null
  memoryPercent: number | null
  errorRatePercent: number | null
  latencyMs: number | null
  unhealthyTargets: number | null
  alarmsInAlarm: string[]
}

export type Finding = { level: Level; signal: string; text: string }
export type HealthVerdict = { status: HealthStatus; reason: string; findings: Finding[] }

const round = (n: number) => (n >= 10 ? Math.round(n).toString() : n.toFixed(1).replace(/\.0$/, ''))

export function findingsOf(input: HealthInput, now = new Date()): Finding[] {
  const found: Finding[] = []
  const add = (level: Level | null, signal: string, text: string) => {
    if (level) found.push({ level, signal, text })
  }

  const { desiredCount: desired, runningCount: running } = input
  if (desired > 0 && running === 0) add('critical', 'tasks', `0/${desired} tasks running`)
  else if (running < desired) add('warning', 'tasks', `${running}/${desired} tasks running`)

  const deployment = input.deployment
  if (deployment?.rolloutState === 'FAILED' || deployment?.circuitBreakerTripped) {
    add('critical', 'deployment', deployment.circuitBreakerTripped ? 'deployment failed (circuit breaker)' : 'deployment failed')
  } else if (deployment?.rolloutState === 'IN_PROGRESS' && deployment.startedAt) {
    const minutes = (now.getTime() - new Date(deployment.startedAt).getTime()) / 60_000
    if (minutes > thresholds.slowDeploymentMinutes) add('warning', 'deployment', `deployment in progress for ${Math.floor(minutes)} min`)
  }

  const windowStart = now.getTime() - thresholds.stoppedWindowMinutes * 60_000
  const recent = input.stoppedTasks.filter((t) => t.failed && new Date(t.stoppedAt).getTime() >= windowStart)
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
      crashes >= thresholds.crashLoopCount ? `crash loop: ${crashes} tasks failed ${window}${code}` : `${crashes} task${crashes > 1 ? 's' : ''} failed ${window}${code}`,
    )
  }

  if (input.unhealthyTargets != null && input.unhealthyTargets > 0) {
    add('critical', 'targets', `${input.unhealthyTargets} unhealthy target${input.unhealthyTargets > 1 ? 's' : ''}`)
  }
  const err = input.errorRatePercent
  if (err != null) add(levelOf(err, thresholds.errorRatePercent), 'errors', `5xx at ${round(err)}%`)
  const lat = input.latencyMs
  if (lat != null) add(levelOf(lat, thresholds.latencyMs), 'latency', `latency ${Math.round(lat)} ms`)
  const cpu = input.cpuPercent
  if (cpu != null) add(levelOf(cpu, thresholds.cpuPercent), 'cpu', `CPU ${round(cpu)}%`)
  const mem = input.memoryPercent
  if (mem != null) add(levelOf(mem, thresholds.memoryPercent), 'memory', `memory ${round(mem)}%`)
  for (const alarm of input.alarmsInAlarm) add('warning', 'alarm', `alarm ${alarm}`)

  // Critical first; otherwise the order above (most telling signal first).
  return found.sort((a, b) => (a.level === b.level ? 0 : a.level === 'critical' ? -1 : 1))
}

export function assessHealth(input: HealthInput | null, now = new Date(), unknownReason = 'no data from AWS'): HealthVerdict {
  if (!input) return { status: 'unknown', reason: unknownReason, findings: [] }
  const findings = findingsOf(input, now)
  const status: HealthStatus = findings.some((f) => f.level === 'critical') ? 'critical' : findings.length ? 'degraded' : 'healthy'
  const reason = findings.length
    ? findings
        .slice(0, 3)
        .map((f) => f.text)
        .join('; ')
    : `${input.runningCount}/${input.desiredCount} tasks running; all signals normal`
  return { status, reason, findings }
}

/** Board order: critical first, then degraded, unknown, healthy. */
export function statusRank(status: HealthStatus) {
  return healthStatuses.indexOf(status)
}
