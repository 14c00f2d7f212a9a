// Turns what AWS says about a resource into a status and a one-line reason, with the same
// truth rules as services (lib/health/rules.ts): no data is not healthy, an old datapoint is
// "no data since …", and what cannot be read makes the resource at best unknown.
// Pure and client-safe.
import { ageText, isFresh, type Finding, type HealthStatus, type HealthVerdict } from '@/lib/health/rules'
import { levelOf, type Level } from '@/lib/health/thresholds'
import type { ResourceConfig, ResourceKind } from './kinds'
import { resourceThresholds as T } from './thresholds'

/** Latest value and the start of its period, per signal (lib/resources/signals.ts names them per kind). */
export type ResourceReading = {
  periodSeconds: number
  values: Record<string, number | null | undefined>
  at: Record<string, string | null | undefined>
  /** AWS's own status from the describe call ("available", "Active", "ACTIVE", "active"); null when not described. */
  state: string | null
  /** AWS answered that there is no such resource. */
  missing?: string | null
  /** What the app cannot see, one line each. */
  blind: string[]
  /**
   * LAMBDA: the limit ConcurrentExecutions runs into, read live: the function's reserved concurrency, else
   * the account's unreserved pool (GetAccountSettings); null when it could not be read (the reason is in
   * `blind`); undefined: not read, the catalog's `concurrencyLimit` applies.
   */
  concurrencyLimit?: ConcurrencyLimit | null
}

export type ConcurrencyLimit = { limit: number; source: 'reserved' } | { limit: number; source: 'unreserved'; accountLimit: number | null }

const limitText = (l: ConcurrencyLimit) =>
  l.source === 'reserved'
    ? `its reserved ${l.limit}`
    : `the account's unreserved ${l.limit}${l.accountLimit != null ? ` (account limit ${l.accountLimit})` : ''}`

/** Statuses that mean the resource works, per kind; a passing one (below) is a warning, anything else critical. */
const goodStates: Record<ResourceKind, string[]> = {
  LAMBDA: ['Active'],
  RDS: ['available', 'configuring-enhanced-monitoring', 'storage-optimization'],
  ELASTICACHE: ['available'],
  DYNAMODB: ['ACTIVE'],
  LOAD_BALANCER: ['active'],
}
const badStatesWarning = new Set(['Pending', 'backing-up', 'modifying', 'UPDATING', 'provisioning', 'active_impaired', 'snapshotting', 'maintenance'])

/** The signals without which the resource cannot be called healthy. */
const coreSignals: Record<ResourceKind, string[][]> = {
  LAMBDA: [['invocations']],
  RDS: [['cpu'], ['connections']],
  ELASTICACHE: [['engineCpu', 'cpu']],
  DYNAMODB: [['consumedRead', 'consumedWrite']],
  LOAD_BALANCER: [['requests', 'healthyHosts']],
}

const fmt = (n: number) => (Math.abs(n) >= 10 ? Math.round(n).toString() : n.toFixed(1).replace(/\.0$/, ''))
const share = (part: number, whole: number) => (whole > 0 ? (part / whole) * 100 : part > 0 ? 100 : 0)
const below = (value: number, limits: { warning: number; critical: number }): Level | null =>
  value < limits.critical ? 'critical' : value < limits.warning ? 'warning' : null
/** `levelOf` where the warning line is 0 and critical is "more than": any count above zero is a warning. */
const counted = (value: number, limits: { warning: number; critical: number }): Level | null =>
  value > limits.critical ? 'critical' : value > limits.warning ? 'warning' : null

export function assessResource(kind: ResourceKind, reading: ResourceReading | null, config: ResourceConfig, now: Date, unreadable?: string): HealthVerdict {
  if (!reading)
    return { status: 'unknown', reason: unreadable ?? 'not read yet', findings: [{ level: 'blind', signal: 'aws', text: unreadable ?? 'not read yet' }] }
  if (reading.missing) return { status: 'unknown', reason: reading.missing, findings: [{ level: 'blind', signal: 'aws', text: reading.missing }] }
  const findings: Finding[] = reading.blind.map((text) => ({ level: 'blind' as const, signal: 'aws', text }))
  const add = (level: Level | null, signal: string, text: string) => level && findings.push({ level, signal, text })
  const fresh = (signal: string) => isFresh(reading.at[signal], reading.periodSeconds, now) && reading.values[signal] != null
  const v = (signal: string) => (fresh(signal) ? (reading.values[signal] as number) : null)

  if (reading.state !== null && !goodStates[kind].includes(reading.state))
    add(badStatesWarning.has(reading.state) ? 'warning' : 'critical', 'state', `AWS reports status "${reading.state}"`)

  switch (kind) {
    case 'LAMBDA': {
      const inv = v('invocations') ?? 0
      const errors = v('errors')
      const throttles = v('throttles')
      if (errors !== null)
        add(levelOf(share(errors, inv), T.lambda.errorRatePercent), 'errors', `errors ${fmt(share(errors, inv))} % of ${fmt(inv)} invocations`)
      if (throttles !== null && throttles > 0)
        add(counted(share(throttles, inv + throttles), T.lambda.throttlePercent), 'throttles', `${fmt(throttles)} throttled invocations`)
      const p95 = v('durationP95Ms')
      if (p95 !== null && config.timeoutSeconds)
        add(
          levelOf(share(p95, config.timeoutSeconds * 1000), T.lambda.durationOfTimeoutPercent),
          'duration',
          `duration p95 ${fmt(p95)} ms of a ${config.timeoutSeconds} s timeout`,
        )
      const concurrent = v('concurrent')
      const limit =
        reading.concurrencyLimit !== undefined
          ? reading.concurrencyLimit
          : config.concurrencyLimit
            ? ({ limit: config.concurrencyLimit, source: 'reserved' } as const)
            : null
      if (concurrent !== null && limit)
        add(
          levelOf(share(concurrent, limit.limit), T.lambda.concurrencyOfLimitPercent),
          'concurrency',
          `${fmt(concurrent)} concurrent executions of ${limitText(limit)}`,
        )
      break
    }
    case 'RDS': {
      const cpu = v('cpu')
      if (cpu !== null) add(levelOf(cpu, T.rds.cpuPercent), 'cpu', `database CPU ${fmt(cpu)} %`)
      const conns = v('connections')
      if (conns !== null && config.maxConnections)
        add(levelOf(share(conns, config.maxConnections), T.rds.connectionsOfMaxPercent), 'connections', `${fmt(conns)} of ${config.maxConnections} connections`)
      for (const [signal, label] of [
        ['readLatencyMs', 'read latency'],
        ['writeLatencyMs', 'write latency'],
      ] as const) {
        const ms = v(signal)
        if (ms !== null) add(levelOf(ms, T.rds.latencyMs), 'latency', `${label} ${fmt(ms)} ms`)
      }
      const free = v('freeStorageBytes')
      if (free !== null && config.allocatedStorageGb) {
        const pct = share(free, config.allocatedStorageGb * 1024 ** 3)
        add(below(pct, T.rds.freeStoragePercentBelow), 'storage', `free storage ${fmt(pct)} %`)
      }
      const lag = v('replicaLagSeconds')
      if (lag !== null && config.replicaOf) add(levelOf(lag, T.rds.replicaLagSeconds), 'replication', `replica lag ${fmt(lag)} s`)
      break
    }
    case 'ELASTICACHE': {
      const engine = v('engineCpu')
      if (engine !== null) add(levelOf(engine, T.redis.engineCpuPercent), 'cpu', `engine CPU ${fmt(engine)} %`)
      const cpu = v('cpu')
      if (cpu !== null) add(levelOf(cpu, T.redis.cpuPercent), 'cpu', `host CPU ${fmt(cpu)} %`)
      const evictions = v('evictions')
      if (evictions !== null) add(counted(evictions, T.redis.evictionsPerMinute), 'evictions', `${fmt(evictions)} evictions a minute`)
      const hits = v('hits')
      const misses = v('misses')
      if (hits !== null && misses !== null && hits + misses > 0) {
        const rate = share(hits, hits + misses)
        add(below(rate, T.redis.hitRatePercentBelow), 'hit rate', `hit rate ${fmt(rate)} %`)
      }
      const lag = v('replicationLagSeconds')
      if (lag !== null) add(levelOf(lag, T.redis.replicationLagSeconds), 'replication', `replication lag ${fmt(lag)} s`)
      break
    }
    case 'DYNAMODB': {
      const throttled = v('throttled')
      if (throttled !== null) add(counted(throttled, T.dynamodb.throttledPerMinute), 'throttles', `${fmt(throttled)} throttled requests a minute`)
      const sys = v('systemErrors')
      if (sys !== null) add(counted(sys, T.dynamodb.systemErrorsPerMinute), 'errors', `${fmt(sys)} system errors a minute`)
      for (const [signal, provisioned, label] of [
        ['consumedRead', config.readCapacity, 'read'],
        ['consumedWrite', config.writeCapacity, 'write'],
      ] as const) {
        const used = v(signal)
        // Consumed units are summed over the minute; provisioned capacity is per second.
        if (used !== null && provisioned)
          add(
            levelOf(share(used / 60, provisioned), T.dynamodb.capacityPercent),
            'capacity',
            `${label} capacity ${fmt(share(used / 60, provisioned))} % of provisioned`,
          )
      }
      break
    }
    case 'LOAD_BALANCER': {
      const req = v('requests') ?? 0
      const elb = v('elb5xx')
      if (elb !== null && elb > 0) add(levelOf(share(elb, req), T.loadBalancer.elb5xxPercent), 'errors', `load balancer 5xx ${fmt(share(elb, req))} %`)
      const target = v('target5xx')
      if (target !== null && target > 0) add(levelOf(share(target, req), T.loadBalancer.target5xxPercent), 'errors', `target 5xx ${fmt(share(target, req))} %`)
      const lat = v('latencyMs')
      if (lat !== null) add(levelOf(lat, T.loadBalancer.latencyMs), 'latency', `target response time ${fmt(lat)} ms`)
      const unhealthy = v('unhealthyHosts')
      if (unhealthy !== null && unhealthy > T.loadBalancer.unhealthyHosts.critical) add('critical', 'targets', `${fmt(unhealthy)} unhealthy hosts`)
      if (v('healthyHosts') === 0) add('critical', 'targets', 'a target group has no healthy host')
      break
    }
  }

  // No current datapoint of a core signal: blind to it, never healthy.
  for (const group of coreSignals[kind]) {
    if (group.some(fresh)) continue
    const last = group.map((s) => reading.at[s]).filter((a): a is string => Boolean(a))
    const since = last.sort().pop()
    findings.push({ level: 'blind', signal: group[0], text: since ? `no ${group[0]} data since ${ageText(since, now)}` : `no ${group[0]} data` })
  }

  const rank = { critical: 0, warning: 1, blind: 2 } as const
  findings.sort((a, b) => rank[a.level] - rank[b.level])
  const status: HealthStatus = findings.some((f) => f.level === 'critical')
    ? 'critical'
    : findings.some((f) => f.level === 'warning')
      ? 'degraded'
      : findings.length > 0
        ? 'unknown'
        : 'healthy'
  const reason = findings.length
    ? findings
        .slice(0, 3)
        .map((f) => f.text)
        .join('; ')
    : 'all signals within limits'
  return { status, reason, findings }
}
