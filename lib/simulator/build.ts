import type { Simulation } from './simulation'
import { serviceAlarms } from './alarms'
import { SimulationError } from './simulation'
// The simulated account: clusters, services, task definitions, tasks, deployments, target
// groups, alarms. Time-driven: state advances in fixed ticks up to the clock's "now" whenever
// someone looks (sync), so a test can move a manual clock and see the consequences.
import { type FleetServiceSpec } from './fleet'
import {
  MINUTE,
  serviceKey,
  type SimCluster,
  type SimDeployment,
  type SimLoadBalancer,
  type SimService,
  type SimTargetGroup,
  type SimTaskDef,
  type ServiceProfile,
} from './model'
import { hash32, unit } from './random'
import { HEALTH_CHECK_GRACE, DAY } from './constants'
import { newTask } from './scheduler'
import { event } from './minutes'

export function ensureCluster(sim: Simulation, region: string, name: string): SimCluster {
  const key = `${region}/${name}`
  let cluster = sim.clusters.get(key)
  if (!cluster) {
    cluster = { name, region, arn: `arn:aws:ecs:${region}:${sim.accountId}:cluster/${name}`, services: new Map() }
    sim.clusters.set(key, cluster)
  }
  return cluster
}

export function ensureLoadBalancer(sim: Simulation, cluster: SimCluster): SimLoadBalancer {
  if (!cluster.loadBalancer) {
    const id = hash32(sim.seed, cluster.region, cluster.name, 'alb').toString(16).padStart(8, '0') + hash32(cluster.name, 'alb2').toString(16).padStart(8, '0')
    const name = cluster.name.slice(0, 32)
    const lb: SimLoadBalancer = {
      arn: `arn:aws:elasticloadbalancing:${cluster.region}:${sim.accountId}:loadbalancer/app/${name}/${id}`,
      name,
      dimension: `app/${name}/${id}`,
      dnsName: `${name}-${id.slice(0, 10)}.${cluster.region}.elb.amazonaws.com`,
    }
    cluster.loadBalancer = lb
    sim.loadBalancers.set(lb.arn, lb)
  }
  return cluster.loadBalancer
}

export function addService(sim: Simulation, spec: FleetServiceSpec) {
  const region = spec.region ?? sim.defaultRegion
  const cluster = ensureCluster(sim, region, spec.cluster)
  const key = serviceKey(region, spec.cluster, spec.service)
  if (sim.services.has(key)) throw new SimulationError('invalid', `Service ${key} is listed twice in the fleet.`)
  const h = (name: string) => unit(sim.seed, key, name)
  const kind: ServiceProfile['kind'] = spec.targetGroupArn ? (spec.service.endsWith('-web') ? 'web' : 'api') : 'worker'
  const profile: ServiceProfile = {
    kind,
    baseCpu: 15 + 30 * h('cpu'),
    baseMem: 35 + 25 * h('mem'),
    baseRpm: kind === 'worker' ? 0 : Math.round(400 + 2600 * h('rpm')),
    baseLatency: kind === 'web' ? 0.12 + 0.15 * h('lat') : 0.04 + 0.12 * h('lat'),
    baseErrorShare: 0.0005 + 0.002 * h('err'),
    baselineTasks: 0,
  }
  const memory = spec.memory ?? (kind === 'worker' ? 2048 : kind === 'web' ? 512 : 1024)
  const cpu = spec.cpu ?? (kind === 'worker' ? 1024 : kind === 'web' ? 256 : 512)
  const port = spec.containerPort ?? (kind === 'worker' ? 0 : kind === 'web' ? 3000 : 8080)
  const family = `${spec.service}-${spec.cluster}`.slice(0, 255)
  const revision = Math.max(2, spec.revision ?? 3 + Math.floor(h('rev') * 3))
  const logGroup = `/ecs/${spec.cluster}/${spec.service}`
  const t0 = sim.startedAt
  let current: SimTaskDef | undefined
  for (let r = 1; r <= revision; r++) {
    const registeredAt = t0 - (revision - r + 1) * 3 * DAY - Math.floor(h(`reg${r}`) * 6) * 3_600_000
    current = sim.registerTaskDefinition(
      region,
      taskDefinitionBody(sim, { region, family, service: spec.service, version: `1.${r}.0`, cpu, memory, port, logGroup }),
      { registeredAt },
    )
  }
  const td = current!
  const desired = spec.desiredCount ?? 2 + Math.floor(h('desired') * 3)
  profile.baselineTasks = desired
  const deployedAt = td.registeredAt + 20 * MINUTE
  const deployment: SimDeployment = {
    id: `ecs-svc/${sim.rng.digits(19)}`,
    status: 'PRIMARY',
    taskDefinitionArn: td.arn,
    desiredCount: desired,
    failedTasks: 0,
    rolloutState: 'COMPLETED',
    rolloutStateReason: 'ECS deployment completed.',
    createdAt: deployedAt,
    updatedAt: deployedAt + 3 * MINUTE,
    doomed: false,
    rollback: false,
  }
  const s: SimService = {
    key,
    name: spec.service,
    arn: `arn:aws:ecs:${region}:${sim.accountId}:service/${spec.cluster}/${spec.service}`,
    cluster,
    createdAt: t0 - (revision + 1) * 3 * DAY,
    desiredCount: desired,
    taskDefinitionArn: td.arn,
    lastGoodTaskDefinitionArn: td.arn,
    deployments: [deployment],
    events: [],
    tasks: [],
    containerName: spec.service,
    containerPort: port,
    status: 'ACTIVE',
    circuitBreaker: spec.circuitBreaker ?? { enable: true, rollback: true },
    profile,
    consecutiveFailures: 0,
    lastFailureAt: 0,
    nextLaunchAt: 0,
    unhealthyPeak: 0,
    steady: true,
    scenarios: new Map(),
    scenarioHistory: [],
    samples: new Map(),
    logBuffer: [],
    logGroup,
  }
  if (spec.targetGroupArn) {
    const lb = ensureLoadBalancer(sim, cluster)
    const resource = spec.targetGroupArn.split(':').slice(5).join(':')
    const tg: SimTargetGroup = {
      arn: spec.targetGroupArn,
      name: resource.split('/')[1] ?? spec.service,
      dimension: resource,
      port,
      loadBalancer: lb,
      serviceKey: key,
    }
    s.targetGroup = tg
    sim.targetGroups.set(tg.arn, tg)
  }
  for (let i = 0; i < desired; i++) {
    const task = newTask(sim, s, deployment, deployedAt + 10_000)
    task.lastStatus = 'RUNNING'
    task.startedAt = deployedAt + 40_000
    task.healthyAt = task.startedAt + HEALTH_CHECK_GRACE
  }
  event(sim, s, deployedAt + 3 * MINUTE, `(service ${s.name}) (deployment ${deployment.id}) deployment completed.`)
  event(sim, s, deployedAt + 4 * MINUTE, `(service ${s.name}) has reached a steady state.`)
  event(sim, s, t0 - Math.floor(h('steady') * 6 * 3_600_000), `(service ${s.name}) has reached a steady state.`)
  cluster.services.set(s.name, s)
  sim.services.set(key, s)
  sim.alarms.push(...serviceAlarms(s, sim.accountId))
}

export function taskDefinitionBody(
  sim: Simulation,
  p: {
    region: string
    family: string
    service: string
    version: string
    cpu: number
    memory: number
    port: number
    logGroup: string
  },
): Record<string, unknown> {
  return {
    family: p.family,
    taskRoleArn: `arn:aws:iam::${sim.accountId}:role/${p.family}-task`,
    executionRoleArn: `arn:aws:iam::${sim.accountId}:role/ecsTaskExecutionRole`,
    networkMode: 'awsvpc',
    requiresCompatibilities: ['FARGATE'],
    cpu: String(p.cpu),
    memory: String(p.memory),
    containerDefinitions: [
      {
        name: p.service,
        image: `${sim.accountId}.dkr.ecr.${p.region}.amazonaws.com/${p.service}:${p.version}`,
        essential: true,
        portMappings: p.port ? [{ containerPort: p.port, hostPort: p.port, protocol: 'tcp' }] : [],
        environment: [{ name: 'NODE_ENV', value: 'production' }],
        logConfiguration: {
          logDriver: 'awslogs',
          options: { 'awslogs-group': p.logGroup, 'awslogs-region': p.region, 'awslogs-stream-prefix': p.service },
        },
      },
    ],
  }
}
