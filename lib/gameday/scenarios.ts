// Failures the game day page can inject: exactly the simulator's scenarios (its
// `ScenarioKind`), in its order, each with the words the form shows. A scenario added to or
// removed from the simulator fails type-checking here until the list follows.
// Client-safe, so the form can list them (only types come from the simulator, a tool).
import type { FaultInput } from '@/lib/simulator/faults'
import type { ScenarioKind } from '@/lib/simulator/scenarios'

const scenarioText: Record<ScenarioKind, { label: string; description: string }> = {
  crash_loop: { label: 'Crash loop', description: 'Tasks exit with code 1 soon after starting; ECS keeps replacing them.' },
  oom: { label: 'OOM kills', description: 'Memory near 100 %; tasks are killed with exit code 137.' },
  cpu_spike: { label: 'CPU spike', description: 'CPU above 90 %; responses slow down.' },
  memory_leak: { label: 'Memory leak', description: 'Memory climbs steadily until tasks are OOM-killed.' },
  error_spike: { label: '5xx spike', description: 'A large share of requests fail with 5xx; ERROR lines fill the logs.' },
  unhealthy_targets: { label: 'Unhealthy targets', description: 'Half the targets fail load balancer health checks.' },
  failed_deployment: { label: 'Failed deployment', description: 'A bad revision is deployed now; the circuit breaker fails it and rolls back.' },
  slow_responses: { label: 'Slow responses', description: 'Target response time rises above 1 second.' },
  throttling: { label: 'AWS throttling', description: 'AWS API calls about this service answer with throttling errors.' },
  service_inactive: { label: 'Service deleted', description: 'The ECS service is deleted (INACTIVE, desired 0). Clearing it brings it back.' },
  service_draining: {
    label: 'Service being deleted',
    description: 'The ECS service is DRAINING: desired 0, tasks stopping. Clearing it brings it back.',
  },
  target_group_replaced: {
    label: 'Target group replaced',
    description: 'The service moves to a new target group and the old one is deleted: the catalog ARN goes stale.',
  },
  lambda_error_spike: { label: 'Lambda error spike', description: "The service's Lambda function fails about a third of its invocations." },
  lambda_throttling: {
    label: 'Lambda throttling',
    description: "The service's Lambda function hits its concurrency limit; further invocations are throttled.",
  },
  db_connections_exhausted: {
    label: 'Database connections exhausted',
    description: "The service's primary PostgreSQL instance sits at max_connections; every service that uses it fails and slows down.",
  },
  replica_cpu_saturated: { label: 'Replica CPU saturated', description: "The service's read replica runs near 100 % CPU and falls behind." },
  redis_down: {
    label: 'Redis down',
    description: "The service's ElastiCache Redis node is rebooting: no connections, no metrics; every service that uses it fails.",
  },
  dynamodb_throttling: {
    label: 'DynamoDB throttling',
    description: "The service's DynamoDB table consumes more than its provisioned capacity; requests are throttled.",
  },
  metrics_stop: { label: 'Metrics stop arriving', description: 'CloudWatch gets no more datapoints for this service.' },
  certificate_expiring: {
    label: 'Certificate about to expire',
    description: "The health URL's TLS certificate is re-issued valid for only 5 more days (the app's hourly check, or Check now, sees it).",
  },
  metric_math_alarm: {
    label: 'Metric-math alarm fires',
    description: 'A 5xx-share alarm defined with metric math (a Metrics list, no dimensions of its own) watches the service and fires.',
  },
}

export type GameDayScenario = ScenarioKind
export const gameDayScenarios = (Object.keys(scenarioText) as GameDayScenario[]).map((kind) => ({ kind, ...scenarioText[kind] }))
export const scenarioKindsList = gameDayScenarios.map((s) => s.kind) as [GameDayScenario, ...GameDayScenario[]]

/** Account-wide AWS faults game day can inject (the simulator's /_sim/faults). */
export const gameDayFaults = [
  { preset: 'hang', label: 'AWS hangs', description: 'Every AWS call is held without an answer until the client gives up.', fault: { kind: 'hang' } },
  {
    preset: 'expired_token',
    label: 'Credentials expired',
    description: 'Every AWS call answers ExpiredToken.',
    fault: { kind: 'expired_token' },
  },
  {
    preset: 'cloudwatch_denied',
    label: 'CloudWatch denied',
    description: 'CloudWatch refuses every call (access denied).',
    fault: { kind: 'access_denied', api: 'cloudwatch' },
  },
  {
    preset: 'update_service_late',
    label: 'ECS change answers late',
    description: 'The next UpdateService is held 15 s (longer than the app waits), then applied: the app must read back, not resend.',
    fault: { kind: 'delayed_apply', api: 'ecs', operation: 'UpdateService', times: 1, delayMs: 15_000 },
  },
  {
    preset: 'update_service_dropped',
    label: 'ECS change lost',
    description: 'The next UpdateService is received and dropped: never applied, never answered.',
    fault: { kind: 'drop', api: 'ecs', operation: 'UpdateService', times: 1 },
  },
  {
    preset: 'lambda_throttled',
    label: 'Lambda throttled',
    description: 'Every Lambda call answers 429 TooManyRequestsException: function lists, concurrency reads and changes are refused.',
    fault: { kind: 'throttle', api: 'lambda' },
  },
  {
    preset: 'rds_errors',
    label: 'RDS failing',
    description: 'Every RDS call (DescribeDBInstances) answers 500 InternalFailure.',
    fault: { kind: 'server_error', api: 'rds' },
  },
  {
    preset: 'elasticache_hang',
    label: 'ElastiCache hangs',
    description: 'Every ElastiCache call (DescribeCacheClusters) is held without an answer until the client gives up.',
    fault: { kind: 'hang', api: 'elasticache' },
  },
  {
    preset: 'dynamodb_denied',
    label: 'DynamoDB denied',
    description: 'DynamoDB refuses every call (access denied): its tables cannot be listed or described.',
    fault: { kind: 'access_denied', api: 'dynamodb' },
  },
  {
    preset: 'logs_throttled',
    label: 'CloudWatch Logs throttled',
    description: 'Every CloudWatch Logs call answers ThrottlingException: log searches and tails are refused.',
    fault: { kind: 'throttle', api: 'logs' },
  },
  {
    preset: 'elbv2_throttled',
    label: 'Load balancer API throttled',
    description: 'Every Elastic Load Balancing call answers Throttling: target health and target groups cannot be read.',
    fault: { kind: 'throttle', api: 'elbv2' },
  },
] as const satisfies readonly { preset: string; label: string; description: string; fault: FaultInput }[]

export type GameDayFaultPreset = (typeof gameDayFaults)[number]['preset']
export const faultPresetsList = gameDayFaults.map((f) => f.preset) as [GameDayFaultPreset, ...GameDayFaultPreset[]]
export type ActiveFaultView = { id: string; kind: string; api?: string; operation?: string; times?: number }

export type ActiveScenarioView = { id: string; cluster: string; service: string; scenario: string; startedAt: string }
