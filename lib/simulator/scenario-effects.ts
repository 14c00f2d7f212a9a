import type { Simulation } from './simulation'
import { SimulationError } from './simulation'
// The simulated account: clusters, services, task definitions, tasks, deployments, target
// groups, alarms. Time-driven: state advances in fixed ticks up to the clock's "now" whenever
// someone looks (sync), so a test can move a manual clock and see the consequences.
import { mathAlarm } from './alarms'
import { MINUTE, nameFromArn, type SimService, type SimTargetGroup } from './model'
import { hash32 } from './random'
import { isServiceScenario, MAX_MINUTES_IN, type ActiveScenario, type ScenarioInput, type ScenarioKind } from './scenarios'
import { crashFailure, oomFailure, schedule, startDeployment, stepService } from './scheduler'
import { evaluate, event, recordMinute } from './minutes'
import { TICK } from './constants'
import type { ResourceScenarioKind } from './resource-scenarios'
import { resourceTarget } from './resources'

export function applyScenarioStart(sim: Simulation, s: SimService, active: ActiveScenario, t: number) {
  const running = s.tasks.filter((x) => x.lastStatus === 'RUNNING')
  switch (active.scenario) {
    case 'service_inactive':
    case 'service_draining':
      // DeleteService: scaled to zero, then DRAINING while tasks stop, then INACTIVE.
      if (s.desiredBeforeDelete === undefined) s.desiredBeforeDelete = s.desiredCount
      s.desiredCount = 0
      s.status = s.scenarios.has('service_inactive') ? 'INACTIVE' : 'DRAINING'
      event(sim, s, t, `(service ${s.name}) was deleted.`)
      schedule(sim, s, t)
      break
    case 'target_group_replaced':
      replaceTargetGroup(sim, s, t)
      break
    case 'crash_loop':
      for (const x of running) x.doom ??= { at: t + Math.round(sim.rng.between(5, 40)) * 1000, failure: crashFailure('crash_loop') }
      break
    case 'oom':
      for (const x of running) x.doom ??= { at: t + Math.round(sim.rng.between(20, 150)) * 1000, failure: oomFailure('oom') }
      break
    case 'unhealthy_targets': {
      if (!s.targetGroup) break
      const n = Math.max(1, Math.ceil(running.length * (active.options.unhealthyShare ?? 0.5)))
      for (const x of running.slice(0, n)) x.unhealthySince = t
      break
    }
    case 'failed_deployment':
      if (active.options.deploy) {
        const current = sim.taskDefinitionOf(s.cluster.region, s.taskDefinitionArn)
        const body = structuredClone(current.body)
        const containers = body.containerDefinitions as { image: string }[]
        for (const c of containers) c.image = c.image.replace(/:([^:/]+)$/, (_m, tag: string) => `:${tag}-rc1`)
        const bad = sim.registerTaskDefinition(s.cluster.region, body, { bad: true })
        startDeployment(sim, s, bad, t, { rollback: false })
        schedule(sim, s, t)
      }
      break
    case 'metric_math_alarm': {
      const alarm = mathAlarm(s, sim.accountId, t, active.options.thresholdPercent)
      if (alarm && !sim.alarms.some((a) => a.name === alarm.name)) sim.alarms.push(alarm)
      break
    }
    default:
      breakDependency(sim, s, active.scenario, t)
      break
  }
}

/** When the injected failure began: now, or options.minutesIn minutes ago (checked here). */
export function scenarioBegan(input: ScenarioInput, t: number): number {
  const minutesIn = input.options?.minutesIn
  if (minutesIn === undefined) return t
  if (!Number.isInteger(minutesIn) || minutesIn < 1 || minutesIn > MAX_MINUTES_IN)
    throw new SimulationError('invalid', `minutesIn must be a whole number of minutes from 1 to ${MAX_MINUTES_IN}.`)
  if (!isServiceScenario(input.scenario)) throw new SimulationError('invalid', `minutesIn applies to failures of the service itself, not ${input.scenario}.`)
  return t - minutesIn * MINUTE
}

/**
 * Plays one service's ticks again from `from` to `now`, with what was injected at `from`
 * active: its tasks fail and are replaced, its minutes' metrics are recorded again. Then its
 * alarms are evaluated over the replayed minutes. The rest of the account stays as it was.
 */
export function replayService(sim: Simulation, s: SimService, from: number, now: number) {
  try {
    for (let t = from + TICK; t <= now; t += TICK) {
      sim.simTime = t
      stepService(sim, s, t)
      if (t % MINUTE === 0) recordMinute(sim, s, t / MINUTE - 1, t)
    }
  } finally {
    sim.simTime = now
  }
  for (const alarm of sim.alarms) if (alarm.serviceKey === s.key) evaluate(sim, alarm, now, false)
}

/** A resource scenario breaks the resource for each service that depends on it (resource-scenarios.ts, dependencyEffects). */
function breakDependency(sim: Simulation, s: SimService, kind: ScenarioKind, t: number) {
  const r = resourceTarget(sim, s, kind)
  if (!r) return
  for (const key of r.serviceKeys) {
    const d = sim.services.get(key)
    if (d) (d.dependencyHistory ??= []).push({ kind: kind as ResourceScenarioKind, resource: r.awsId, from: t })
  }
}

/** Ends one break of that resource for its services (another service's scenario on it may still hold it broken). */
function mendDependency(sim: Simulation, s: SimService, kind: ScenarioKind, t: number) {
  const r = resourceTarget(sim, s, kind)
  if (!r) return
  for (const key of r.serviceKeys) {
    const open = [...(sim.services.get(key)?.dependencyHistory ?? [])].reverse().find((h) => h.kind === kind && h.resource === r.awsId && h.to === undefined)
    if (open) open.to = t
  }
}

export function clearOne(sim: Simulation, s: SimService, kind: ScenarioKind, t: number) {
  s.scenarios.delete(kind)
  const open = [...s.scenarioHistory].reverse().find((h) => h.kind === kind && h.to === undefined)
  if (open) open.to = t
  mendDependency(sim, s, kind, t)
  for (const x of s.tasks) {
    if (x.doom && x.doom.failure.cause === kind) x.doom = undefined
    if (kind === 'unhealthy_targets') x.unhealthySince = undefined
  }
  if (kind === 'metric_math_alarm') {
    const i = sim.alarms.findIndex((a) => a.serviceKey === s.key && a.math)
    if (i >= 0) sim.alarms.splice(i, 1)
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
    event(sim, s, t, `(service ${s.name}) was created again.`)
  }
}

/** The service leaves its target group for a new one on the same load balancer; the old one is deleted. */
export function replaceTargetGroup(sim: Simulation, s: SimService, t: number) {
  const old = s.targetGroup
  if (!old) return
  const id = hash32(sim.seed, old.arn, t).toString(16).padStart(16, '0').slice(0, 16)
  const name = `${old.name.slice(0, 26)}-v2`.slice(0, 32)
  const dimension = `targetgroup/${name}/${id}`
  const arn = `${old.arn.split(':').slice(0, 5).join(':')}:${dimension}`
  const tg: SimTargetGroup = { ...old, arn, name, dimension }
  sim.targetGroups.delete(old.arn)
  sim.targetGroups.set(arn, tg)
  s.targetGroup = tg
  for (const alarm of sim.alarms) {
    if (alarm.serviceKey !== s.key) continue
    const moved = (dims: { Name: string; Value: string }[]) => dims.map((d) => (d.Name === 'TargetGroup' ? { ...d, Value: dimension } : d))
    alarm.dimensions = moved(alarm.dimensions)
    for (const p of alarm.math?.parts ?? []) p.dimensions = moved(p.dimensions)
  }
  event(sim, s, t, `(service ${s.name}) registered its targets in (target-group ${arn}); (target-group ${old.arn}) was deleted.`)
}

export function findServiceByName(sim: Simulation, cluster: string, service: string): SimService {
  for (const s of sim.services.values()) {
    if (s.cluster.name === nameFromArn(cluster) && s.name === nameFromArn(service)) return s
  }
  throw new SimulationError('not_found', `No service ${service} in cluster ${cluster}.`)
}
