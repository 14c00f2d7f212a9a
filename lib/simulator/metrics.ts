// How a service's numbers move: a per-minute sample derived from the service's profile,
// the time of day, deterministic noise and whatever scenarios are active. Pure functions.
import type { ScenarioKind, ScenarioOptions } from './scenarios'
import type { MinuteSample, ServiceProfile } from './model'
import { MINUTE } from './model'
import { unit } from './random'
import { dependencyEffects, type ResourceScenarioKind } from './resource-scenarios'

export type SampleInput = {
  seed: number
  key: string
  profile: ServiceProfile
  minute: number
  desired: number
  running: number
  hasTargetGroup: boolean
  scenarios: ReadonlyMap<ScenarioKind, { from: number; options: ScenarioOptions }>
  /** Average memory of the running tasks when a leak drives it; otherwise derived here. */
  leakMemory?: number
  healthy?: number
  unhealthy?: number
  /** Resources it depends on that are broken this minute (resource-scenarios.ts, dependencyEffects). */
  brokenDependencies?: ReadonlySet<ResourceScenarioKind>
}

export type Stats = { avg: number; min: number; max: number; sum: number; count: number }

/** `running` is Container Insights' RunningTaskCount. */
export type SampleMetric = keyof MinuteSample

const round = (v: number, digits = 2) => Math.round(v * 10 ** digits) / 10 ** digits
const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v))

/** Traffic peaks mid-afternoon UTC and bottoms out at night. */
export function diurnal(minute: number): number {
  const hour = ((minute * MINUTE) / 3_600_000) % 24
  return 1 + 0.3 * Math.sin((2 * Math.PI * (hour - 8)) / 24)
}

export function computeSample(input: SampleInput): MinuteSample {
  const { seed, key, profile, minute: m, desired, running, scenarios } = input
  const u = (name: string) => unit(seed, key, name, m)
  const has = (k: ScenarioKind) => scenarios.has(k)
  const sample: MinuteSample = { running }

  if (running > 0) {
    const load = clamp(Math.pow(Math.max(desired, 1) / running, 0.7), 0.5, 3)
    let cpu = profile.baseCpu * diurnal(m) * load + (u('cpu') - 0.5) * 8
    if (has('crash_loop')) cpu *= 1.3
    if (has('cpu_spike')) cpu = 88 + 11 * u('spike')
    sample.cpu = round(clamp(cpu, 0.5, 100))

    let mem = profile.baseMem + (u('mem') - 0.5) * 4
    if (input.leakMemory !== undefined) mem = input.leakMemory
    if (has('oom')) mem = 94 + 5.5 * u('oom')
    sample.mem = round(clamp(mem, 1, 100))
  }

  if (input.hasTargetGroup) {
    sample.healthy = input.healthy ?? running
    sample.unhealthy = input.unhealthy ?? 0
    // Requests reach the targets only while one of them is healthy.
    if (running > 0 && sample.healthy > 0 && profile.baseRpm > 0) {
      const req = Math.round(profile.baseRpm * diurnal(m) * (0.9 + 0.2 * u('req')))
      let share = profile.baseErrorShare * (0.5 + u('err'))
      if (has('error_spike')) share = (scenarios.get('error_spike')!.options.errorShare ?? 0.12) * (0.8 + 0.4 * u('spike5xx'))
      // The metric-math alarm scenario fires its alarm: a fifth of requests fail.
      if (has('metric_math_alarm')) share = Math.max(share, (scenarios.get('metric_math_alarm')!.options.errorShare ?? 0.2) * (0.9 + 0.2 * u('math5xx')))
      if (has('crash_loop')) share += 0.04
      if (has('oom')) share += 0.03
      if (has('unhealthy_targets')) share += 0.02
      if (has('cpu_spike')) share += 0.005
      for (const k of input.brokenDependencies ?? []) share += dependencyEffects[k].errorShare * (0.8 + 0.4 * u(`dep5xx-${k}`))
      share = clamp(share, 0, 1)
      // Round with a random threshold so small shares still produce the odd error.
      const e5xx = Math.floor(req * share + u('e5xx-round'))
      let lat = profile.baseLatency * (1 + 0.2 * u('lat'))
      const cpu = sample.cpu ?? 0
      if (cpu > 70) lat *= 1 + (cpu - 70) / 15
      for (const k of input.brokenDependencies ?? []) lat *= dependencyEffects[k].latencyFactor
      if (has('slow_responses')) {
        const ms = scenarios.get('slow_responses')!.options.latencyMs ?? 1800
        lat = (ms / 1000) * (0.8 + 0.4 * u('slow'))
      }
      sample.req = req
      sample.e5xx = e5xx
      sample.lat = round(lat, 4)
    } else {
      sample.req = 0
      sample.e5xx = 0
      // No healthy target: the load balancer answers the users' requests with 503 itself.
      if (profile.baseRpm > 0 && desired > 0) sample.elb5xx = Math.round(profile.baseRpm * diurnal(m) * (0.9 + 0.2 * u('req')))
    }
  }
  return sample
}

/** The statistics CloudWatch would hold for one metric in one minute; undefined = no datapoint. */
export function statsOf(sample: MinuteSample, metric: SampleMetric): Stats | undefined {
  const v = sample[metric]
  if (v === undefined) return undefined
  const tasks = Math.max(1, sample.running)
  switch (metric) {
    case 'cpu':
    case 'mem': {
      const spread = metric === 'cpu' ? 0.2 : 0.05
      return { avg: v, min: round(v * (1 - spread)), max: round(Math.min(100, v * (1 + spread))), sum: round(v * tasks), count: tasks }
    }
    case 'req':
    case 'e5xx':
    case 'elb5xx':
      // ALB publishes request and error counts only when there were some.
      if (v === 0) return undefined
      return { avg: 1, min: 1, max: 1, sum: v, count: v }
    case 'lat': {
      const req = Math.max(1, sample.req ?? 1)
      if (!sample.req) return undefined
      return { avg: v, min: round(v * 0.3, 4), max: round(v * 4, 4), sum: round(v * req, 4), count: req }
    }
    case 'running':
      return { avg: v, min: sample.runningLow ?? v, max: v, sum: v, count: 1 }
    case 'healthy':
    case 'unhealthy':
      return { avg: v, min: v, max: v, sum: v, count: 1 }
  }
}

export function mergeStats(parts: Stats[]): Stats | undefined {
  if (parts.length === 0) return undefined
  let sum = 0
  let count = 0
  let weighted = 0
  let min = Infinity
  let max = -Infinity
  for (const p of parts) {
    sum += p.sum
    count += p.count
    weighted += p.avg * p.count
    min = Math.min(min, p.min)
    max = Math.max(max, p.max)
  }
  return { avg: count > 0 ? weighted / count : 0, min, max, sum, count }
}

const percentile = /^p(\d{1,2}(?:\.\d+)?)$/

export function isSupportedStat(stat: string): boolean {
  return ['Average', 'Sum', 'Minimum', 'Maximum', 'SampleCount'].includes(stat) || percentile.test(stat)
}

/** The value of a statistic; percentiles are approximated between the average and the maximum. */
export function statValue(stats: Stats, stat: string): number {
  switch (stat) {
    case 'Average':
      return stats.avg
    case 'Sum':
      return stats.sum
    case 'Minimum':
      return stats.min
    case 'Maximum':
      return stats.max
    case 'SampleCount':
      return stats.count
  }
  const p = Number(percentile.exec(stat)?.[1] ?? 50)
  if (p <= 50) return stats.min + (stats.avg - stats.min) * (p / 50)
  return stats.avg + (stats.max - stats.avg) * Math.pow((p - 50) / 50, 2)
}
