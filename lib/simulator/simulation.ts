// The simulated account: clusters, services, task definitions, tasks, deployments, target
// groups, alarms. Time-driven: state advances in fixed ticks up to the clock's "now" whenever
// someone looks (sync), so a test can move a manual clock and see the consequences.
import { systemClock, type SimClock } from './clock'
import { DEFAULT_ACCOUNT_ID, DEFAULT_REGION, demoFleet, type FleetServiceSpec, type FleetSpec } from './fleet'
import { evaluateAlarm, serviceAlarms } from './alarms'
import { computeSample } from './metrics'
import {
  MINUTE,
  nameFromArn,
  serviceKey,
  type MinuteSample,
  type SimAlarm,
  type SimCluster,
  type SimDeployment,
  type SimLoadBalancer,
  type SimService,
  type SimTargetGroup,
  type SimTask,
  type SimTaskDef,
  type ServiceProfile,
  type TaskFailure,
} from './model'
import { hash32, Rng, unit } from './random'
import { isScenarioKind, type ActiveScenario, type ScenarioInput, type ScenarioKind } from './scenarios'

export type SimulationOptions = {
  fleet?: FleetSpec
  seed?: number
  clock?: SimClock
  log?: (line: string) => void
}

export class SimulationError extends Error {
  constructor(
    readonly code: 'not_found' | 'invalid' | 'not_active',
    message: string,
  ) {
    super(message)
  }
}

const TICK = 5_000
/** After a long pause (a laptop asleep), replay at most this much; earlier minutes get the baseline. */
const MAX_CATCH_UP = 6 * 60 * MINUTE
/** ECS shows stopped tasks for about an hour. */
export const STOPPED_VISIBLE_MS = 60 * MINUTE
const STOPPED_RETAINED_MS = 3 * 60 * MINUTE
const SAMPLES_RETAINED_MINUTES = 24 * 60
const LOG_BUFFER_MAX = 5_000
const EVENTS_KEPT = 100
const HEALTH_CHECK_GRACE = 20_000
const STABILIZE_WITHOUT_TG = 30_000
const UNHEALTHY_REPLACE_AFTER = 90_000
const DAY = 24 * 60 * MINUTE

type TargetState = {
  id: string
  port: number
  availabilityZone: string
  state: 'initial' | 'healthy' | 'unhealthy' | 'draining'
  reason?: string
  description?: string
}

export type UpdateServiceInput = {
  desiredCount?: number
  taskDefinition?: string
  forceNewDeployment?: boolean
  circuitBreaker?: { enable: boolean; rollback: boolean }
}

export type ServiceSnapshot = {
  region: string
  cluster: string
  service: string
  desiredCount: number
  runningCount: number
  pendingCount: number
  taskDefinition: string
  rolloutState: string
  deployments: number
  steady: boolean
  scenarios: ScenarioKind[]
  targetGroupArn: string | null
}

export class Simulation {
  readonly accountId: string
  readonly defaultRegion: string
  readonly seed: number
  readonly startedAt: number
  readonly clusters = new Map<string, SimCluster>()
  readonly services = new Map<string, SimService>()
  readonly targetGroups = new Map<string, SimTargetGroup>()
  readonly loadBalancers = new Map<string, SimLoadBalancer>()
  /** Sorted by name, as DescribeAlarms returns them. */
  readonly alarms: SimAlarm[] = []
  private readonly families = new Map<string, SimTaskDef[]>()
  private readonly clock: SimClock
  private readonly rng: Rng
  private readonly log: (line: string) => void
  private offset = 0
  private simTime: number
  private scenarioSeq = 0

  constructor(opts: SimulationOptions = {}) {
    const fleet = opts.fleet ?? demoFleet()
    this.clock = opts.clock ?? systemClock
    this.seed = opts.seed ?? 1
    this.rng = new Rng(this.seed)
    this.log = opts.log ?? (() => {})
    this.accountId = fleet.accountId ?? DEFAULT_ACCOUNT_ID
    this.defaultRegion = fleet.region ?? DEFAULT_REGION
    this.startedAt = this.clock.now()
    this.simTime = Math.floor(this.startedAt / TICK) * TICK
    for (const spec of fleet.services) this.addService(spec)
    this.alarms.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    for (const alarm of this.alarms) this.evaluate(alarm, this.simTime, true)
  }

  // ---- time ----

  now(): number {
    return this.clock.now() + this.offset
  }

  /** Moves simulated time forward (on top of the clock) and runs the simulation up to it. */
  advance(ms: number) {
    if (ms < 0) throw new SimulationError('invalid', 'time only moves forward')
    this.offset += ms
    this.sync()
  }

  /** Runs the simulation up to now. Every read calls this first. */
  sync() {
    const target = this.now()
    if (target - this.simTime > MAX_CATCH_UP) {
      this.simTime = Math.floor((target - MAX_CATCH_UP) / TICK) * TICK
    }
    while (this.simTime + TICK <= target) {
      this.simTime += TICK
      this.tick(this.simTime)
    }
  }

  /** Minutes before this one are complete and have data. */
  completedMinute(): number {
    return Math.floor(this.simTime / MINUTE)
  }

  // ---- lookups ----

  clusterByRef(region: string, ref: string | undefined): SimCluster | undefined {
    return this.clusters.get(`${region}/${nameFromArn(ref ?? 'default')}`)
  }

  serviceByRef(cluster: SimCluster, ref: string): SimService | undefined {
    return cluster.services.get(nameFromArn(ref))
  }

  service(region: string, cluster: string, service: string): SimService | undefined {
    return this.services.get(serviceKey(region, cluster, service))
  }

  taskByRef(cluster: SimCluster, ref: string): SimTask | undefined {
    const id = nameFromArn(ref)
    for (const s of cluster.services.values()) {
      const task = s.tasks.find((t) => t.id === id)
      if (task) return task
    }
    return undefined
  }

  serviceOfTask(task: SimTask): SimService {
    return this.services.get(task.serviceKey)!
  }

  /** "family", "family:revision" or a full ARN. */
  taskDefinitionByRef(region: string, ref: string): SimTaskDef | undefined {
    const short = ref.startsWith('arn:') ? (ref.split(':task-definition/')[1] ?? '') : ref
    const [family, rev] = short.split(':')
    const list = this.families.get(`${region}/${family}`)
    if (!list) return undefined
    if (rev === undefined) return [...list].reverse().find((td) => td.status === 'ACTIVE')
    return list.find((td) => td.revision === Number(rev))
  }

  taskDefinitions(region: string): SimTaskDef[] {
    const out: SimTaskDef[] = []
    for (const [key, list] of this.families) if (key.startsWith(`${region}/`)) out.push(...list)
    return out
  }

  taskDefinitionOf(region: string, arn: string): SimTaskDef {
    return this.taskDefinitionByRef(region, arn)!
  }

  // ---- ECS writes ----

  registerTaskDefinition(region: string, body: Record<string, unknown>, opts: { registeredAt?: number; bad?: boolean } = {}): SimTaskDef {
    const family = String(body.family ?? '')
    if (!/^[a-zA-Z0-9_-]{1,255}$/.test(family)) {
      throw new SimulationError('invalid', 'Family must match ^[a-zA-Z0-9_-]{1,255}$.')
    }
    const containers = body.containerDefinitions
    if (!Array.isArray(containers) || containers.length === 0) {
      throw new SimulationError('invalid', 'Container list cannot be empty.')
    }
    for (const c of containers as Record<string, unknown>[]) {
      if (typeof c?.name !== 'string' || typeof c?.image !== 'string') {
        throw new SimulationError('invalid', 'Container.name and Container.image should not be null or empty.')
      }
    }
    const key = `${region}/${family}`
    const list = this.families.get(key) ?? []
    const revision = (list[list.length - 1]?.revision ?? 0) + 1
    const td: SimTaskDef = {
      arn: `arn:aws:ecs:${region}:${this.accountId}:task-definition/${family}:${revision}`,
      family,
      revision,
      status: 'ACTIVE',
      registeredAt: opts.registeredAt ?? this.now(),
      body: structuredClone(body),
      bad: opts.bad ?? false,
    }
    list.push(td)
    this.families.set(key, list)
    return td
  }

  /** UpdateService: scale, change the task definition, force a deployment. */
  updateService(s: SimService, input: UpdateServiceInput) {
    this.sync()
    const t = this.simTime
    if (s.status !== 'ACTIVE') throw new SimulationError('not_active', 'Service was not ACTIVE.')
    let td: SimTaskDef | undefined
    if (input.taskDefinition !== undefined) {
      td = this.taskDefinitionByRef(s.cluster.region, input.taskDefinition)
      if (!td) throw new SimulationError('not_found', 'TaskDefinition not found.')
      if (td.status !== 'ACTIVE') throw new SimulationError('invalid', 'TaskDefinition is inactive.')
    }
    if (input.desiredCount !== undefined) {
      if (!Number.isInteger(input.desiredCount) || input.desiredCount < 0 || input.desiredCount > 5000) {
        throw new SimulationError('invalid', 'desiredCount must be between 0 and 5000.')
      }
      s.desiredCount = input.desiredCount
      s.nextLaunchAt = Math.min(s.nextLaunchAt, t)
    }
    if (input.circuitBreaker) s.circuitBreaker = { ...input.circuitBreaker }
    if ((td && td.arn !== s.taskDefinitionArn) || input.forceNewDeployment) {
      const target = td ?? this.taskDefinitionOf(s.cluster.region, s.taskDefinitionArn)
      this.startDeployment(s, target, t, { rollback: false })
    }
    this.schedule(s, t)
  }

  // ---- scenarios ----

  injectScenario(input: ScenarioInput): ActiveScenario {
    if (!isScenarioKind(input.scenario)) throw new SimulationError('invalid', `Unknown scenario "${String(input.scenario)}".`)
    this.sync()
    const s = this.findServiceByName(input.cluster, input.service)
    const t = this.simTime
    const existing = s.scenarios.get(input.scenario)
    if (existing) this.clearOne(s, input.scenario, t)
    const active: ActiveScenario = {
      id: `scn-${++this.scenarioSeq}`,
      cluster: s.cluster.name,
      service: s.name,
      scenario: input.scenario,
      options: { ...(input.options ?? {}) },
      startedAt: new Date(t).toISOString(),
    }
    s.scenarios.set(input.scenario, active)
    s.scenarioHistory.push({ kind: input.scenario, from: t, options: active.options })
    this.applyScenarioStart(s, active, t)
    this.log(`scenario ${active.scenario} on ${s.cluster.name}/${s.name}`)
    return active
  }

  listScenarios(): ActiveScenario[] {
    const out: ActiveScenario[] = []
    for (const s of this.services.values()) out.push(...s.scenarios.values())
    return out.sort((a, b) => Number(a.id.slice(4)) - Number(b.id.slice(4)))
  }

  /** Clears matching scenarios; with no filter, all of them. Returns how many were cleared. */
  clearScenarios(filter: { id?: string; cluster?: string; service?: string; scenario?: ScenarioKind } = {}): number {
    this.sync()
    const t = this.simTime
    let cleared = 0
    for (const s of this.services.values()) {
      if (filter.cluster && s.cluster.name !== filter.cluster) continue
      if (filter.service && s.name !== filter.service) continue
      for (const active of [...s.scenarios.values()]) {
        if (filter.id && active.id !== filter.id) continue
        if (filter.scenario && active.scenario !== filter.scenario) continue
        this.clearOne(s, active.scenario, t)
        cleared++
      }
    }
    return cleared
  }

  /** Services an API call concerns are throttled when a throttling scenario is on any of them. */
  isThrottled(keys: Iterable<string>): boolean {
    for (const key of keys) if (this.services.get(key)?.scenarios.has('throttling')) return true
    return false
  }

  /** Marks a revision as a bad build: deploying it fails. */
  markTaskDefinitionBad(region: string, ref: string, bad = true) {
    const td = this.taskDefinitionByRef(region, ref)
    if (!td) throw new SimulationError('not_found', `No task definition ${ref}.`)
    td.bad = bad
  }

  snapshot(): ServiceSnapshot[] {
    this.sync()
    return [...this.services.values()].map((s) => {
      const primary = s.deployments[0]
      return {
        region: s.cluster.region,
        cluster: s.cluster.name,
        service: s.name,
        desiredCount: s.desiredCount,
        runningCount: s.tasks.filter((t) => t.lastStatus === 'RUNNING').length,
        pendingCount: s.tasks.filter((t) => t.lastStatus === 'PENDING').length,
        taskDefinition: `${nameFromArn(s.taskDefinitionArn)}`,
        rolloutState: primary.rolloutState,
        deployments: s.deployments.length,
        steady: s.steady,
        scenarios: [...s.scenarios.keys()],
        targetGroupArn: s.targetGroup?.arn ?? null,
      }
    })
  }

  // ---- reads used by the API handlers ----

  /** A minute's sample: recorded while simulating, or the undisturbed baseline for earlier minutes. */
  sampleAt(s: SimService, minute: number): MinuteSample | undefined {
    const recorded = s.samples.get(minute)
    if (recorded) return recorded
    if (minute >= this.completedMinute()) return undefined
    return this.baselineSample(s, minute)
  }

  targetStates(tg: SimTargetGroup): TargetState[] {
    const s = this.services.get(tg.serviceKey)!
    const t = this.simTime
    const out: TargetState[] = []
    for (const task of s.tasks) {
      if (task.startedAt === undefined) continue
      const base = { id: task.ip, port: s.containerPort, availabilityZone: task.availabilityZone }
      if (task.lastStatus === 'DEACTIVATING') {
        out.push({ ...base, state: 'draining', reason: 'Target.DeregistrationInProgress', description: 'Target deregistration is in progress' })
      } else if (task.lastStatus === 'RUNNING') {
        if (task.unhealthySince !== undefined && t >= task.unhealthySince) {
          out.push({
            ...base,
            state: 'unhealthy',
            reason: 'Target.ResponseCodeMismatch',
            description: 'Health checks failed with these codes: [503]',
          })
        } else if (t < (task.healthyAt ?? 0)) {
          out.push({ ...base, state: 'initial', reason: 'Elb.RegistrationInProgress', description: 'Target registration is in progress' })
        } else {
          out.push({ ...base, state: 'healthy' })
        }
      }
    }
    return out
  }

  // ---- construction ----

  private ensureCluster(region: string, name: string): SimCluster {
    const key = `${region}/${name}`
    let cluster = this.clusters.get(key)
    if (!cluster) {
      cluster = { name, region, arn: `arn:aws:ecs:${region}:${this.accountId}:cluster/${name}`, services: new Map() }
      this.clusters.set(key, cluster)
    }
    return cluster
  }

  private ensureLoadBalancer(cluster: SimCluster): SimLoadBalancer {
    if (!cluster.loadBalancer) {
      const id =
        hash32(this.seed, cluster.region, cluster.name, 'alb').toString(16).padStart(8, '0') + hash32(cluster.name, 'alb2').toString(16).padStart(8, '0')
      const name = cluster.name.slice(0, 32)
      const lb: SimLoadBalancer = {
        arn: `arn:aws:elasticloadbalancing:${cluster.region}:${this.accountId}:loadbalancer/app/${name}/${id}`,
        name,
        dimension: `app/${name}/${id}`,
        dnsName: `${name}-${id.slice(0, 10)}.${cluster.region}.elb.amazonaws.com`,
      }
      cluster.loadBalancer = lb
      this.loadBalancers.set(lb.arn, lb)
    }
    return cluster.loadBalancer
  }

  private addService(spec: FleetServiceSpec) {
    const region = spec.region ?? this.defaultRegion
    const cluster = this.ensureCluster(region, spec.cluster)
    const key = serviceKey(region, spec.cluster, spec.service)
    if (this.services.has(key)) throw new SimulationError('invalid', `Service ${key} is listed twice in the fleet.`)
    const h = (name: string) => unit(this.seed, key, name)
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
    const t0 = this.startedAt
    let current: SimTaskDef | undefined
    for (let r = 1; r <= revision; r++) {
      const registeredAt = t0 - (revision - r + 1) * 3 * DAY - Math.floor(h(`reg${r}`) * 6) * 3_600_000
      current = this.registerTaskDefinition(
        region,
        this.taskDefinitionBody({ region, family, service: spec.service, version: `1.${r}.0`, cpu, memory, port, logGroup }),
        { registeredAt },
      )
    }
    const td = current!
    const desired = spec.desiredCount ?? 2 + Math.floor(h('desired') * 3)
    profile.baselineTasks = desired
    const deployedAt = td.registeredAt + 20 * MINUTE
    const deployment: SimDeployment = {
      id: `ecs-svc/${this.rng.digits(19)}`,
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
      arn: `arn:aws:ecs:${region}:${this.accountId}:service/${spec.cluster}/${spec.service}`,
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
      const lb = this.ensureLoadBalancer(cluster)
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
      this.targetGroups.set(tg.arn, tg)
    }
    for (let i = 0; i < desired; i++) {
      const task = this.newTask(s, deployment, deployedAt + 10_000)
      task.lastStatus = 'RUNNING'
      task.startedAt = deployedAt + 40_000
      task.healthyAt = task.startedAt + HEALTH_CHECK_GRACE
    }
    this.event(s, deployedAt + 3 * MINUTE, `(service ${s.name}) (deployment ${deployment.id}) deployment completed.`)
    this.event(s, deployedAt + 4 * MINUTE, `(service ${s.name}) has reached a steady state.`)
    this.event(s, t0 - Math.floor(h('steady') * 6 * 3_600_000), `(service ${s.name}) has reached a steady state.`)
    cluster.services.set(s.name, s)
    this.services.set(key, s)
    this.alarms.push(...serviceAlarms(s, this.accountId))
  }

  private taskDefinitionBody(p: {
    region: string
    family: string
    service: string
    version: string
    cpu: number
    memory: number
    port: number
    logGroup: string
  }): Record<string, unknown> {
    return {
      family: p.family,
      taskRoleArn: `arn:aws:iam::${this.accountId}:role/${p.family}-task`,
      executionRoleArn: `arn:aws:iam::${this.accountId}:role/ecsTaskExecutionRole`,
      networkMode: 'awsvpc',
      requiresCompatibilities: ['FARGATE'],
      cpu: String(p.cpu),
      memory: String(p.memory),
      containerDefinitions: [
        {
          name: p.service,
          image: `${this.accountId}.dkr.ecr.${p.region}.amazonaws.com/${p.service}:${p.version}`,
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

  // ---- the tick ----

  private tick(t: number) {
    for (const s of this.services.values()) this.stepService(s, t)
    if (t % MINUTE === 0) {
      const minute = t / MINUTE - 1
      for (const s of this.services.values()) this.recordMinute(s, minute, t)
      for (const alarm of this.alarms) this.evaluate(alarm, t, false)
    }
  }

  private stepService(s: SimService, t: number) {
    const leak = s.scenarios.get('memory_leak')
    const memLimit = Number(this.taskDefinitionOf(s.cluster.region, s.taskDefinitionArn).body.memory ?? 1024)
    for (const task of s.tasks) {
      if (task.lastStatus === 'STOPPED') continue
      if (task.lastStatus === 'PENDING' && task.desiredStatus === 'RUNNING' && t >= task.readyAt) this.taskStarted(s, task, t)
      if (task.lastStatus === 'RUNNING') {
        if (task.doom && t >= task.doom.at) {
          this.failTask(s, task, task.doom.failure, t)
          continue
        }
        if (leak && this.taskMemory(s, task, t) >= 100) {
          this.failTask(s, task, oomFailure('memory_leak'), t, Math.round(memLimit))
          continue
        }
        if (task.unhealthySince !== undefined && t - task.unhealthySince >= UNHEALTHY_REPLACE_AFTER) {
          this.stopTask(s, task, t, `Task failed ELB health checks in (target-group ${s.targetGroup?.arn})`, true)
          this.event(
            s,
            t,
            `(service ${s.name}) (task ${task.id}) (port ${s.containerPort}) is unhealthy in (target-group ${s.targetGroup?.arn}) due to (reason Health checks failed with these codes: [503]).`,
          )
          continue
        }
        // A task that has stayed up for five minutes since the last failure ends the failure streak.
        if (s.consecutiveFailures > 0 && task.startedAt !== undefined && task.startedAt > s.lastFailureAt && t - task.startedAt >= 5 * MINUTE) {
          s.consecutiveFailures = 0
        }
      }
      if ((task.lastStatus === 'DEACTIVATING' || task.lastStatus === 'STOPPING') && t >= (task.stopAt ?? t)) {
        task.lastStatus = 'STOPPED'
        task.stoppedAt = t
        task.exitCode ??= 0
      }
    }
    this.schedule(s, t)
    if (s.targetGroup) {
      const failing = s.tasks.filter((x) => x.lastStatus === 'RUNNING' && x.unhealthySince !== undefined && t >= x.unhealthySince).length
      s.unhealthyPeak = Math.max(s.unhealthyPeak, failing)
    }
    if (t % MINUTE === 0) this.prune(s, t)
  }

  private schedule(s: SimService, t: number) {
    const primary = s.deployments[0]
    const desired = s.desiredCount
    primary.desiredCount = desired
    const live = (depId?: string) => s.tasks.filter((x) => x.desiredStatus === 'RUNNING' && (!depId || x.deploymentId === depId))
    const healthy = (x: SimTask) => x.lastStatus === 'RUNNING' && t >= (x.healthyAt ?? Infinity) && (x.unhealthySince === undefined || t < x.unhealthySince)

    // Too many tasks in the primary deployment: scale in, pending ones first, then the newest.
    const primaryLive = live(primary.id)
    if (primaryLive.length > desired) {
      const victims = [...primaryLive]
        .sort((a, b) => rank(a) - rank(b) || (b.startedAt ?? b.createdAt) - (a.startedAt ?? a.createdAt))
        .slice(0, primaryLive.length - desired)
      for (const v of victims) this.stopTask(s, v, t, `Scaling activity initiated by (deployment ${primary.id})`, false)
      this.stoppedEvents(s, victims, t)
    }

    // Too few: launch, within the 200 % ceiling, unless backing off after failures. A failed
    // deployment keeps trying (with backoff), so clearing the cause lets the service recover.
    if (t >= s.nextLaunchAt) {
      const missing = desired - live(primary.id).length
      const room = Math.max(desired, desired * 2) - live().length
      const n = Math.min(missing, room)
      if (n > 0) this.launch(s, primary, n, t)
    }

    // Older deployments give way as the primary's tasks become healthy (minimum healthy 100 %).
    if (s.deployments.length > 1) {
      let surplus = live().filter(healthy).length - desired
      const drained: SimTask[] = []
      for (const dep of s.deployments.slice(1).reverse()) {
        for (const x of live(dep.id)) {
          if (!healthy(x)) {
            this.stopTask(s, x, t, `Scaling activity initiated by (deployment ${primary.id})`, false)
            drained.push(x)
          } else if (surplus > 0) {
            this.stopTask(s, x, t, `Scaling activity initiated by (deployment ${primary.id})`, false)
            drained.push(x)
            surplus--
          }
        }
        dep.desiredCount = live(dep.id).length
      }
      if (drained.length > 0) this.stoppedEvents(s, drained, t)
      // Drained deployments leave the list; a failed one stays visible until the rollback completes.
      s.deployments = s.deployments.filter(
        (d, i) => i === 0 || d.rolloutState === 'FAILED' || s.tasks.some((x) => x.deploymentId === d.id && x.lastStatus !== 'STOPPED'),
      )
    }

    if (primary.rolloutState === 'IN_PROGRESS' && s.circuitBreaker.enable && primary.failedTasks >= Math.min(200, Math.max(3, Math.ceil(desired * 0.5)))) {
      this.tripCircuitBreaker(s, primary, t)
      return
    }

    if (primary.rolloutState === 'IN_PROGRESS') {
      const mine = live(primary.id)
      const othersAlive = s.tasks.some((x) => x.deploymentId !== primary.id && x.lastStatus !== 'STOPPED')
      if (mine.length === desired && mine.every(healthy) && !othersAlive) {
        primary.rolloutState = 'COMPLETED'
        primary.rolloutStateReason = 'ECS deployment completed.'
        primary.updatedAt = t
        s.lastGoodTaskDefinitionArn = primary.taskDefinitionArn
        s.deployments = [primary]
        this.event(s, t, `(service ${s.name}) (deployment ${primary.id}) deployment completed.`)
      }
    }

    const running = s.tasks.filter((x) => x.lastStatus === 'RUNNING')
    const steady =
      primary.rolloutState === 'COMPLETED' &&
      s.deployments.length === 1 &&
      running.length === desired &&
      s.tasks.every((x) => x.lastStatus === 'STOPPED' || (x.lastStatus === 'RUNNING' && healthy(x)))
    if (steady && !s.steady) this.event(s, t, `(service ${s.name}) has reached a steady state.`)
    s.steady = steady
  }

  private startDeployment(s: SimService, td: SimTaskDef, t: number, opts: { rollback: boolean }): SimDeployment {
    for (const d of s.deployments) d.status = 'ACTIVE'
    const id = `ecs-svc/${this.rng.digits(19)}`
    const deployment: SimDeployment = {
      id,
      status: 'PRIMARY',
      taskDefinitionArn: td.arn,
      desiredCount: s.desiredCount,
      failedTasks: 0,
      rolloutState: 'IN_PROGRESS',
      rolloutStateReason: `ECS deployment ${id} in progress.`,
      createdAt: t,
      updatedAt: t,
      doomed: !opts.rollback && (td.bad || s.scenarios.has('failed_deployment')),
      rollback: opts.rollback,
    }
    s.deployments.unshift(deployment)
    s.taskDefinitionArn = td.arn
    s.steady = false
    s.consecutiveFailures = 0
    s.nextLaunchAt = t
    this.log(`deployment ${id} of ${td.family}:${td.revision} on ${s.cluster.name}/${s.name}${deployment.doomed ? ' (will fail)' : ''}`)
    return deployment
  }

  private tripCircuitBreaker(s: SimService, failed: SimDeployment, t: number) {
    failed.rolloutState = 'FAILED'
    failed.rolloutStateReason = 'ECS deployment circuit breaker: tasks failed to start.'
    failed.updatedAt = t
    this.event(s, t, `(service ${s.name}) (deployment ${failed.id}) deployment failed: tasks failed to start.`)
    if (!s.circuitBreaker.rollback || failed.rollback) {
      const why = failed.rollback ? 'the rollback itself failed' : 'rollback is turned off'
      this.event(s, t, `(service ${s.name}) (deployment ${failed.id}) ECS deployment circuit breaker marked the deployment failed; ${why}.`)
      return
    }
    const previous = s.deployments.find((d) => d !== failed && d.rolloutState === 'COMPLETED')
    const target = this.taskDefinitionOf(s.cluster.region, s.lastGoodTaskDefinitionArn)
    const rollback = this.startDeployment(s, target, t, { rollback: true })
    const to = previous ? `deploymentId ${previous.id}` : `task definition ${target.family}:${target.revision}`
    rollback.rolloutStateReason = `ECS deployment circuit breaker: rolling back to ${to}.`
    this.event(s, t, `(service ${s.name}) ECS deployment circuit breaker: rolling back to ${to} (${target.family}:${target.revision}).`)
    for (const x of s.tasks.filter((x) => x.deploymentId === failed.id && x.desiredStatus === 'RUNNING')) {
      this.stopTask(s, x, t, `Scaling activity initiated by (deployment ${rollback.id})`, false)
    }
    this.schedule(s, t)
  }

  private newTask(s: SimService, dep: SimDeployment, t: number): SimTask {
    const id = this.rng.hex(32)
    const task: SimTask = {
      id,
      arn: `arn:aws:ecs:${s.cluster.region}:${this.accountId}:task/${s.cluster.name}/${id}`,
      serviceKey: s.key,
      deploymentId: dep.id,
      taskDefinitionArn: dep.taskDefinitionArn,
      lastStatus: 'PENDING',
      desiredStatus: 'RUNNING',
      createdAt: t,
      readyAt: t + Math.round(this.rng.between(15, 35)) * 1000,
      ip: `10.0.${this.rng.int(0, 63)}.${this.rng.int(2, 254)}`,
      availabilityZone: `${s.cluster.region}${'abc'[this.rng.int(0, 2)]}`,
    }
    s.tasks.push(task)
    return task
  }

  private launch(s: SimService, dep: SimDeployment, n: number, t: number) {
    const ids: string[] = []
    for (let i = 0; i < n; i++) ids.push(this.newTask(s, dep, t).id)
    this.event(s, t, `(service ${s.name}) has started ${n} tasks: ${ids.map((id) => `(task ${id})`).join(' ')}.`)
  }

  private taskStarted(s: SimService, task: SimTask, t: number) {
    task.lastStatus = 'RUNNING'
    task.startedAt = t
    task.healthyAt = t + (s.targetGroup ? HEALTH_CHECK_GRACE : STABILIZE_WITHOUT_TG)
    const dep = s.deployments.find((d) => d.id === task.deploymentId)
    if (dep?.doomed) {
      task.doom = { at: t + Math.round(this.rng.between(4, 15)) * 1000, failure: crashFailure('bad_deployment') }
    } else if (s.scenarios.has('crash_loop')) {
      task.doom = { at: t + Math.round(this.rng.between(5, 25)) * 1000, failure: crashFailure('crash_loop') }
    } else if (s.scenarios.has('oom')) {
      task.doom = { at: t + Math.round(this.rng.between(60, 240)) * 1000, failure: oomFailure('oom') }
    }
    const unhealthy = s.scenarios.get('unhealthy_targets')
    if (unhealthy && s.targetGroup) {
      // Keep about the requested share of live targets failing their checks.
      const live = s.tasks.filter((x) => x.desiredStatus === 'RUNNING' && x.startedAt !== undefined)
      const failing = live.filter((x) => x.unhealthySince !== undefined).length
      if (failing < Math.max(1, Math.ceil(live.length * (unhealthy.options.unhealthyShare ?? 0.5)))) task.unhealthySince = task.healthyAt
    }
    const td = this.taskDefinitionOf(s.cluster.region, task.taskDefinitionArn)
    const image = String((td.body.containerDefinitions as { image?: string }[])[0]?.image ?? '')
    const version = image.split(':').pop()
    this.logLine(s, task, t, `INFO  ${s.name} ${version} started${s.containerPort ? `, listening on :${s.containerPort}` : ''}`)
    if (s.targetGroup) this.event(s, t, `(service ${s.name}) registered 1 targets in (target-group ${s.targetGroup.arn})`)
  }

  /** A container exit: the task stops at once. */
  private failTask(s: SimService, task: SimTask, failure: TaskFailure, t: number, memLimit?: number) {
    task.lastStatus = 'STOPPED'
    task.desiredStatus = 'STOPPED'
    task.stoppingAt = t
    task.stoppedAt = t
    task.stoppedReason = failure.stoppedReason
    task.stopCode = failure.stopCode
    task.exitCode = failure.exitCode
    task.containerReason = failure.containerReason
    task.doom = undefined
    this.countFailure(s, task, t)
    if (failure.exitCode === 137) {
      const limit = memLimit ?? Number(this.taskDefinitionOf(s.cluster.region, task.taskDefinitionArn).body.memory ?? 1024)
      this.logLine(s, task, t - 1000, `WARN  memory pressure: rss ${Math.round(limit * 0.97)} MiB of ${limit} MiB`)
      this.logLine(s, task, t, `FATAL out of memory: heap limit reached, process killed (rss ${limit} MiB of ${limit} MiB)`)
    } else if (failure.cause === 'bad_deployment') {
      this.logLine(s, task, t - 1000, `ERROR Error: required setting UPSTREAM_BASE_URL is missing or empty`)
      this.logLine(s, task, t, `FATAL startup failed, process exiting with code 1`)
    } else {
      this.logLine(s, task, t - 1000, `ERROR Unhandled exception: Error: connect ECONNREFUSED 10.0.12.4:5432 (database)`)
      this.logLine(s, task, t, `FATAL process exiting with code 1`)
    }
  }

  /** The scheduler stops a task: it drains, then stops. */
  private stopTask(s: SimService, task: SimTask, t: number, reason: string, failed: boolean) {
    task.desiredStatus = 'STOPPED'
    task.stoppingAt = t
    task.stoppedReason = reason
    task.stopCode = 'ServiceSchedulerInitiated'
    task.doom = undefined
    if (task.lastStatus === 'PENDING') {
      task.lastStatus = 'STOPPED'
      task.stoppedAt = t
    } else {
      task.lastStatus = s.targetGroup ? 'DEACTIVATING' : 'STOPPING'
      task.stopAt = t + (s.targetGroup ? 15_000 : 5_000)
      if (failed) task.exitCode = 143
      this.logLine(s, task, t, `INFO  received SIGTERM, shutting down`)
    }
    if (failed) this.countFailure(s, task, t)
  }

  private countFailure(s: SimService, task: SimTask, t: number) {
    const dep = s.deployments.find((d) => d.id === task.deploymentId)
    if (dep && dep.rolloutState === 'IN_PROGRESS') {
      dep.failedTasks++
      dep.updatedAt = t
    }
    s.consecutiveFailures++
    s.lastFailureAt = t
    s.nextLaunchAt = t + Math.min(300_000, 10_000 * 2 ** (Math.min(s.consecutiveFailures, 6) - 1))
    s.steady = false
    if (s.consecutiveFailures === 3) {
      this.event(
        s,
        t,
        `(service ${s.name}) is unable to consistently start tasks successfully. For more information, see the Troubleshooting section of the Amazon ECS Developer Guide.`,
      )
    }
  }

  private stoppedEvents(s: SimService, tasks: SimTask[], t: number) {
    const running = tasks.filter((x) => x.startedAt !== undefined)
    if (running.length === 0) return
    const list = running.map((x) => `(task ${x.id})`).join(' ')
    if (s.targetGroup) {
      this.event(s, t, `(service ${s.name}) has begun draining connections on ${running.length} tasks.`)
      this.event(s, t, `(service ${s.name}) deregistered ${running.length} targets in (target-group ${s.targetGroup.arn})`)
    }
    this.event(s, t, `(service ${s.name}) has stopped ${running.length} running tasks: ${list}.`)
  }

  private taskMemory(s: SimService, task: SimTask, t: number): number {
    const leak = s.scenarios.get('memory_leak')
    const base = s.profile.baseMem
    if (!leak || task.startedAt === undefined) return base
    const since = Math.max(task.startedAt, Date.parse(leak.startedAt))
    return base + (leak.options.leakPerMinute ?? 2.5) * ((t - since) / MINUTE)
  }

  private applyScenarioStart(s: SimService, active: ActiveScenario, t: number) {
    const running = s.tasks.filter((x) => x.lastStatus === 'RUNNING')
    switch (active.scenario) {
      case 'service_inactive':
      case 'service_draining':
        // DeleteService: scaled to zero, then DRAINING while tasks stop, then INACTIVE.
        if (s.desiredBeforeDelete === undefined) s.desiredBeforeDelete = s.desiredCount
        s.desiredCount = 0
        s.status = s.scenarios.has('service_inactive') ? 'INACTIVE' : 'DRAINING'
        this.event(s, t, `(service ${s.name}) was deleted.`)
        this.schedule(s, t)
        break
      case 'target_group_replaced':
        this.replaceTargetGroup(s, t)
        break
      case 'crash_loop':
        for (const x of running) x.doom ??= { at: t + Math.round(this.rng.between(5, 40)) * 1000, failure: crashFailure('crash_loop') }
        break
      case 'oom':
        for (const x of running) x.doom ??= { at: t + Math.round(this.rng.between(20, 150)) * 1000, failure: oomFailure('oom') }
        break
      case 'unhealthy_targets': {
        if (!s.targetGroup) break
        const n = Math.max(1, Math.ceil(running.length * (active.options.unhealthyShare ?? 0.5)))
        for (const x of running.slice(0, n)) x.unhealthySince = t
        break
      }
      case 'failed_deployment':
        if (active.options.deploy) {
          const current = this.taskDefinitionOf(s.cluster.region, s.taskDefinitionArn)
          const body = structuredClone(current.body)
          const containers = body.containerDefinitions as { image: string }[]
          for (const c of containers) c.image = c.image.replace(/:([^:/]+)$/, (_m, tag: string) => `:${tag}-rc1`)
          const bad = this.registerTaskDefinition(s.cluster.region, body, { bad: true })
          this.startDeployment(s, bad, t, { rollback: false })
          this.schedule(s, t)
        }
        break
      default:
        break
    }
  }

  private clearOne(s: SimService, kind: ScenarioKind, t: number) {
    s.scenarios.delete(kind)
    const open = [...s.scenarioHistory].reverse().find((h) => h.kind === kind && h.to === undefined)
    if (open) open.to = t
    for (const x of s.tasks) {
      if (x.doom && x.doom.failure.cause === kind) x.doom = undefined
      if (kind === 'unhealthy_targets') x.unhealthySince = undefined
    }
    if (kind === 'crash_loop' || kind === 'oom') {
      s.consecutiveFailures = 0
      s.nextLaunchAt = Math.min(s.nextLaunchAt, t)
    }
    if ((kind === 'service_inactive' || kind === 'service_draining') && !s.scenarios.has('service_inactive') && !s.scenarios.has('service_draining')) {
      s.status = 'ACTIVE'
      s.desiredCount = s.desiredBeforeDelete ?? s.desiredCount
      s.desiredBeforeDelete = undefined
      s.nextLaunchAt = Math.min(s.nextLaunchAt, t)
      this.event(s, t, `(service ${s.name}) was created again.`)
    }
  }

  /** The service leaves its target group for a new one on the same load balancer; the old one is deleted. */
  private replaceTargetGroup(s: SimService, t: number) {
    const old = s.targetGroup
    if (!old) return
    const id = hash32(this.seed, old.arn, t).toString(16).padStart(16, '0').slice(0, 16)
    const name = `${old.name.slice(0, 26)}-v2`.slice(0, 32)
    const dimension = `targetgroup/${name}/${id}`
    const arn = `${old.arn.split(':').slice(0, 5).join(':')}:${dimension}`
    const tg: SimTargetGroup = { ...old, arn, name, dimension }
    this.targetGroups.delete(old.arn)
    this.targetGroups.set(arn, tg)
    s.targetGroup = tg
    for (const alarm of this.alarms) {
      if (alarm.serviceKey !== s.key) continue
      alarm.dimensions = alarm.dimensions.map((d) => (d.Name === 'TargetGroup' ? { ...d, Value: dimension } : d))
    }
    this.event(s, t, `(service ${s.name}) registered its targets in (target-group ${arn}); (target-group ${old.arn}) was deleted.`)
  }

  private findServiceByName(cluster: string, service: string): SimService {
    for (const s of this.services.values()) {
      if (s.cluster.name === nameFromArn(cluster) && s.name === nameFromArn(service)) return s
    }
    throw new SimulationError('not_found', `No service ${service} in cluster ${cluster}.`)
  }

  // ---- metrics and alarms ----

  private recordMinute(s: SimService, minute: number, t: number) {
    const running = s.tasks.filter((x) => x.lastStatus === 'RUNNING')
    let leakMemory: number | undefined
    if (s.scenarios.has('memory_leak') && running.length > 0) {
      leakMemory = Math.min(99.9, running.reduce((sum, x) => sum + this.taskMemory(s, x, t), 0) / running.length)
    }
    let healthy: number | undefined
    let unhealthy: number | undefined
    if (s.targetGroup) {
      const states = this.targetStates(s.targetGroup)
      healthy = states.filter((x) => x.state === 'healthy').length
      // UnHealthyHostCount's Maximum sees every failing target during the minute.
      unhealthy = Math.max(s.unhealthyPeak, states.filter((x) => x.state === 'unhealthy').length)
      s.unhealthyPeak = 0
    }
    const scenarios = new Map([...s.scenarios].map(([k, v]) => [k, { from: Date.parse(v.startedAt), options: v.options }]))
    // No datapoint reaches CloudWatch for this service any more.
    if (s.scenarios.has('metrics_stop')) {
      s.samples.set(minute, { running: running.length })
      return
    }
    s.samples.set(
      minute,
      computeSample({
        seed: this.seed,
        key: s.key,
        profile: s.profile,
        minute,
        desired: s.desiredCount,
        running: running.length,
        hasTargetGroup: Boolean(s.targetGroup),
        scenarios,
        leakMemory,
        healthy,
        unhealthy,
      }),
    )
  }

  private baselineSample(s: SimService, minute: number): MinuteSample {
    const desired = s.profile.baselineTasks
    return computeSample({
      seed: this.seed,
      key: s.key,
      profile: s.profile,
      minute,
      desired,
      running: desired,
      hasTargetGroup: Boolean(s.targetGroup),
      scenarios: new Map(),
    })
  }

  private evaluate(alarm: SimAlarm, t: number, initial: boolean) {
    const s = this.services.get(alarm.serviceKey)!
    const from = initial ? undefined : alarm.state
    evaluateAlarm(alarm, t, (minute) => (initial ? this.baselineSample(s, minute) : this.sampleAt(s, minute)), initial)
    if (from !== undefined && from !== alarm.state) this.log(`alarm ${alarm.name} ${from} -> ${alarm.state}`)
  }

  // ---- housekeeping ----

  private event(s: SimService, t: number, message: string) {
    s.events.unshift({ id: this.rng.uuid(), createdAt: t, message })
    if (s.events.length > 1) s.events.sort((a, b) => b.createdAt - a.createdAt)
    if (s.events.length > EVENTS_KEPT) s.events.length = EVENTS_KEPT
  }

  private logLine(s: SimService, task: SimTask, t: number, message: string) {
    s.logBuffer.push({ timestamp: t, stream: `${s.name}/${s.containerName}/${task.id}`, message })
    if (s.logBuffer.length > LOG_BUFFER_MAX) s.logBuffer.splice(0, s.logBuffer.length - LOG_BUFFER_MAX)
  }

  private prune(s: SimService, t: number) {
    s.tasks = s.tasks.filter((x) => x.lastStatus !== 'STOPPED' || t - (x.stoppedAt ?? t) < STOPPED_RETAINED_MS)
    const oldest = Math.floor(t / MINUTE) - SAMPLES_RETAINED_MINUTES
    if (s.samples.size > SAMPLES_RETAINED_MINUTES) for (const m of s.samples.keys()) if (m < oldest) s.samples.delete(m)
  }
}

function rank(x: SimTask) {
  return x.lastStatus === 'PENDING' ? 0 : 1
}

function crashFailure(cause: TaskFailure['cause']): TaskFailure {
  return { exitCode: 1, stoppedReason: 'Essential container in task exited', stopCode: 'EssentialContainerExited', cause }
}

function oomFailure(cause: TaskFailure['cause']): TaskFailure {
  return {
    exitCode: 137,
    containerReason: 'OutOfMemoryError: Container killed due to memory usage',
    stoppedReason: 'Essential container in task exited',
    stopCode: 'EssentialContainerExited',
    cause,
  }
}
