import 'server-only'
import type { AwsError } from './errors'

// What lib/aws hands to the rest of the app. Our own shapes: raw AWS objects never leave
// lib/aws. Times of things are ISO strings; points on a chart are epoch milliseconds.

/** One ECS service, as the catalog knows it. */
export type ServiceRef = { region: string; cluster: string; service: string }

export type RolloutState = 'IN_PROGRESS' | 'COMPLETED' | 'FAILED'

export type DeploymentSummary = {
  id: string
  /** PRIMARY is the deployment ECS is moving to; ACTIVE ones are being replaced. */
  status: string
  taskDefinitionArn: string
  /** "family:revision" */
  taskDefinition: string
  desiredCount: number
  runningCount: number
  pendingCount: number
  failedTasks: number
  rolloutState: RolloutState | null
  rolloutStateReason: string | null
  createdAt: string | null
  updatedAt: string | null
}

export type ServiceEvent = { id: string; at: string | null; message: string }

export type EcsServiceStatus = {
  ref: ServiceRef
  arn: string
  status: string
  desiredCount: number
  runningCount: number
  pendingCount: number
  taskDefinitionArn: string
  taskDefinition: string
  deployments: DeploymentSummary[]
  primaryDeployment: DeploymentSummary | null
  /** A deployment failed and the circuit breaker stopped it (and perhaps is rolling back). */
  circuitBreakerTripped: boolean
  circuitBreaker: { enabled: boolean; rollback: boolean } | null
  targetGroupArns: string[]
  /** Newest first. */
  events: ServiceEvent[]
  createdAt: string | null
}

/** Part of a many-item read that failed; the rest of the result is still good. */
export type PartialFailure<T> = { items: T[]; error: AwsError }

export type DescribeServicesResult = {
  /** In the order asked for. */
  services: EcsServiceStatus[]
  /** Asked for, but ECS does not know them (deleted, misspelt, or no such cluster). */
  missing: (ServiceRef & { reason: 'service_not_found' | 'cluster_not_found' })[]
  /** Batches AWS refused (throttled, denied, ...). */
  failures: PartialFailure<ServiceRef>[]
}

export type TaskContainerState = {
  name: string
  image: string | null
  lastStatus: string | null
  exitCode: number | null
  reason: string | null
}

export type TaskSummary = {
  taskArn: string
  taskId: string
  /** The ECS service that started it (from the task's group "service:<name>"). */
  service: string | null
  taskDefinitionArn: string | null
  taskDefinition: string | null
  lastStatus: string | null
  desiredStatus: string | null
  startedBy: string | null
  createdAt: string | null
  startedAt: string | null
  stoppingAt: string | null
  stoppedAt: string | null
  stoppedReason: string | null
  stopCode: string | null
  containers: TaskContainerState[]
  /** The exit code that explains the stop: the first essential container that exited non-zero, else the first known one. */
  exitCode: number | null
  /** The reason of that container, e.g. "OutOfMemoryError: Container killed due to memory usage". */
  containerReason: string | null
  /** Killed for using too much memory (exit 137 with an OutOfMemory reason). */
  oom: boolean
  /** Stopped because something went wrong (crash, OOM, failed health checks, failed start), not a scale-in or a replacement. */
  failed: boolean
  privateIp: string | null
  availabilityZone: string | null
}

export type TaskDefinitionSummary = {
  arn: string
  family: string
  revision: number
  /** "family:revision" */
  name: string
  status: string
  cpu: string | null
  memory: string | null
  registeredAt: string | null
  containers: {
    name: string
    image: string | null
    cpu: number | null
    memory: number | null
    memoryReservation: number | null
    essential: boolean
    logGroup: string | null
    logStreamPrefix: string | null
  }[]
}

export type TaskDefinitionHistory = {
  current: TaskDefinitionSummary
  /** The highest ACTIVE revision below the current one, if any: where a rollback goes. */
  previous: TaskDefinitionSummary | null
}

/** What to change when registering a new revision from an existing one. */
export type TaskDefinitionChanges = {
  /** Task-level memory in MiB. Container hard limits above zero are raised by the same factor. */
  memory?: number
  /** Task-level CPU units. */
  cpu?: number
  /** New image per container name. */
  images?: Record<string, string>
}

export type MetricTarget = {
  /** The caller's key for this service; results come back under it. */
  key: string
  cluster: string
  service: string
  /** With a target group, ALB request, 5xx, latency and unhealthy-host metrics are fetched too. */
  targetGroupArn?: string | null
  /** Looked up from the target group when not given. */
  loadBalancerArn?: string | null
}

export type ServiceMetricPoint = {
  /** Start of the period, epoch ms. */
  t: number
  cpuPercent: number | null
  memoryPercent: number | null
  requests: number | null
  /** Target 5xx plus the load balancer's own (elb5xx). */
  http5xx: number | null
  /** 503s the load balancer answered itself while the target group had no healthy target; null when not known. */
  elb5xx: number | null
  /** 5xx as a share of requests (the load balancer's own 503s count as requests too); null without traffic. */
  errorRatePercent: number | null
  latencyMs: number | null
  unhealthyTargets: number | null
  healthyTargets: number | null
}

export type ServiceMetrics = {
  key: string
  periodSeconds: number
  /** Oldest first. */
  points: ServiceMetricPoint[]
  /** The most recent value of each signal inside the window. */
  latest: Omit<ServiceMetricPoint, 't'>
  /** Start of the period of each latest value (epoch ms); null when the window has none. Older than two periods is no data. */
  latestAt: Record<Exclude<keyof ServiceMetricPoint, 't'>, number | null>
  /** Load-balancer metrics were asked for (a target group whose load balancer is known). */
  hasLoadBalancer: boolean
  /** Why some or all of this service's metrics are missing (AWS refused its call); null when complete. */
  error: AwsError | null
}

export type MetricsWindow = { start: Date; end: Date; periodSeconds?: number }

export type AlarmState = 'OK' | 'ALARM' | 'INSUFFICIENT_DATA'

export type AlarmSummary = {
  name: string
  arn: string
  description: string | null
  state: AlarmState
  stateReason: string | null
  stateUpdatedAt: string | null
  namespace: string | null
  metricName: string | null
  dimensions: Record<string, string>
  /** Dimensions of each metric a metric-math alarm combines (empty for a single-metric alarm). */
  metricDimensions: Record<string, string>[]
  statistic: string | null
  threshold: number | null
  comparison: string | null
  periodSeconds: number | null
  evaluationPeriods: number | null
  actionsEnabled: boolean
}

export type TargetState = 'initial' | 'healthy' | 'unhealthy' | 'unused' | 'draining' | 'unavailable' | 'unhealthy.draining' | 'unknown'

export type TargetHealth = {
  targetGroupArn: string
  targets: {
    id: string
    port: number | null
    availabilityZone: string | null
    state: TargetState
    reason: string | null
    description: string | null
  }[]
  counts: { healthy: number; unhealthy: number; initial: number; draining: number; other: number; total: number }
}

export type LogLine = {
  at: string
  timestamp: number
  stream: string
  message: string
  level: 'FATAL' | 'ERROR' | 'WARN' | 'INFO' | 'DEBUG' | null
  eventId: string | null
}

/** Every mutating call returns the AWS request id, for the audit log. */
export type AwsWriteResult = { awsRequestId: string | null }
