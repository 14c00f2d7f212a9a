// What the service page receives. Each panel carries its own error, so one failing
// AWS call leaves the rest of the page working.
import type { Environment } from '@/lib/services/dto'
import type { CopyableCommand } from './commands'
import type { Finding, HealthStatus } from './rules'

export type Panel<T> = { data: T | null; error: string | null }

export const metricRanges = ['1h', '6h', '24h'] as const
export type MetricRange = (typeof metricRanges)[number]

export type DeploymentView = {
  id: string
  status: string
  taskDefinition: string
  desired: number
  running: number
  pending: number
  failedTasks: number
  rolloutState: string | null
  rolloutReason: string | null
  createdAt: string | null
  updatedAt: string | null
}

export type StoppedTaskView = {
  taskId: string
  stoppedAt: string | null
  stoppedReason: string | null
  stopCode: string | null
  exitCode: number | null
  containerReason: string | null
  oom: boolean
  taskDefinition: string | null
}

export type TaskDefinitionView = {
  arn: string
  family: string
  revision: number
  cpu: string | null
  memory: string | null
  images: string[]
  registeredAt: string | null
}

export type ServiceDetail = {
  service: {
    id: string
    name: string
    environment: Environment
    region: string
    cluster: string
    ecsServiceName: string
    team: string
    healthUrl: string | null
    targetGroupArn: string | null
  }
  refreshedAt: string
  stale: boolean
  status: HealthStatus
  reason: string
  findings: Finding[]
  observedAt: string
  /** ECS's status of the service (ACTIVE, DRAINING, INACTIVE); null when ECS could not be read. Only ACTIVE can be remediated. */
  serviceStatus: string | null
  /** While ECS cannot be read (status unknown): the last status this page saw, with its age; never shown as current. */
  lastKnown: { status: HealthStatus; reason: string; at: string } | null
  /** The target group read: ECS's, else the catalog's. */
  targetGroupArn: string | null
  /** The catalog names a target group ECS does not list for the service. */
  targetGroupWarning: string | null
  /** Latest values, null when older than two periods ("no data"); metricsAt says since when. */
  current: {
    cpuPercent: number | null
    memoryPercent: number | null
    errorRatePercent: number | null
    latencyMs: number | null
    metricsAt: { cpu: string | null; memory: string | null; loadBalancer: string | null; errors: string | null; latency: string | null } | null
    error: string | null
  }
  counts: Panel<{ desired: number; running: number; pending: number }>
  deployments: Panel<DeploymentView[]>
  events: Panel<{ at: string | null; message: string }[]>
  stoppedTasks: Panel<StoppedTaskView[]>
  taskDefinitions: Panel<{ current: TaskDefinitionView | null; previous: TaskDefinitionView | null }>
  alarms: Panel<{ name: string; state: string; reason: string | null; updatedAt: string | null }[]>
  targets: Panel<{ id: string; port: number | null; state: string; reason: string | null; description: string | null }[]>
  logs: Panel<{ at: string; message: string }[]>
  /** data is null when the service has no health URL. */
  probe: Panel<{ url: string; httpStatus: number | null; ok: boolean; latencyMs: number | null; detail: string | null } | null>
  commands: CopyableCommand[]
}

export type MetricPoint = {
  t: number
  cpuPercent: number | null
  memoryPercent: number | null
  errorRatePercent: number | null
  latencyMs: number | null
}

export type ServiceMetrics = {
  range: MetricRange
  periodSeconds: number
  points: MetricPoint[]
  refreshedAt: string
  error: string | null
}
