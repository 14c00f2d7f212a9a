// The simulated account: clusters, services, task definitions, tasks, deployments, target
// groups, alarms. Time-driven: state advances in fixed ticks up to the clock's "now" whenever
// someone looks (sync), so a test can move a manual clock and see the consequences.
import { systemClock, type SimClock } from './clock'
import { DEFAULT_ACCOUNT_ID, DEFAULT_REGION, demoFleet, type FleetSpec } from './fleet'
import {
  MINUTE,
  nameFromArn,
  serviceKey,
  type MinuteSample,
  type SimAlarm,
  type SimCluster,
  type SimLoadBalancer,
  type SimService,
  type SimTargetGroup,
  type SimTask,
  type SimTaskDef,
} from './model'
import { Rng } from './random'
import { isScenarioKind, type ActiveScenario, type ScenarioInput, type ScenarioKind } from './scenarios'
import { addService } from './build'
import { stepService, schedule, startDeployment } from './scheduler'
import { applyScenarioStart, clearOne, findServiceByName, replayService, scenarioBegan } from './scenario-effects'
import { recordMinute, baselineSample, evaluate, SampleMemo } from './minutes'
import { TICK, MAX_CATCH_UP } from './constants'
import type { SimNotice } from './notices'
import { resourceTarget } from './resources'

export type SimulationOptions = {
  fleet?: FleetSpec
  seed?: number
  clock?: SimClock
  log?: (line: string) => void
  /** Told of alarm state changes and ECS events as the simulation makes them (lib/simulator/sns.ts publishes them). */
  onNotice?: (notice: SimNotice) => void
}

export class SimulationError extends Error {
  constructor(
    readonly code: 'not_found' | 'invalid' | 'not_active',
    message: string,
  ) {
    super(message)
  }
}

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
  /** @internal */ readonly rng: Rng
  /** @internal */ readonly log: (line: string) => void
  /** @internal */ readonly notice: (notice: SimNotice) => void
  private offset = 0
  /** @internal The time the engine has run up to (replayService moves it for a moment). */
  simTime: number
  private scenarioSeq = 0

  constructor(opts: SimulationOptions = {}) {
    const fleet = opts.fleet ?? demoFleet()
    this.clock = opts.clock ?? systemClock
    this.seed = opts.seed ?? 1
    this.rng = new Rng(this.seed)
    this.log = opts.log ?? (() => {})
    this.notice = opts.onNotice ?? (() => {})
    this.accountId = fleet.accountId ?? DEFAULT_ACCOUNT_ID
    this.defaultRegion = fleet.region ?? DEFAULT_REGION
    this.startedAt = this.clock.now()
    this.simTime = Math.floor(this.startedAt / TICK) * TICK
    for (const spec of fleet.services) addService(this, spec)
    this.alarms.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    for (const alarm of this.alarms) evaluate(this, alarm, this.simTime, true)
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
      startDeployment(this, s, target, t, { rollback: false })
    }
    schedule(this, s, t)
  }

  // ---- scenarios ----

  injectScenario(input: ScenarioInput): ActiveScenario {
    if (!isScenarioKind(input.scenario)) throw new SimulationError('invalid', `Unknown scenario "${String(input.scenario)}".`)
    this.sync()
    const s = findServiceByName(this, input.cluster, input.service)
    resourceTarget(this, s, input.scenario) // a resource scenario needs a dependency of its kind: refused otherwise
    const t = this.simTime
    if (input.scenario === 'metric_math_alarm' && !s.targetGroup)
      throw new SimulationError('invalid', `${s.name} has no target group: the metric-math alarm (5xx share) needs a service behind a load balancer.`)
    const began = scenarioBegan(input, t)
    const existing = s.scenarios.get(input.scenario)
    if (existing) clearOne(this, s, input.scenario, t)
    const active: ActiveScenario = {
      id: `scn-${++this.scenarioSeq}`,
      cluster: s.cluster.name,
      service: s.name,
      scenario: input.scenario,
      options: { ...(input.options ?? {}) },
      startedAt: new Date(began).toISOString(),
    }
    s.scenarios.set(input.scenario, active)
    s.scenarioHistory.push({ kind: input.scenario, from: began, options: active.options })
    applyScenarioStart(this, s, active, began)
    if (began < t) replayService(this, s, began, t)
    this.log(`scenario ${active.scenario} on ${s.cluster.name}/${s.name}${began < t ? `, ${(t - began) / MINUTE} min in` : ''}`)
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
        clearOne(this, s, active.scenario, t)
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
    return baselineSample(this, s, minute)
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

  // ---- the tick ----

  private tick(t: number) {
    for (const s of this.services.values()) stepService(this, s, t)
    if (t % MINUTE === 0) {
      const minute = t / MINUTE - 1
      for (const s of this.services.values()) recordMinute(this, s, minute, t)
      const samples = new SampleMemo((s, m) => this.sampleAt(s, m))
      for (const alarm of this.alarms) evaluate(this, alarm, t, false, samples)
    }
  }
}
