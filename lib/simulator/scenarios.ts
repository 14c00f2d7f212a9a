// The failures the simulator can inject, per service. Each one drives the state model:
// tasks, deployments, metrics, alarms, target health and logs all follow from it. The
// resource scenarios (resource-scenarios.ts) act on the service's dependency of their kind.
import { tlsScenarioDescriptions, tlsScenarioKinds } from './tls-scenarios'
import { resourceScenarioDescriptions, resourceScenarioKinds } from './resource-scenarios'

export const scenarioKinds = [
  'crash_loop',
  'oom',
  'cpu_spike',
  'memory_leak',
  'error_spike',
  'unhealthy_targets',
  'failed_deployment',
  'slow_responses',
  'throttling',
  'service_inactive',
  'service_draining',
  'target_group_replaced',
  'metrics_stop',
  'metric_math_alarm',
  ...tlsScenarioKinds,
  ...resourceScenarioKinds,
] as const

export type ScenarioKind = (typeof scenarioKinds)[number]

/** The longest head start a scenario can be given (options.minutesIn). */
export const MAX_MINUTES_IN = 30

/** Failures of the ECS service itself, the ones the engine's ticks play out (and so can replay). */
export function isServiceScenario(kind: ScenarioKind): boolean {
  return !(tlsScenarioKinds as readonly string[]).includes(kind) && !(resourceScenarioKinds as readonly string[]).includes(kind)
}

export function isScenarioKind(value: unknown): value is ScenarioKind {
  return typeof value === 'string' && (scenarioKinds as readonly string[]).includes(value)
}

export const scenarioDescriptions: Record<ScenarioKind, string> = {
  crash_loop: 'Tasks exit with code 1 shortly after starting; ECS keeps replacing them.',
  oom: 'Memory sits near 100 % and tasks are killed with exit code 137 (OutOfMemoryError).',
  cpu_spike: 'CPU utilization jumps above 90 % and responses slow down.',
  memory_leak: 'Memory of each task climbs steadily until the task is OOM-killed.',
  error_spike: 'A large share of requests answer 5xx; ERROR lines fill the logs.',
  unhealthy_targets: 'Some targets fail ALB health checks; ECS replaces those tasks.',
  failed_deployment:
    'The next deployment fails: its tasks exit, the circuit breaker marks it FAILED and rolls back. Option deploy:true starts a bad deployment at once.',
  slow_responses: 'Target response time rises above 1 s.',
  throttling: 'AWS API calls that concern this service answer with throttling errors.',
  service_inactive: 'The ECS service is deleted: status INACTIVE, desired 0, its tasks stop. Clearing it brings the service back.',
  service_draining: 'The ECS service is being deleted: status DRAINING, desired 0, its tasks drain. Clearing it brings the service back.',
  target_group_replaced:
    'The service moves to a new target group (ECS reports it, its ALB alarms follow it); the old target group is deleted, so a catalog that still names it is stale. Permanent.',
  metric_math_alarm:
    'A metric-math alarm watches the service (5xx share = 100 × target 5xx ÷ requests: a Metrics list, no metric or dimensions of its own) and fires, as a share of requests answers 5xx. Clearing it removes the alarm and the errors.',
  ...tlsScenarioDescriptions,
  ...resourceScenarioDescriptions,
  metrics_stop: 'CloudWatch receives no more datapoints for this service (ECS and ALB); alarms that treat missing data as missing go to INSUFFICIENT_DATA.',
}

export type ScenarioOptions = {
  /** error_spike: share of requests that fail, 0-1 (default 0.12). */
  errorShare?: number
  /** unhealthy_targets: share of targets that fail health checks, 0-1 (default 0.5). */
  unhealthyShare?: number
  /** memory_leak: percentage points of memory gained per minute (default 2.5). */
  leakPerMinute?: number
  /** slow_responses: average response time in ms (default 1800). */
  latencyMs?: number
  /** metric_math_alarm: the alarm's threshold, in percent of requests (default 5). */
  thresholdPercent?: number
  /** failed_deployment: register a bad revision and deploy it now. */
  deploy?: boolean
  /** certificate_expiring: days the re-issued certificate stays valid (default 5). */
  daysValid?: number
  /**
   * Failures of the service itself: the failure began this many minutes ago (1-30). The
   * engine replays the service's own past minutes with the failure active (tasks, events,
   * log lines, the minutes' metrics), then evaluates its alarms again, so a test or a game
   * day starts in the middle of the incident instead of waiting for it to build up.
   */
  minutesIn?: number
}

export type ScenarioInput = {
  cluster: string
  service: string
  scenario: ScenarioKind
  options?: ScenarioOptions
}

export type ActiveScenario = {
  id: string
  cluster: string
  service: string
  scenario: ScenarioKind
  options: ScenarioOptions
  /** ISO time (simulated clock). */
  startedAt: string
}
