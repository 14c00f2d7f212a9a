import { describe, expect, it } from 'vitest'
import { assessResource, type ResourceReading } from './rules'

const now = new Date('2026-03-02T12:00:00Z')
const at = '2026-03-02T11:58:00Z' // the period before last: current
const old = '2026-03-02T11:30:00Z'

function reading(values: Record<string, number | null>, opts: Partial<ResourceReading> = {}): ResourceReading {
  return { periodSeconds: 60, values, at: Object.fromEntries(Object.keys(values).map((k) => [k, at])), state: null, blind: [], ...opts }
}

describe('assessResource', () => {
  it('no reading at all is unknown, never healthy', () => {
    expect(assessResource('LAMBDA', null, {}, now).status).toBe('unknown')
    expect(assessResource('RDS', reading({}), { maxConnections: 100 }, now)).toMatchObject({ status: 'unknown', reason: 'no cpu data; no connections data' })
  })

  it('an old datapoint is no data since, and not judged', () => {
    const r = reading({ cpu: 99, connections: 10 }, { at: { cpu: old, connections: at } })
    const v = assessResource('RDS', r, { maxConnections: 100 }, now)
    expect(v.status).toBe('unknown')
    expect(v.reason).toBe('no cpu data since 30 min ago')
  })

  it('Lambda: error rate, throttles, duration against the timeout, concurrency against the limit', () => {
    const cfg = { timeoutSeconds: 10, concurrencyLimit: 50 }
    expect(assessResource('LAMBDA', reading({ invocations: 1000, errors: 5, throttles: 0, durationP95Ms: 300, concurrent: 10 }), cfg, now).status).toBe(
      'healthy',
    )
    expect(assessResource('LAMBDA', reading({ invocations: 1000, errors: 10 }), cfg, now).status).toBe('healthy') // 1 %: equal is fine
    expect(assessResource('LAMBDA', reading({ invocations: 1000, errors: 11 }), cfg, now).status).toBe('degraded')
    expect(assessResource('LAMBDA', reading({ invocations: 100, errors: 30 }), cfg, now)).toMatchObject({
      status: 'critical',
      reason: 'errors 30 % of 100 invocations',
    })
    expect(assessResource('LAMBDA', reading({ invocations: 1000, throttles: 3 }), cfg, now).status).toBe('degraded')
    expect(assessResource('LAMBDA', reading({ invocations: 100, throttles: 40 }), cfg, now).status).toBe('critical')
    expect(assessResource('LAMBDA', reading({ invocations: 100, durationP95Ms: 9_600 }), cfg, now).reason).toBe('duration p95 9600 ms of a 10 s timeout')
    expect(assessResource('LAMBDA', reading({ invocations: 100, concurrent: 50 }), cfg, now).status).toBe('critical')
    expect(assessResource('LAMBDA', reading({ invocations: 100, concurrent: 41 }), cfg, now).status).toBe('degraded')
  })

  it('Lambda concurrency: against the live limit (reserved, else the account unreserved pool) when read, the catalog limit only when not', () => {
    const cfg = { concurrencyLimit: 50 }
    const pool = { limit: 900, source: 'unreserved', accountLimit: 1000 } as const
    // No reserved concurrency any more: 60 of a 900 pool is fine, though the catalog still says 50.
    expect(assessResource('LAMBDA', reading({ invocations: 100, concurrent: 60 }, { concurrencyLimit: pool }), cfg, now).status).toBe('healthy')
    expect(assessResource('LAMBDA', reading({ invocations: 100, concurrent: 900 }, { concurrencyLimit: pool }), cfg, now)).toMatchObject({
      status: 'critical',
      reason: "900 concurrent executions of the account's unreserved 900 (account limit 1000)",
    })
    expect(
      assessResource('LAMBDA', reading({ invocations: 100, concurrent: 45 }, { concurrencyLimit: { limit: 50, source: 'reserved' } }), {}, now),
    ).toMatchObject({
      status: 'degraded',
      reason: '45 concurrent executions of its reserved 50',
    })
    // The limit could not be read: the caller says why (blind), and no catalog number stands in for it.
    expect(
      assessResource(
        'LAMBDA',
        reading({ invocations: 100, concurrent: 50 }, { concurrencyLimit: null, blind: ["cannot read the account's concurrency limit: x"] }),
        cfg,
        now,
      ),
    ).toMatchObject({ status: 'unknown', reason: "cannot read the account's concurrency limit: x" })
  })

  it('RDS: CPU over 80 %, connections near max_connections, latency, storage, replica lag', () => {
    const cfg = { maxConnections: 200, allocatedStorageGb: 100 }
    expect(assessResource('RDS', reading({ cpu: 80, connections: 160 }), cfg, now).status).toBe('healthy')
    expect(assessResource('RDS', reading({ cpu: 81, connections: 20 }), cfg, now)).toMatchObject({ status: 'degraded', reason: 'database CPU 81 %' })
    expect(assessResource('RDS', reading({ cpu: 20, connections: 198 }), cfg, now)).toMatchObject({ status: 'critical', reason: '198 of 200 connections' })
    expect(assessResource('RDS', reading({ cpu: 20, connections: 20, readLatencyMs: 150 }), cfg, now).status).toBe('degraded')
    expect(assessResource('RDS', reading({ cpu: 20, connections: 20, freeStorageBytes: 5 * 1024 ** 3 }), cfg, now).status).toBe('critical')
    // Replica lag counts only on a replica.
    expect(assessResource('RDS', reading({ cpu: 20, connections: 20, replicaLagSeconds: 60 }), cfg, now).status).toBe('healthy')
    expect(assessResource('RDS', reading({ cpu: 20, connections: 20, replicaLagSeconds: 60 }), { ...cfg, replicaOf: 'db' }, now).status).toBe('degraded')
  })

  it('ElastiCache: status, engine CPU, evictions, hit rate', () => {
    expect(assessResource('ELASTICACHE', reading({ engineCpu: 20, cpu: 10, evictions: 0, hits: 95, misses: 5 }, { state: 'available' }), {}, now).status).toBe(
      'healthy',
    )
    expect(assessResource('ELASTICACHE', reading({ engineCpu: 20 }, { state: 'rebooting cache cluster nodes' }), {}, now).status).toBe('critical')
    expect(assessResource('ELASTICACHE', reading({ engineCpu: 96 }), {}, now).status).toBe('critical')
    expect(assessResource('ELASTICACHE', reading({ engineCpu: 20, evictions: 12 }), {}, now).status).toBe('degraded')
    expect(assessResource('ELASTICACHE', reading({ engineCpu: 20, hits: 0, misses: 100 }), {}, now).status).toBe('critical')
  })

  it('DynamoDB: throttles, system errors, consumed against provisioned capacity', () => {
    const cfg = { readCapacity: 100, writeCapacity: 50 }
    expect(assessResource('DYNAMODB', reading({ consumedRead: 3000, consumedWrite: 600, throttled: 0, systemErrors: 0 }), cfg, now).status).toBe('healthy')
    expect(assessResource('DYNAMODB', reading({ consumedRead: 3000, throttled: 4 }), cfg, now).status).toBe('degraded')
    expect(assessResource('DYNAMODB', reading({ consumedRead: 3000, throttled: 400 }), cfg, now).status).toBe('critical')
    expect(assessResource('DYNAMODB', reading({ consumedRead: 6600 }), cfg, now)).toMatchObject({
      status: 'critical',
      reason: 'read capacity 110 % of provisioned',
    })
    expect(assessResource('DYNAMODB', reading({ consumedWrite: 10, systemErrors: 1 }), cfg, now).status).toBe('degraded')
  })

  it('load balancer: ELB 5xx share, latency, unhealthy hosts', () => {
    expect(
      assessResource('LOAD_BALANCER', reading({ requests: 1000, elb5xx: 0, target5xx: 5, latencyMs: 120, unhealthyHosts: 0, healthyHosts: 4 }), {}, now).status,
    ).toBe('healthy')
    expect(assessResource('LOAD_BALANCER', reading({ requests: 1000, elb5xx: 60 }), {}, now).status).toBe('critical')
    expect(assessResource('LOAD_BALANCER', reading({ requests: 1000, unhealthyHosts: 1 }), {}, now)).toMatchObject({
      status: 'critical',
      reason: '1 unhealthy hosts',
    })
    expect(assessResource('LOAD_BALANCER', reading({ requests: 1000, latencyMs: 700 }), {}, now).status).toBe('degraded')
  })

  it('what AWS cannot show makes it at best unknown; missing is unknown with the reason', () => {
    const blind = reading({ cpu: 10, connections: 10 }, { blind: ['cannot describe DB instances: denied'] })
    expect(assessResource('RDS', blind, { maxConnections: 100 }, now)).toMatchObject({ status: 'unknown', reason: 'cannot describe DB instances: denied' })
    expect(assessResource('DYNAMODB', reading({}, { missing: 'AWS has no table carts in us-east-1' }), {}, now).reason).toBe(
      'AWS has no table carts in us-east-1',
    )
  })
})
