// ECS (awsJson1_1, AmazonEC2ContainerServiceV20141113.<Op>): the reads and writes the app uses.
import { optNumber, optString, page, stringList, type ApiContext, type Input, type OperationHandler } from './api-context'
import { nameFromArn, type SimCluster, type SimDeployment, type SimService, type SimTask, type SimTaskDef } from './model'
import { SimulationError, type Simulation } from './simulation'
import { STOPPED_VISIBLE_MS } from './constants'
import { AwsApiError, decodeToken, encodeToken } from './wire'

const invalid = (message: string) => new AwsApiError('InvalidParameterException', message)

function cluster(ctx: ApiContext, input: Input): SimCluster {
  const c = ctx.sim.clusterByRef(ctx.region, optString(input, 'cluster'))
  if (!c) throw new AwsApiError('ClusterNotFoundException', 'Cluster not found.')
  return c
}

function maxResults(input: Input, fallback: number): number {
  const n = optNumber(input, 'maxResults') ?? fallback
  if (!Number.isInteger(n) || n < 1 || n > 100) throw invalid('maxResults must be between 1 and 100.')
  return n
}

function offsetFrom(input: Input): number {
  const token = optString(input, 'nextToken')
  if (token === undefined) return 0
  const decoded = decodeToken<{ o?: number }>(token)
  if (typeof decoded?.o !== 'number') throw invalid('Invalid nextToken.')
  return decoded.o
}

function fail(err: unknown): never {
  if (err instanceof SimulationError) {
    if (err.code === 'not_active') throw new AwsApiError('ServiceNotActiveException', err.message)
    throw new AwsApiError(err.code === 'not_found' ? 'ClientException' : 'InvalidParameterException', err.message)
  }
  throw err
}

// ---- renderers ----

const date = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms))

function network(sim: Simulation, s: SimService) {
  const h = s.cluster.name.length
  return {
    awsvpcConfiguration: {
      subnets: [`subnet-0${(h * 7919).toString(16).padStart(16, '0').slice(0, 16)}`],
      securityGroups: [`sg-0${(h * 104729).toString(16).padStart(16, '0').slice(0, 16)}`],
      assignPublicIp: 'DISABLED',
    },
    account: sim.accountId,
  }
}

function renderDeployment(sim: Simulation, s: SimService, d: SimDeployment) {
  const mine = s.tasks.filter((t) => t.deploymentId === d.id)
  return {
    id: d.id,
    status: d.status,
    taskDefinition: d.taskDefinitionArn,
    desiredCount: d.desiredCount,
    pendingCount: mine.filter((t) => t.lastStatus === 'PENDING').length,
    runningCount: mine.filter((t) => t.lastStatus === 'RUNNING').length,
    failedTasks: d.failedTasks,
    createdAt: date(d.createdAt),
    updatedAt: date(d.updatedAt),
    launchType: 'FARGATE',
    platformVersion: '1.4.0',
    platformFamily: 'Linux',
    networkConfiguration: { awsvpcConfiguration: network(sim, s).awsvpcConfiguration },
    rolloutState: d.rolloutState,
    rolloutStateReason: d.rolloutStateReason,
  }
}

export function renderService(sim: Simulation, s: SimService) {
  return {
    serviceArn: s.arn,
    serviceName: s.name,
    clusterArn: s.cluster.arn,
    loadBalancers: s.targetGroup ? [{ targetGroupArn: s.targetGroup.arn, containerName: s.containerName, containerPort: s.containerPort }] : [],
    serviceRegistries: [],
    status: s.status,
    desiredCount: s.desiredCount,
    runningCount: s.tasks.filter((t) => t.lastStatus === 'RUNNING').length,
    pendingCount: s.tasks.filter((t) => t.lastStatus === 'PENDING').length,
    launchType: 'FARGATE',
    platformVersion: 'LATEST',
    platformFamily: 'Linux',
    taskDefinition: s.taskDefinitionArn,
    deploymentConfiguration: {
      deploymentCircuitBreaker: { ...s.circuitBreaker },
      maximumPercent: 200,
      minimumHealthyPercent: 100,
      strategy: 'ROLLING',
    },
    deployments: s.deployments.map((d) => renderDeployment(sim, s, d)),
    roleArn: `arn:aws:iam::${sim.accountId}:role/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS`,
    events: s.events.map((e) => ({ id: e.id, createdAt: date(e.createdAt), message: e.message })),
    createdAt: date(s.createdAt),
    placementConstraints: [],
    placementStrategy: [],
    networkConfiguration: { awsvpcConfiguration: network(sim, s).awsvpcConfiguration },
    healthCheckGracePeriodSeconds: s.targetGroup ? 60 : 0,
    schedulingStrategy: 'REPLICA',
    deploymentController: { type: 'ECS' },
    createdBy: `arn:aws:iam::${sim.accountId}:role/platform-deployer`,
    enableECSManagedTags: true,
    propagateTags: 'SERVICE',
    enableExecuteCommand: false,
    availabilityZoneRebalancing: 'ENABLED',
  }
}

function containerStatus(t: SimTask) {
  if (t.lastStatus === 'PENDING') return 'PENDING'
  if (t.lastStatus === 'STOPPED') return 'STOPPED'
  return 'RUNNING'
}

function renderTask(sim: Simulation, t: SimTask) {
  const s = sim.serviceOfTask(t)
  const td = sim.taskDefinitionOf(s.cluster.region, t.taskDefinitionArn)
  const attachmentId = `${t.id.slice(0, 8)}-${t.id.slice(8, 12)}-${t.id.slice(12, 16)}-${t.id.slice(16, 20)}-${t.id.slice(20, 32)}`
  const containers = (td.body.containerDefinitions as { name: string; image: string; essential?: boolean }[]).map((c, i) => ({
    containerArn: `arn:aws:ecs:${s.cluster.region}:${sim.accountId}:container/${s.cluster.name}/${t.id}/${attachmentId.slice(0, 8)}-c${i}`,
    taskArn: t.arn,
    name: c.name,
    image: c.image,
    runtimeId: `${t.id}-${i}`,
    lastStatus: containerStatus(t),
    exitCode: t.lastStatus === 'STOPPED' && (c.essential ?? true) ? t.exitCode : undefined,
    reason: (c.essential ?? true) ? t.containerReason : undefined,
    networkBindings: [],
    networkInterfaces: t.startedAt !== undefined ? [{ attachmentId, privateIpv4Address: t.ip }] : [],
    healthStatus: 'UNKNOWN',
    cpu: '0',
  }))
  return {
    attachments: [
      {
        id: attachmentId,
        type: 'ElasticNetworkInterface',
        status: t.lastStatus === 'STOPPED' ? 'DELETED' : 'ATTACHED',
        details: [
          { name: 'subnetId', value: network(sim, s).awsvpcConfiguration.subnets[0] },
          { name: 'networkInterfaceId', value: `eni-0${t.id.slice(0, 16)}` },
          { name: 'privateIPv4Address', value: t.ip },
        ],
      },
    ],
    availabilityZone: t.availabilityZone,
    clusterArn: s.cluster.arn,
    connectivity: t.lastStatus === 'STOPPED' ? undefined : 'CONNECTED',
    connectivityAt: date(t.createdAt + 5_000),
    containers,
    cpu: String(td.body.cpu ?? ''),
    memory: String(td.body.memory ?? ''),
    createdAt: date(t.createdAt),
    desiredStatus: t.desiredStatus,
    enableExecuteCommand: false,
    group: `service:${s.name}`,
    healthStatus: 'UNKNOWN',
    lastStatus: t.lastStatus,
    launchType: 'FARGATE',
    platformVersion: '1.4.0',
    platformFamily: 'Linux',
    pullStartedAt: t.startedAt !== undefined ? date(t.createdAt + 8_000) : undefined,
    pullStoppedAt: t.startedAt !== undefined ? date(t.startedAt - 2_000) : undefined,
    startedAt: date(t.startedAt),
    startedBy: t.deploymentId,
    stopCode: t.stopCode,
    stoppedAt: date(t.stoppedAt),
    stoppedReason: t.stoppedReason,
    stoppingAt: date(t.stoppingAt),
    executionStoppedAt: date(t.stoppedAt),
    taskArn: t.arn,
    taskDefinitionArn: t.taskDefinitionArn,
    version: t.lastStatus === 'STOPPED' ? 4 : t.lastStatus === 'RUNNING' ? 3 : 2,
    ephemeralStorage: { sizeInGiB: 20 },
  }
}

function renderTaskDefinition(sim: Simulation, td: SimTaskDef) {
  return {
    volumes: [],
    placementConstraints: [],
    ...td.body,
    taskDefinitionArn: td.arn,
    family: td.family,
    revision: td.revision,
    status: td.status,
    compatibilities: ['EC2', 'FARGATE'],
    requiresAttributes: [{ name: 'com.amazonaws.ecs.capability.logging-driver.awslogs' }, { name: 'ecs.capability.task-eni' }],
    registeredAt: date(td.registeredAt),
    registeredBy: `arn:aws:sts::${sim.accountId}:assumed-role/platform-deployer/ci`,
  }
}

const visible = (t: SimTask, now: number) => t.lastStatus !== 'STOPPED' || now - (t.stoppedAt ?? now) < STOPPED_VISIBLE_MS

// ---- operations ----

export const ecsOperations: Record<string, OperationHandler> = {
  DescribeClusters(input, ctx) {
    const refs = stringList(input, 'clusters') ?? ['default']
    if (refs.length > 100) throw invalid('clusters can have at most 100 items.')
    const clusters = []
    const failures = []
    for (const ref of refs) {
      const c = ctx.sim.clusterByRef(ctx.region, ref)
      if (!c) {
        failures.push({ arn: ref.startsWith('arn:') ? ref : `arn:aws:ecs:${ctx.region}:${ctx.sim.accountId}:cluster/${ref}`, reason: 'MISSING' })
        continue
      }
      ctx.touch([...c.services.values()].map((s) => s.key))
      const tasks = [...c.services.values()].flatMap((s) => s.tasks)
      clusters.push({
        clusterArn: c.arn,
        clusterName: c.name,
        status: 'ACTIVE',
        registeredContainerInstancesCount: 0,
        runningTasksCount: tasks.filter((t) => t.lastStatus === 'RUNNING').length,
        pendingTasksCount: tasks.filter((t) => t.lastStatus === 'PENDING').length,
        activeServicesCount: c.services.size,
        statistics: [],
        tags: [],
        settings: [{ name: 'containerInsights', value: 'disabled' }],
        capacityProviders: ['FARGATE', 'FARGATE_SPOT'],
        defaultCapacityProviderStrategy: [],
      })
    }
    return { clusters, failures }
  },

  ListServices(input, ctx) {
    const c = cluster(ctx, input)
    const names = [...c.services.keys()].sort()
    const { items, next } = page(names, offsetFrom(input), maxResults(input, 10))
    return {
      serviceArns: items.map((n) => c.services.get(n)!.arn),
      nextToken: next === undefined ? undefined : encodeToken({ o: next }),
    }
  },

  DescribeServices(input, ctx) {
    const c = cluster(ctx, input)
    const refs = stringList(input, 'services') ?? []
    if (refs.length === 0) throw invalid('Services cannot be empty.')
    // Real ECS answers this way above ten: callers must batch.
    if (refs.length > 10) throw invalid('service names can have at most 10 items.')
    const found = refs.map((ref) => ({ ref, s: ctx.sim.serviceByRef(c, ref) }))
    ctx.touch(found.flatMap((f) => (f.s ? [f.s.key] : [])))
    return {
      services: found.flatMap((f) => (f.s ? [renderService(ctx.sim, f.s)] : [])),
      failures: found
        .filter((f) => !f.s)
        .map((f) => ({
          arn: f.ref.startsWith('arn:') ? f.ref : `arn:aws:ecs:${ctx.region}:${ctx.sim.accountId}:service/${c.name}/${f.ref}`,
          reason: 'MISSING',
        })),
    }
  },

  ListTasks(input, ctx) {
    const c = cluster(ctx, input)
    const serviceName = optString(input, 'serviceName')
    let services = [...c.services.values()]
    if (serviceName !== undefined) {
      const s = ctx.sim.serviceByRef(c, serviceName)
      if (!s) throw new AwsApiError('ServiceNotFoundException', 'Service not found.')
      services = [s]
    }
    ctx.touch(services.map((s) => s.key))
    const desiredStatus = optString(input, 'desiredStatus') ?? 'RUNNING'
    if (!['RUNNING', 'PENDING', 'STOPPED'].includes(desiredStatus)) throw invalid('desiredStatus must be RUNNING, PENDING or STOPPED.')
    const family = optString(input, 'family')
    const now = ctx.sim.now()
    const tasks = services
      .flatMap((s) => s.tasks)
      .filter((t) =>
        desiredStatus === 'STOPPED' ? t.desiredStatus === 'STOPPED' && visible(t, now) : desiredStatus === 'RUNNING' && t.desiredStatus === 'RUNNING',
      )
      .filter((t) => !family || nameFromArn(t.taskDefinitionArn).split(':')[0] === family)
      .sort((a, b) => (b.stoppingAt ?? b.createdAt) - (a.stoppingAt ?? a.createdAt))
    const { items, next } = page(tasks, offsetFrom(input), maxResults(input, 100))
    return { taskArns: items.map((t) => t.arn), nextToken: next === undefined ? undefined : encodeToken({ o: next }) }
  },

  DescribeTasks(input, ctx) {
    const c = cluster(ctx, input)
    const refs = stringList(input, 'tasks') ?? []
    if (refs.length === 0) throw invalid('Tasks cannot be empty.')
    if (refs.length > 100) throw invalid('tasks can have at most 100 items.')
    const now = ctx.sim.now()
    const found = refs.map((ref) => {
      const t = ctx.sim.taskByRef(c, ref)
      return { ref, t: t && visible(t, now) ? t : undefined }
    })
    ctx.touch(found.flatMap((f) => (f.t ? [f.t.serviceKey] : [])))
    return {
      tasks: found.flatMap((f) => (f.t ? [renderTask(ctx.sim, f.t)] : [])),
      failures: found
        .filter((f) => !f.t)
        .map((f) => ({
          arn: f.ref.startsWith('arn:') ? f.ref : `arn:aws:ecs:${ctx.region}:${ctx.sim.accountId}:task/${c.name}/${f.ref}`,
          reason: 'MISSING',
        })),
    }
  },

  DescribeTaskDefinition(input, ctx) {
    const ref = optString(input, 'taskDefinition')
    if (!ref) throw invalid('taskDefinition cannot be empty.')
    const td = ctx.sim.taskDefinitionByRef(ctx.region, ref)
    if (!td) throw new AwsApiError('ClientException', 'Unable to describe task definition.')
    const include = stringList(input, 'include') ?? []
    return { taskDefinition: renderTaskDefinition(ctx.sim, td), tags: include.includes('TAGS') ? [] : undefined }
  },

  ListTaskDefinitions(input, ctx) {
    // Despite its name, ECS treats familyPrefix as the full family name.
    const family = optString(input, 'familyPrefix')
    const status = optString(input, 'status') ?? 'ACTIVE'
    const sort = optString(input, 'sort') ?? 'ASC'
    const list = ctx.sim
      .taskDefinitions(ctx.region)
      .filter((td) => (!family || td.family === family) && (status === 'ALL' || td.status === status))
      .sort((a, b) => (a.family === b.family ? a.revision - b.revision : a.family < b.family ? -1 : 1))
    if (sort === 'DESC') list.reverse()
    const { items, next } = page(list, offsetFrom(input), maxResults(input, 100))
    return { taskDefinitionArns: items.map((td) => td.arn), nextToken: next === undefined ? undefined : encodeToken({ o: next }) }
  },

  RegisterTaskDefinition(input, ctx) {
    const body: Input = { ...input }
    delete body.tags
    try {
      const td = ctx.sim.registerTaskDefinition(ctx.region, body)
      return { taskDefinition: renderTaskDefinition(ctx.sim, td), tags: Array.isArray(input.tags) ? input.tags : [] }
    } catch (err) {
      fail(err)
    }
  },

  UpdateService(input, ctx) {
    const c = cluster(ctx, input)
    const ref = optString(input, 'service')
    if (!ref) throw invalid('service cannot be empty.')
    const s = ctx.sim.serviceByRef(c, ref)
    if (!s) throw new AwsApiError('ServiceNotFoundException', 'Service not found.')
    ctx.touch([s.key])
    const cb = (input.deploymentConfiguration as Input | undefined)?.deploymentCircuitBreaker as Input | undefined
    try {
      ctx.sim.updateService(s, {
        desiredCount: optNumber(input, 'desiredCount'),
        taskDefinition: optString(input, 'taskDefinition'),
        forceNewDeployment: input.forceNewDeployment === true,
        circuitBreaker: cb ? { enable: cb.enable === true, rollback: cb.rollback === true } : undefined,
      })
    } catch (err) {
      fail(err)
    }
    return { service: renderService(ctx.sim, s) }
  },
}
