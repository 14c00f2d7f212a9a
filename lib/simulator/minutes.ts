import type { Simulation } from './simulation'
// The simulated account: clusters, services, task definitions, tasks, deployments, target
// groups, alarms. Time-driven: state advances in fixed ticks up to the clock's "now" whenever
// someone looks (sync), so a test can move a manual clock and see the consequences.
import { evaluateAlarm } from './alarms'
import { computeSample } from './metrics'
import { MINUTE, type MinuteSample, type SimAlarm, type SimService, type SimTask } from './model'
import { STOPPED_RETAINED_MS, SAMPLES_RETAINED_MINUTES, LOG_BUFFER_MAX, EVENTS_KEPT } from './constants'
import { taskMemory } from './scheduler'

export function recordMinute(sim: Simulation, s: SimService, minute: number, t: number) {
  const running = s.tasks.filter((x) => x.lastStatus === 'RUNNING')
  const runningLow = Math.min(s.runningLow ?? running.length, running.length)
  s.runningLow = undefined
  let leakMemory: number | undefined
  if (s.scenarios.has('memory_leak') && running.length > 0) {
    leakMemory = Math.min(99.9, running.reduce((sum, x) => sum + taskMemory(sim, s, x, t), 0) / running.length)
  }
  let healthy: number | undefined
  let unhealthy: number | undefined
  if (s.targetGroup) {
    const states = sim.targetStates(s.targetGroup)
    healthy = states.filter((x) => x.state === 'healthy').length
    // UnHealthyHostCount's Maximum sees every failing target during the minute.
    unhealthy = Math.max(s.unhealthyPeak, states.filter((x) => x.state === 'unhealthy').length)
    s.unhealthyPeak = 0
  }
  const scenarios = new Map([...s.scenarios].map(([k, v]) => [k, { from: Date.parse(v.startedAt), options: v.options }]))
  // No datapoint reaches CloudWatch for this service any more.
  if (s.scenarios.has('metrics_stop')) {
    s.samples.set(minute, { running: running.length, runningLow })
    return
  }
  s.samples.set(minute, {
    ...computeSample({
      seed: sim.seed,
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
      brokenDependencies: brokenDependenciesIn(s, minute),
    }),
    runningLow,
  })
}

/** The kinds of dependency break that covered part of this minute. */
function brokenDependenciesIn(s: SimService, minute: number) {
  const start = minute * MINUTE
  return new Set((s.dependencyHistory ?? []).filter((h) => h.from < start + MINUTE && (h.to === undefined || h.to > start)).map((h) => h.kind))
}

export function baselineSample(sim: Simulation, s: SimService, minute: number): MinuteSample {
  const desired = s.profile.baselineTasks
  return computeSample({
    seed: sim.seed,
    key: s.key,
    profile: s.profile,
    minute,
    desired,
    running: desired,
    hasTargetGroup: Boolean(s.targetGroup),
    scenarios: new Map(),
  })
}

/**
 * Minute samples read once per pass over an unchanging simulation (one GetMetricData call,
 * one tick's alarms): a service's metrics and alarms read the same minutes, and a minute
 * from before the simulation started is computed each time it is asked for, not stored.
 */
export class SampleMemo {
  private readonly byService = new Map<SimService, Map<number, MinuteSample | undefined>>()

  constructor(private readonly sample: (s: SimService, minute: number) => MinuteSample | undefined) {}

  at(s: SimService, minute: number): MinuteSample | undefined {
    let minutes = this.byService.get(s)
    if (!minutes) this.byService.set(s, (minutes = new Map()))
    if (minutes.has(minute)) return minutes.get(minute)
    const sample = this.sample(s, minute)
    minutes.set(minute, sample)
    return sample
  }
}

/** Evaluates an alarm at `t`; `samples` shares the minutes read among the alarms of one pass. */
export function evaluate(sim: Simulation, alarm: SimAlarm, t: number, initial: boolean, samples?: SampleMemo) {
  const s = sim.services.get(alarm.serviceKey)!
  const from = initial ? undefined : alarm.state
  // Inline (not a named const): tsx names every named function as it is made, a cost per alarm.
  evaluateAlarm(alarm, t, (minute) => (initial ? baselineSample(sim, s, minute) : samples ? samples.at(s, minute) : sim.sampleAt(s, minute)), initial)
  if (from !== undefined && from !== alarm.state) {
    sim.log(`alarm ${alarm.name} ${from} -> ${alarm.state}`)
    sim.notice({ kind: 'alarm', alarm, from, at: t })
  }
}

export function event(sim: Simulation, s: SimService, t: number, message: string) {
  s.events.unshift({ id: sim.rng.uuid(), createdAt: t, message })
  if (s.events.length > 1) s.events.sort((a, b) => b.createdAt - a.createdAt)
  if (s.events.length > EVENTS_KEPT) s.events.length = EVENTS_KEPT
}

export function logLine(sim: Simulation, s: SimService, task: SimTask, t: number, message: string) {
  s.logBuffer.push({ timestamp: t, stream: `${s.name}/${s.containerName}/${task.id}`, message })
  if (s.logBuffer.length > LOG_BUFFER_MAX) s.logBuffer.splice(0, s.logBuffer.length - LOG_BUFFER_MAX)
}

export function prune(sim: Simulation, s: SimService, t: number) {
  s.tasks = s.tasks.filter((x) => x.lastStatus !== 'STOPPED' || t - (x.stoppedAt ?? t) < STOPPED_RETAINED_MS)
  const oldest = Math.floor(t / MINUTE) - SAMPLES_RETAINED_MINUTES
  if (s.samples.size > SAMPLES_RETAINED_MINUTES) for (const m of s.samples.keys()) if (m < oldest) s.samples.delete(m)
}
