// The simulator's state. Internal: the API handlers render these into AWS wire shapes.
import type { ActiveScenario, ScenarioKind } from './scenarios'
import type { ResourceScenarioKind } from './resource-scenarios'

export type RolloutState = 'IN_PROGRESS' | 'COMPLETED' | 'FAILED'

export type SimEvent = { id: string; createdAt: number; message: string }

export type SimTaskDef = {
  arn: string
  family: string
  revision: number
  status: 'ACTIVE' | 'INACTIVE'
  registeredAt: number
  /** The registrable fields, as registered (containerDefinitions, cpu, memory, ...). */
  body: Record<string, unknown>
  /** Deployments of a bad revision always fail. */
  bad: boolean
}

export type SimDeployment = {
  id: string
  status: 'PRIMARY' | 'ACTIVE'
  taskDefinitionArn: string
  desiredCount: number
  failedTasks: number
  rolloutState: RolloutState
  rolloutStateReason: string
  createdAt: number
  updatedAt: number
  /** Its tasks exit shortly after starting (bad build). */
  doomed: boolean
  /** Started by the circuit breaker to undo a failed deployment. */
  rollback: boolean
}

export type TaskFailure = {
  exitCode: number
  containerReason?: string
  stoppedReason: string
  stopCode: 'EssentialContainerExited' | 'ServiceSchedulerInitiated' | 'TaskFailedToStart'
  cause: ScenarioKind | 'bad_deployment' | 'health_check'
}

export type SimTaskStatus = 'PENDING' | 'RUNNING' | 'DEACTIVATING' | 'STOPPING' | 'STOPPED'

export type SimTask = {
  id: string
  arn: string
  serviceKey: string
  deploymentId: string
  taskDefinitionArn: string
  lastStatus: SimTaskStatus
  desiredStatus: 'RUNNING' | 'STOPPED'
  createdAt: number
  readyAt: number
  startedAt?: number
  /** When ALB health checks first pass (or, without a target group, when the task counts as stable). */
  healthyAt?: number
  stoppingAt?: number
  stopAt?: number
  stoppedAt?: number
  stoppedReason?: string
  stopCode?: TaskFailure['stopCode']
  exitCode?: number
  containerReason?: string
  /** A failure scheduled for this task. */
  doom?: { at: number; failure: TaskFailure }
  /** Failing ALB health checks since this time. */
  unhealthySince?: number
  ip: string
  availabilityZone: string
}

export type MinuteSample = {
  running: number
  /** The fewest running at any moment of the minute (Container Insights reports several times a minute). */
  runningLow?: number
  cpu?: number
  mem?: number
  req?: number
  e5xx?: number
  /** 503s the load balancer answered itself because the target group had no target to send to. */
  elb5xx?: number
  lat?: number
  healthy?: number
  unhealthy?: number
}

export type ServiceProfile = {
  baseCpu: number
  baseMem: number
  baseRpm: number
  baseLatency: number
  baseErrorShare: number
  /** Tasks the service ran before the simulation started: the baseline's load divisor. */
  baselineTasks: number
  kind: 'api' | 'web' | 'worker'
}

export type SimLoadBalancer = { arn: string; name: string; dimension: string; dnsName: string }

export type SimTargetGroup = {
  arn: string
  name: string
  /** The CloudWatch dimension value: "targetgroup/<name>/<id>". */
  dimension: string
  port: number
  loadBalancer: SimLoadBalancer
  serviceKey: string
}

export type SimLogLine = { timestamp: number; stream: string; message: string }

export type SimService = {
  key: string
  name: string
  arn: string
  cluster: SimCluster
  createdAt: number
  desiredCount: number
  taskDefinitionArn: string
  /** The task definition of the last deployment that completed: where a rollback goes. */
  lastGoodTaskDefinitionArn: string
  deployments: SimDeployment[]
  /** Newest first. */
  events: SimEvent[]
  tasks: SimTask[]
  containerName: string
  containerPort: number
  targetGroup?: SimTargetGroup
  /** ACTIVE, or DRAINING / INACTIVE while a service_draining / service_inactive scenario deletes it. */
  status: 'ACTIVE' | 'DRAINING' | 'INACTIVE'
  /** Desired count before the service was deleted, restored when the deletion is cleared. */
  desiredBeforeDelete?: number
  circuitBreaker: { enable: boolean; rollback: boolean }
  profile: ServiceProfile
  consecutiveFailures: number
  lastFailureAt: number
  nextLaunchAt: number
  /** Most targets failing health checks at once during the current minute. */
  unhealthyPeak: number
  /** The fewest tasks running at any tick of the current minute (RunningTaskCount's Minimum); undefined at a minute's start. */
  runningLow?: number
  steady: boolean
  scenarios: Map<ScenarioKind, ActiveScenario>
  /** Every scenario interval, for the history of metrics and logs. */
  scenarioHistory: { kind: ScenarioKind; from: number; to?: number; options: ActiveScenario['options'] }[]
  /** Breaks of the resources it depends on (a resource scenario injected on any of their services): they move its 5xx, latency and logs. */
  dependencyHistory?: { kind: ResourceScenarioKind; resource: string; from: number; to?: number }[]
  samples: Map<number, MinuteSample>
  /** Log lines caused by state changes (crashes, kills); the steady chatter is generated on demand. */
  logBuffer: SimLogLine[]
  logGroup: string
}

export type SimCluster = {
  name: string
  arn: string
  region: string
  services: Map<string, SimService>
  loadBalancer?: SimLoadBalancer
}

export type SimAlarm = {
  name: string
  arn: string
  description: string
  serviceKey: string
  namespace: string
  metricName: string
  dimensions: { Name: string; Value: string }[]
  metric: keyof MinuteSample
  statistic: 'Average' | 'Maximum' | 'Minimum' | 'Sum'
  period: number
  evaluationPeriods: number
  datapointsToAlarm: number
  threshold: number
  comparison: 'GreaterThanThreshold' | 'LessThanThreshold'
  treatMissingData: 'missing' | 'notBreaching'
  actions: string[]
  state: 'OK' | 'ALARM' | 'INSUFFICIENT_DATA'
  stateReason: string
  stateReasonData?: string
  stateUpdatedAt: number
  configuredAt: number
  /**
   * A metric-math alarm: CloudWatch returns a `Metrics` list (these metrics and the expression)
   * instead of a metric of its own. Its value is 100 × parts[0] ÷ parts[1] for the minute.
   */
  math?: {
    id: string
    expression: string
    label: string
    parts: {
      id: string
      namespace: string
      metricName: string
      dimensions: { Name: string; Value: string }[]
      metric: keyof Omit<MinuteSample, 'running'>
      stat: 'Sum'
    }[]
  }
}

export const MINUTE = 60_000

export function serviceKey(region: string, cluster: string, service: string) {
  return `${region}/${cluster}/${service}`
}

/** Last path segment of an ARN, or the value itself when it is a plain name. */
export function nameFromArn(value: string): string {
  if (!value.startsWith('arn:')) return value
  const resource = value.split(':').slice(5).join(':')
  const parts = resource.split('/')
  return parts[parts.length - 1]
}
