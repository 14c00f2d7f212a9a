// Resources beside the services (Lambda functions, RDS instances, a Redis cluster, a DynamoDB
// table, the load balancer): the demo ones (demo-resources.ts) whose services this simulation
// runs. Their numbers are pure functions of the minute, deterministic noise and the resource
// scenarios that covered that minute. A resource scenario is injected on a service like any
// other and acts on that service's dependency of its kind (lambda_error_spike on orders-api:
// the Lambda function orders-api depends on), so game day needs no new form.
import { demoResources, DEMO_RESOURCE_CLUSTER, type DemoResource } from './demo-resources'
import type { Stats } from './metrics'
import { MINUTE, serviceKey, type SimService } from './model'
import { unit } from './random'
import { resourceScenarioKinds, type ResourceScenarioKind } from './resource-scenarios'
import type { ScenarioKind } from './scenarios'
import type { Simulation } from './simulation'
import { SimulationError } from './simulation'

const isResourceScenario = (k: string): k is ResourceScenarioKind => (resourceScenarioKinds as readonly string[]).includes(k)

export type SimResource = DemoResource & { region: string; serviceKeys: string[] }

const byKind: Record<ResourceScenarioKind, (r: SimResource) => boolean> = {
  lambda_error_spike: (r) => r.kind === 'LAMBDA',
  lambda_throttling: (r) => r.kind === 'LAMBDA',
  db_connections_exhausted: (r) => r.kind === 'RDS' && !r.config.replicaOf,
  replica_cpu_saturated: (r) => r.kind === 'RDS' && Boolean(r.config.replicaOf),
  redis_down: (r) => r.kind === 'ELASTICACHE',
  dynamodb_throttling: (r) => r.kind === 'DYNAMODB',
}

const cache = new WeakMap<Simulation, SimResource[]>()

/** The demo resources whose services run in this simulation (none for a generated fleet). */
export function simResources(sim: Simulation): SimResource[] {
  let list = cache.get(sim)
  if (!list) {
    const region = sim.defaultRegion
    list = demoResources()
      .map((r) => ({ ...r, region, serviceKeys: r.services.map((s) => serviceKey(region, DEMO_RESOURCE_CLUSTER, s)).filter((k) => sim.services.has(k)) }))
      .filter((r) => r.serviceKeys.length > 0)
    if (list.length > 0 && region === 'us-east-1') cache.set(sim, list)
    else cache.set(sim, (list = []))
  }
  return list
}

/** The account's concurrency limit for Lambda (AWS's default quota per region). */
export const LAMBDA_ACCOUNT_CONCURRENCY = 1000
const reserved = new WeakMap<Simulation, Map<string, number | null>>()

/** A function's reserved concurrency (the demo's `concurrencyLimit` until Put/DeleteFunctionConcurrency change it); null: none. */
export function reservedConcurrency(sim: Simulation, r: SimResource): number | null {
  const set = reserved.get(sim)?.get(r.arn ?? r.awsId)
  if (set !== undefined) return set
  return typeof r.config.concurrencyLimit === 'number' ? r.config.concurrencyLimit : null
}

export function setReservedConcurrency(sim: Simulation, r: SimResource, value: number | null) {
  if (!reserved.has(sim)) reserved.set(sim, new Map())
  reserved.get(sim)!.set(r.arn ?? r.awsId, value)
}

/** GetAccountSettings: the account's limit, and what no function has reserved (what unreserved functions share). */
export function lambdaAccountSettings(sim: Simulation, region: string) {
  const taken = simResources(sim)
    .filter((r) => r.kind === 'LAMBDA' && r.region === region)
    .reduce((sum, r) => sum + (reservedConcurrency(sim, r) ?? 0), 0)
  return { limit: LAMBDA_ACCOUNT_CONCURRENCY, unreserved: LAMBDA_ACCOUNT_CONCURRENCY - taken }
}

/** The resource a scenario of this kind on this service acts on; a refusal when the service has none. */
export function resourceTarget(sim: Simulation, s: SimService, kind: ScenarioKind): SimResource | null {
  if (!isResourceScenario(kind)) return null
  const r = simResources(sim).find((x) => x.serviceKeys.includes(s.key) && byKind[kind](x))
  if (!r) throw new SimulationError('invalid', `${s.name} depends on no resource that ${kind.replace(/_/g, ' ')} acts on.`)
  return r
}

/** Resource scenarios acting on `r` during minute `m` (from the history of its services' scenarios). */
export function scenariosAt(sim: Simulation, r: SimResource, m: number): Set<ResourceScenarioKind> {
  const out = new Set<ResourceScenarioKind>()
  const start = m * MINUTE
  for (const key of r.serviceKeys) {
    const s = sim.services.get(key)
    for (const h of s?.scenarioHistory ?? []) {
      if (!isResourceScenario(h.kind) || !byKind[h.kind](r)) continue
      if (h.from < start + MINUTE && (h.to === undefined || h.to > start)) {
        if (simResources(sim).find((x) => x.serviceKeys.includes(key) && byKind[h.kind as ResourceScenarioKind](x)) === r) out.add(h.kind)
      }
    }
  }
  return out
}

/** Active now (for describe calls). */
export function activeResourceScenarios(sim: Simulation, r: SimResource): Set<ResourceScenarioKind> {
  const out = new Set<ResourceScenarioKind>()
  for (const key of r.serviceKeys)
    for (const kind of sim.services.get(key)?.scenarios.keys() ?? [])
      if (isResourceScenario(kind) && simResources(sim).find((x) => x.serviceKeys.includes(key) && byKind[kind](x)) === r) out.add(kind)
  return out
}

const gauge = (v: number, spread = 0.1): Stats => ({ avg: v, min: v * (1 - spread), max: v * (1 + spread), sum: v, count: 1 })
const count = (v: number): Stats | undefined => (v > 0 ? { avg: 1, min: 1, max: 1, sum: v, count: v } : undefined)
const round = (v: number, d = 2) => Math.round(v * 10 ** d) / 10 ** d

/** CloudWatch's statistics for each metric of `r` in minute `m` (keyed by metric name, plus "SystemErrors:<op>"); absent: no datapoint. */
export function resourceStats(sim: Simulation, r: SimResource, m: number): Record<string, Stats | undefined> {
  const u = (name: string) => unit(sim.seed, r.awsId, name, m)
  const on = scenariosAt(sim, r, m)
  const cfg = r.config as Record<string, number | string | undefined>
  switch (r.kind) {
    case 'LAMBDA': {
      // Reserved concurrency caps the function; without it, the pool no function has reserved.
      const limit = reservedConcurrency(sim, r) ?? lambdaAccountSettings(sim, r.region).unreserved
      const throttling = on.has('lambda_throttling')
      const invocations = Math.round((throttling ? 900 : 240) * (0.85 + 0.3 * u('inv')))
      const errors = on.has('lambda_error_spike') ? Math.round(invocations * (0.3 + 0.1 * u('err'))) : Math.floor(invocations * 0.002 + u('err'))
      const throttles = throttling ? Math.round(invocations * (0.25 + 0.1 * u('thr'))) : 0
      const durationMs = (throttling ? 2400 : 350) * (0.8 + 0.4 * u('dur'))
      const concurrent = throttling ? limit : Math.max(1, Math.round(limit * 0.2 * (0.7 + 0.6 * u('conc'))))
      return {
        Invocations: count(invocations),
        Errors: count(errors),
        Throttles: count(throttles),
        Duration: { avg: durationMs, min: durationMs * 0.3, max: durationMs * 1.6, sum: durationMs * invocations, count: invocations },
        ConcurrentExecutions: gauge(concurrent, 0),
      }
    }
    case 'RDS': {
      const max = Number(cfg.maxConnections ?? 100)
      const replica = Boolean(cfg.replicaOf)
      const exhausted = on.has('db_connections_exhausted')
      const saturated = on.has('replica_cpu_saturated')
      const cpu = saturated ? 96 + 3.5 * u('cpu') : exhausted ? 62 + 10 * u('cpu') : (replica ? 30 : 22) + 12 * u('cpu')
      const connections = exhausted ? max - Math.floor(3 * u('conn')) : Math.round(max * (0.18 + 0.1 * u('conn')))
      const latency = (saturated ? 0.35 : exhausted ? 0.06 : 0.002) * (0.8 + 0.4 * u('lat'))
      const lagNow = saturated ? 40 + 20 * (m % 10) : 0.2 + 0.5 * u('lag')
      return {
        CPUUtilization: gauge(round(cpu)),
        DatabaseConnections: gauge(connections, 0),
        ReadLatency: gauge(round(latency, 5)),
        WriteLatency: gauge(round(latency * 1.4, 5)),
        FreeStorageSpace: gauge(Number(cfg.allocatedStorageGb ?? 100) * 1024 ** 3 * (0.62 - 0.01 * u('disk')), 0),
        ReplicaLag: replica ? gauge(round(lagNow), 0) : undefined,
      }
    }
    case 'ELASTICACHE': {
      if (on.has('redis_down')) return {}
      const hits = Math.round(5200 * (0.85 + 0.3 * u('hits')))
      return {
        CPUUtilization: gauge(round(6 + 4 * u('cpu'))),
        EngineCPUUtilization: gauge(round(11 + 8 * u('engine'))),
        CurrConnections: gauge(Math.round(140 + 30 * u('conns')), 0),
        Evictions: count(0),
        CacheHits: count(hits),
        CacheMisses: count(Math.round(hits * (0.04 + 0.03 * u('miss')))),
        ReplicationLag: gauge(round(0.1 + 0.2 * u('rlag')), 0),
      }
    }
    case 'DYNAMODB': {
      const read = Number(cfg.readCapacity ?? 100)
      const write = Number(cfg.writeCapacity ?? 50)
      const throttling = on.has('dynamodb_throttling')
      const consumedRead = read * 60 * (throttling ? 1.12 + 0.05 * u('r') : 0.35 + 0.15 * u('r'))
      const consumedWrite = write * 60 * (0.3 + 0.15 * u('w'))
      const out: Record<string, Stats | undefined> = {
        ConsumedReadCapacityUnits: count(Math.round(consumedRead)),
        ConsumedWriteCapacityUnits: count(Math.round(consumedWrite)),
        ReadThrottleEvents: count(throttling ? Math.round(220 + 80 * u('rt')) : 0),
        WriteThrottleEvents: count(0),
      }
      for (const op of ['GetItem', 'PutItem', 'UpdateItem', 'Query']) out[`SystemErrors:${op}`] = count(0)
      return out
    }
    case 'LOAD_BALANCER':
      // Published by the services behind it (cloudwatch-api.ts reads their samples).
      return {}
  }
}

/** Describe-call status: what AWS would say about the resource now. */
export function resourceStatus(sim: Simulation, r: SimResource): string {
  const on = activeResourceScenarios(sim, r)
  switch (r.kind) {
    case 'LAMBDA':
      return 'Active'
    case 'RDS':
      return 'available'
    case 'ELASTICACHE':
      return on.has('redis_down') ? 'rebooting cache cluster nodes' : 'available'
    case 'DYNAMODB':
      return 'ACTIVE'
    case 'LOAD_BALANCER':
      return 'active'
  }
}

export function findResource(sim: Simulation, region: string, kind: DemoResource['kind'], awsId: string): SimResource | undefined {
  return simResources(sim).find((r) => r.kind === kind && r.region === region && (r.awsId === awsId || r.arn === awsId || r.name === awsId))
}
