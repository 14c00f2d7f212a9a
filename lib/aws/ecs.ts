import 'server-only'
import {
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  DescribeTasksCommand,
  ListServicesCommand,
  ListTaskDefinitionsCommand,
  ListTasksCommand,
  RegisterTaskDefinitionCommand,
  UpdateServiceCommand,
  type Deployment,
  type RegisterTaskDefinitionCommandInput,
  type Service,
  type Task,
  type TaskDefinition,
  type UpdateServiceCommandInput,
} from '@aws-sdk/client-ecs'
import { chunk, iso, mapLimit, shortName } from './batch'
import { awsClients } from './clients'
import { callAws, toAwsError } from './errors'
import type {
  AwsWriteResult,
  DeploymentSummary,
  DescribeServicesResult,
  EcsServiceStatus,
  RolloutState,
  ServiceRef,
  TaskDefinitionChanges,
  TaskDefinitionHistory,
  TaskDefinitionSummary,
  TaskSummary,
} from './types'

/** AWS limits per call. */
export const DESCRIBE_SERVICES_MAX = 10
export const DESCRIBE_TASKS_MAX = 100
const CONCURRENCY = 4

const subject = (ref: ServiceRef) => `service ${ref.service} in ${ref.cluster} (${ref.region})`

// ---- reads ----

/**
 * Current state of many services, in as few DescribeServices calls as the 10-per-call limit
 * allows. When AWS refuses some batches (throttling, say) those services are listed in
 * `failures` and the rest still come back; when it refuses every batch, this throws.
 * A cluster that does not exist makes its services `missing`, not an error.
 */
export async function describeServices(refs: ServiceRef[], opts: { eventsLimit?: number } = {}): Promise<DescribeServicesResult> {
  const groups = new Map<string, { region: string; cluster: string; names: string[] }>()
  for (const ref of refs) {
    const key = `${ref.region}\u0000${ref.cluster}`
    const group = groups.get(key) ?? { region: ref.region, cluster: ref.cluster, names: [] }
    if (!group.names.includes(ref.service)) group.names.push(ref.service)
    groups.set(key, group)
  }
  const batches = [...groups.values()].flatMap((g) => chunk(g.names, DESCRIBE_SERVICES_MAX).map((names) => ({ ...g, names })))
  const key = (region: string, cluster: string, service: string) => `${region}\u0000${cluster}\u0000${service}`
  const found = new Map<string, Service>()
  const noCluster = new Set<string>()
  const failures: DescribeServicesResult['failures'] = []
  await mapLimit(batches, CONCURRENCY, async (b) => {
    try {
      const out = await callAws('ecs:DescribeServices', `services in ${b.cluster} (${b.region})`, () =>
        awsClients(b.region).ecs.send(new DescribeServicesCommand({ cluster: b.cluster, services: b.names })),
      )
      for (const s of out.services ?? []) if (s.serviceName) found.set(key(b.region, b.cluster, s.serviceName), s)
    } catch (err) {
      const error = toAwsError(err, 'ecs:DescribeServices')
      if (error.code === 'ClusterNotFoundException') noCluster.add(`${b.region}\u0000${b.cluster}`)
      else failures.push({ items: b.names.map((service) => ({ region: b.region, cluster: b.cluster, service })), error })
    }
  })
  // Nothing came back at all: fail like a single call would.
  if (failures.length === batches.length && batches.length > 0) throw failures[0].error
  const failed = new Set(failures.flatMap((f) => f.items.map((r) => key(r.region, r.cluster, r.service))))
  const services: EcsServiceStatus[] = []
  const missing: DescribeServicesResult['missing'] = []
  for (const ref of refs) {
    const k = key(ref.region, ref.cluster, ref.service)
    const s = found.get(k)
    if (s) services.push(toServiceStatus(ref, s, opts.eventsLimit ?? 20))
    else if (noCluster.has(`${ref.region}\u0000${ref.cluster}`)) missing.push({ ...ref, reason: 'cluster_not_found' })
    else if (!failed.has(k)) missing.push({ ...ref, reason: 'service_not_found' })
  }
  return { services, missing, failures }
}

/** One service; throws an AwsError (not_found when ECS does not know it). */
export async function describeService(ref: ServiceRef, opts: { eventsLimit?: number } = {}): Promise<EcsServiceStatus> {
  const { services, missing, failures } = await describeServices([ref], opts)
  if (failures[0]) throw failures[0].error
  if (missing[0]) throw notFoundError(ref, missing[0].reason === 'cluster_not_found' ? 'ClusterNotFoundException' : 'ServiceNotFoundException')
  return services[0]
}

/** Names of all services in a cluster. */
export async function listClusterServices(region: string, cluster: string): Promise<string[]> {
  const names: string[] = []
  let nextToken: string | undefined
  do {
    const out = await callAws('ecs:ListServices', `cluster ${cluster} (${region})`, () =>
      awsClients(region).ecs.send(new ListServicesCommand({ cluster, maxResults: 100, nextToken })),
    )
    for (const arn of out.serviceArns ?? []) names.push(shortName(arn)!)
    nextToken = out.nextToken
  } while (nextToken)
  return names
}

/** Recently stopped tasks of a service (ECS keeps them about an hour), newest first. */
export async function listStoppedTasks(ref: ServiceRef, opts: { limit?: number; scan?: number } = {}): Promise<TaskSummary[]> {
  const tasks = await tasksOf(ref, 'STOPPED', opts.scan ?? 200)
  const at = (t: TaskSummary) => Date.parse(t.stoppedAt ?? t.stoppingAt ?? t.createdAt ?? '') || 0
  return tasks.sort((a, b) => at(b) - at(a)).slice(0, opts.limit ?? 20)
}

/**
 * Recently stopped tasks of every service in a cluster, by service name, newest first: one
 * ListTasks scan for the cluster instead of one per service.
 */
export async function listClusterStoppedTasks(
  region: string,
  cluster: string,
  opts: { perService?: number; scan?: number } = {},
): Promise<Record<string, TaskSummary[]>> {
  const tasks = await tasksOf({ region, cluster }, 'STOPPED', opts.scan ?? 500)
  const at = (t: TaskSummary) => Date.parse(t.stoppedAt ?? t.stoppingAt ?? t.createdAt ?? '') || 0
  const byService: Record<string, TaskSummary[]> = {}
  for (const t of tasks.sort((a, b) => at(b) - at(a))) {
    if (!t.service) continue
    const list = (byService[t.service] ??= [])
    if (list.length < (opts.perService ?? 20)) list.push(t)
  }
  return byService
}

/** The service's running and starting tasks, oldest first. */
export async function listRunningTasks(ref: ServiceRef): Promise<TaskSummary[]> {
  const tasks = await tasksOf(ref, 'RUNNING', 1000)
  const at = (t: TaskSummary) => Date.parse(t.startedAt ?? t.createdAt ?? '') || 0
  return tasks.sort((a, b) => at(a) - at(b))
}

/** Without a service: every task in the cluster. */
async function tasksOf(ref: Omit<ServiceRef, 'service'> & { service?: string }, desiredStatus: 'RUNNING' | 'STOPPED', scan: number): Promise<TaskSummary[]> {
  const { ecs } = awsClients(ref.region)
  const what = ref.service ? subject(ref as ServiceRef) : `cluster ${ref.cluster} (${ref.region})`
  const arns: string[] = []
  let nextToken: string | undefined
  do {
    const out = await callAws('ecs:ListTasks', what, () =>
      ecs.send(new ListTasksCommand({ cluster: ref.cluster, serviceName: ref.service, desiredStatus, maxResults: 100, nextToken })),
    )
    arns.push(...(out.taskArns ?? []))
    nextToken = out.nextToken
  } while (nextToken && arns.length < scan)
  const batches = chunk(arns.slice(0, scan), DESCRIBE_TASKS_MAX)
  const described = await mapLimit(batches, CONCURRENCY, (tasks) =>
    callAws('ecs:DescribeTasks', what, () => ecs.send(new DescribeTasksCommand({ cluster: ref.cluster, tasks }))),
  )
  return described.flatMap((out) => (out.tasks ?? []).map(toTaskSummary))
}

/** A task definition by ARN, "family:revision" or family (latest ACTIVE revision). */
export async function describeTaskDefinition(region: string, taskDefinition: string): Promise<TaskDefinitionSummary> {
  const td = await fetchTaskDefinition(region, taskDefinition)
  return toTaskDefinitionSummary(td)
}

/** The given revision and the one before it (the highest ACTIVE revision below it): what a rollback would deploy. */
export async function getTaskDefinitionHistory(region: string, taskDefinition: string): Promise<TaskDefinitionHistory> {
  const current = await describeTaskDefinition(region, taskDefinition)
  let previousArn: string | undefined
  let nextToken: string | undefined
  do {
    const out = await callAws('ecs:ListTaskDefinitions', `family ${current.family}`, () =>
      awsClients(region).ecs.send(new ListTaskDefinitionsCommand({ familyPrefix: current.family, status: 'ACTIVE', sort: 'DESC', maxResults: 100, nextToken })),
    )
    previousArn = (out.taskDefinitionArns ?? []).find((arn) => {
      const [family, revision] = (shortName(arn) ?? '').split(':')
      return family === current.family && Number(revision) < current.revision
    })
    nextToken = out.nextToken
  } while (!previousArn && nextToken)
  const previous = previousArn ? await describeTaskDefinition(region, previousArn) : null
  return { current, previous }
}

// ---- writes (callers audit them) ----

export async function updateDesiredCount(ref: ServiceRef, desiredCount: number): Promise<AwsWriteResult & { service: EcsServiceStatus }> {
  return updateService(ref, { desiredCount })
}

/** Replaces every task with a fresh one from the same task definition (a rolling restart). */
export async function forceNewDeployment(ref: ServiceRef): Promise<AwsWriteResult & { deploymentId: string | null; service: EcsServiceStatus }> {
  const result = await updateService(ref, { forceNewDeployment: true })
  return { ...result, deploymentId: result.service.primaryDeployment?.id ?? null }
}

/** Rolls the service onto a task definition (a newer revision, or the previous one to roll back). */
export async function deployTaskDefinition(
  ref: ServiceRef,
  taskDefinition: string,
): Promise<AwsWriteResult & { deploymentId: string | null; service: EcsServiceStatus }> {
  const result = await updateService(ref, { taskDefinition })
  return { ...result, deploymentId: result.service.primaryDeployment?.id ?? null }
}

/** Registers a new revision copied from `source` with the changes applied (e.g. more memory). */
export async function registerTaskDefinitionFrom(
  region: string,
  source: string,
  changes: TaskDefinitionChanges,
): Promise<AwsWriteResult & { taskDefinition: TaskDefinitionSummary; sourceArn: string }> {
  const { ecs } = awsClients(region)
  const described = await callAws('ecs:DescribeTaskDefinition', `task definition ${source}`, () =>
    ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: source, include: ['TAGS'] })),
  )
  const td = described.taskDefinition
  if (!td?.family || !td.taskDefinitionArn) throw new Error(`DescribeTaskDefinition returned no task definition for ${source}`)
  const input = registrableCopy(td, changes)
  if (described.tags && described.tags.length > 0) input.tags = described.tags
  const out = await callAws('ecs:RegisterTaskDefinition', `family ${td.family}`, () =>
    awsClients(region).ecsWrite.send(new RegisterTaskDefinitionCommand(input)),
  )
  if (!out.taskDefinition) throw new Error('RegisterTaskDefinition returned no task definition')
  return { awsRequestId: out.$metadata.requestId ?? null, taskDefinition: toTaskDefinitionSummary(out.taskDefinition), sourceArn: td.taskDefinitionArn }
}

/** Sent once (the write client never retries): on a timeout the caller reads the service back. */
async function updateService(ref: ServiceRef, change: Omit<UpdateServiceCommandInput, 'cluster' | 'service'>) {
  const out = await callAws('ecs:UpdateService', subject(ref), () =>
    awsClients(ref.region).ecsWrite.send(new UpdateServiceCommand({ cluster: ref.cluster, service: ref.service, ...change })),
  )
  if (!out.service) throw notFoundError(ref)
  return { awsRequestId: out.$metadata.requestId ?? null, service: toServiceStatus(ref, out.service, 20) }
}

async function fetchTaskDefinition(region: string, taskDefinition: string): Promise<TaskDefinition> {
  const out = await callAws('ecs:DescribeTaskDefinition', `task definition ${taskDefinition}`, () =>
    awsClients(region).ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition })),
  )
  if (!out.taskDefinition) throw new Error(`DescribeTaskDefinition returned no task definition for ${taskDefinition}`)
  return out.taskDefinition
}

function notFoundError(ref: ServiceRef, code: 'ServiceNotFoundException' | 'ClusterNotFoundException' = 'ServiceNotFoundException') {
  const what = code === 'ClusterNotFoundException' ? `no cluster ${ref.cluster}` : `no service ${ref.service} in ${ref.cluster}`
  const err = Object.assign(new Error(`ECS has ${what}.`), { name: code })
  return toAwsError(err, 'ecs:DescribeServices', subject(ref))
}

// ---- mapping ----

/** The fields RegisterTaskDefinition accepts, copied from a described task definition. */
function registrableCopy(td: TaskDefinition, changes: TaskDefinitionChanges): RegisterTaskDefinitionCommandInput {
  const containers = structuredClone(td.containerDefinitions ?? [])
  const oldMemory = Number(td.memory)
  if (changes.memory !== undefined && oldMemory > 0) {
    const factor = changes.memory / oldMemory
    for (const c of containers) if (c.memory) c.memory = Math.min(changes.memory, Math.ceil(c.memory * factor))
  }
  for (const c of containers) {
    const image = c.name ? changes.images?.[c.name] : undefined
    if (image) c.image = image
  }
  return {
    family: td.family!,
    taskRoleArn: td.taskRoleArn,
    executionRoleArn: td.executionRoleArn,
    networkMode: td.networkMode,
    containerDefinitions: containers,
    volumes: td.volumes,
    placementConstraints: td.placementConstraints,
    requiresCompatibilities: td.requiresCompatibilities,
    cpu: changes.cpu !== undefined ? String(changes.cpu) : td.cpu,
    memory: changes.memory !== undefined ? String(changes.memory) : td.memory,
    pidMode: td.pidMode,
    ipcMode: td.ipcMode,
    proxyConfiguration: td.proxyConfiguration,
    inferenceAccelerators: td.inferenceAccelerators,
    ephemeralStorage: td.ephemeralStorage,
    runtimePlatform: td.runtimePlatform,
    enableFaultInjection: td.enableFaultInjection,
  }
}

function toDeployment(d: Deployment): DeploymentSummary {
  return {
    id: d.id ?? '',
    status: d.status ?? 'UNKNOWN',
    taskDefinitionArn: d.taskDefinition ?? '',
    taskDefinition: shortName(d.taskDefinition) ?? '',
    desiredCount: d.desiredCount ?? 0,
    runningCount: d.runningCount ?? 0,
    pendingCount: d.pendingCount ?? 0,
    failedTasks: d.failedTasks ?? 0,
    rolloutState: (d.rolloutState as RolloutState | undefined) ?? null,
    rolloutStateReason: d.rolloutStateReason ?? null,
    createdAt: iso(d.createdAt),
    updatedAt: iso(d.updatedAt),
  }
}

function toServiceStatus(ref: ServiceRef, s: Service, eventsLimit: number): EcsServiceStatus {
  const deployments = (s.deployments ?? []).map(toDeployment)
  const breaker = /circuit breaker/i
  const cb = s.deploymentConfiguration?.deploymentCircuitBreaker
  return {
    ref,
    arn: s.serviceArn ?? '',
    status: s.status ?? 'UNKNOWN',
    desiredCount: s.desiredCount ?? 0,
    runningCount: s.runningCount ?? 0,
    pendingCount: s.pendingCount ?? 0,
    taskDefinitionArn: s.taskDefinition ?? '',
    taskDefinition: shortName(s.taskDefinition) ?? '',
    deployments,
    primaryDeployment: deployments.find((d) => d.status === 'PRIMARY') ?? null,
    circuitBreakerTripped: deployments.some((d) => (d.rolloutState === 'FAILED' || d.status === 'PRIMARY') && breaker.test(d.rolloutStateReason ?? '')),
    circuitBreaker: cb ? { enabled: cb.enable ?? false, rollback: cb.rollback ?? false } : null,
    targetGroupArns: (s.loadBalancers ?? []).flatMap((lb) => (lb.targetGroupArn ? [lb.targetGroupArn] : [])),
    events: (s.events ?? []).slice(0, eventsLimit).map((e) => ({ id: e.id ?? '', at: iso(e.createdAt), message: e.message ?? '' })),
    createdAt: iso(s.createdAt),
  }
}

const oomPattern = /OutOfMemory|OOM/i
const healthCheckPattern = /health ?checks?/i

function toTaskSummary(t: Task): TaskSummary {
  const containers = (t.containers ?? []).map((c) => ({
    name: c.name ?? '',
    image: c.image ?? null,
    lastStatus: c.lastStatus ?? null,
    exitCode: c.exitCode ?? null,
    reason: c.reason ?? null,
  }))
  const telling =
    containers.find((c) => c.exitCode !== null && c.exitCode !== 0) ?? containers.find((c) => c.reason) ?? containers.find((c) => c.exitCode !== null)
  const oom = containers.some((c) => oomPattern.test(c.reason ?? ''))
  const stopped = t.desiredStatus === 'STOPPED' || t.lastStatus === 'STOPPED'
  const failed =
    stopped && (oom || t.stopCode === 'EssentialContainerExited' || t.stopCode === 'TaskFailedToStart' || healthCheckPattern.test(t.stoppedReason ?? ''))
  const ip =
    t.containers?.flatMap((c) => c.networkInterfaces ?? []).find((n) => n.privateIpv4Address)?.privateIpv4Address ??
    t.attachments?.flatMap((a) => a.details ?? []).find((d) => d.name === 'privateIPv4Address')?.value ??
    null
  return {
    taskArn: t.taskArn ?? '',
    taskId: shortName(t.taskArn) ?? '',
    service: t.group?.startsWith('service:') ? t.group.slice('service:'.length) : null,
    taskDefinitionArn: t.taskDefinitionArn ?? null,
    taskDefinition: shortName(t.taskDefinitionArn),
    lastStatus: t.lastStatus ?? null,
    desiredStatus: t.desiredStatus ?? null,
    startedBy: t.startedBy ?? null,
    createdAt: iso(t.createdAt),
    startedAt: iso(t.startedAt),
    stoppingAt: iso(t.stoppingAt),
    stoppedAt: iso(t.stoppedAt),
    stoppedReason: t.stoppedReason ?? null,
    stopCode: t.stopCode ?? null,
    containers,
    exitCode: telling?.exitCode ?? null,
    containerReason: telling?.reason ?? null,
    oom,
    failed,
    privateIp: ip,
    availabilityZone: t.availabilityZone ?? null,
  }
}

function toTaskDefinitionSummary(td: TaskDefinition): TaskDefinitionSummary {
  return {
    arn: td.taskDefinitionArn ?? '',
    family: td.family ?? '',
    revision: td.revision ?? 0,
    name: `${td.family}:${td.revision}`,
    status: td.status ?? 'UNKNOWN',
    cpu: td.cpu ?? null,
    memory: td.memory ?? null,
    registeredAt: iso(td.registeredAt),
    containers: (td.containerDefinitions ?? []).map((c) => ({
      name: c.name ?? '',
      image: c.image ?? null,
      cpu: c.cpu ?? null,
      memory: c.memory ?? null,
      memoryReservation: c.memoryReservation ?? null,
      essential: c.essential ?? true,
      logGroup: c.logConfiguration?.logDriver === 'awslogs' ? (c.logConfiguration.options?.['awslogs-group'] ?? null) : null,
      logStreamPrefix: c.logConfiguration?.logDriver === 'awslogs' ? (c.logConfiguration.options?.['awslogs-stream-prefix'] ?? null) : null,
    })),
  }
}
