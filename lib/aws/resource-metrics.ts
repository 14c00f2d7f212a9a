import 'server-only'
import { loadBalancerDimension, targetGroupDimension } from './cloudwatch'
import type { AwsError } from './errors'
import { runMetricGroups, type MetricBatchResult, type MetricReader } from './metric-batch'
import type { MetricsWindow } from './types'

// Metrics of resources beside services, batched into GetMetricData calls of up to 500 queries
// (a resource's queries stay in one call). The scheme, the same in AWS and in the simulator:
//   AWS/Lambda          Invocations, Errors, Throttles (Sum), Duration (p95, ms),     FunctionName
//                       ConcurrentExecutions (Maximum)
//   AWS/RDS             CPUUtilization, DatabaseConnections, ReadLatency, WriteLatency DBInstanceIdentifier
//                       (seconds), FreeStorageSpace (bytes), ReplicaLag (seconds)
//   AWS/ElastiCache     CPUUtilization, EngineCPUUtilization, CurrConnections,        CacheClusterId
//                       Evictions, CacheHits, CacheMisses, ReplicationLag (seconds)
//   AWS/DynamoDB        ConsumedRead/WriteCapacityUnits, Read/WriteThrottleEvents     TableName
//                       SystemErrors                                                  TableName + Operation
//   AWS/ApplicationELB  RequestCount, HTTPCode_ELB_5XX_Count,                         LoadBalancer
//                       HTTPCode_Target_5XX_Count, TargetResponseTime
//                       UnHealthyHostCount, HealthyHostCount                          LoadBalancer + TargetGroup
// Counts (errors, throttles, 5xx) have no datapoint in a minute without any: they are read as 0
// at the time of the kind's anchor signal (invocations, requests, consumed capacity).

export type ResourceMetricKind = 'lambda' | 'rds' | 'elasticache' | 'dynamodb' | 'alb'

export type ResourceMetricTarget = {
  key: string
  kind: ResourceMetricKind
  /** Function name, DB instance id, cache cluster id, table name, or the load balancer's ARN. */
  id: string
  /** alb: the target groups' ARNs (unhealthy hosts exist per target group). */
  targetGroupArns?: string[]
}

export type ResourceMetrics = {
  key: string
  periodSeconds: number
  latest: Record<string, number | null>
  /** Start of the period of each signal's newest datapoint (epoch ms). */
  latestAt: Record<string, number | null>
  error: AwsError | null
}

type Spec = {
  signal: string
  namespace: string
  metric: string
  stat: string
  dims: Record<string, string>
  scale?: number
  count?: boolean
  combine?: 'sum' | 'min'
}

const DYNAMO_OPERATIONS = ['GetItem', 'PutItem', 'UpdateItem', 'Query']
const anchors: Record<ResourceMetricKind, string[]> = {
  lambda: ['invocations'],
  rds: ['cpu'],
  elasticache: ['engineCpu'],
  dynamodb: ['consumedRead', 'consumedWrite'],
  alb: ['requests', 'healthyHosts'],
}

function specsOf(t: ResourceMetricTarget): Spec[] {
  switch (t.kind) {
    case 'lambda': {
      const dims = { FunctionName: t.id }
      const ns = 'AWS/Lambda'
      return [
        { signal: 'invocations', namespace: ns, metric: 'Invocations', stat: 'Sum', dims },
        { signal: 'errors', namespace: ns, metric: 'Errors', stat: 'Sum', dims, count: true },
        { signal: 'throttles', namespace: ns, metric: 'Throttles', stat: 'Sum', dims, count: true },
        { signal: 'durationP95Ms', namespace: ns, metric: 'Duration', stat: 'p95', dims },
        { signal: 'concurrent', namespace: ns, metric: 'ConcurrentExecutions', stat: 'Maximum', dims },
      ]
    }
    case 'rds': {
      const dims = { DBInstanceIdentifier: t.id }
      const ns = 'AWS/RDS'
      return [
        { signal: 'cpu', namespace: ns, metric: 'CPUUtilization', stat: 'Average', dims },
        { signal: 'connections', namespace: ns, metric: 'DatabaseConnections', stat: 'Maximum', dims },
        { signal: 'readLatencyMs', namespace: ns, metric: 'ReadLatency', stat: 'Average', dims, scale: 1000 },
        { signal: 'writeLatencyMs', namespace: ns, metric: 'WriteLatency', stat: 'Average', dims, scale: 1000 },
        { signal: 'freeStorageBytes', namespace: ns, metric: 'FreeStorageSpace', stat: 'Minimum', dims },
        { signal: 'replicaLagSeconds', namespace: ns, metric: 'ReplicaLag', stat: 'Maximum', dims },
      ]
    }
    case 'elasticache': {
      const dims = { CacheClusterId: t.id }
      const ns = 'AWS/ElastiCache'
      return [
        { signal: 'cpu', namespace: ns, metric: 'CPUUtilization', stat: 'Average', dims },
        { signal: 'engineCpu', namespace: ns, metric: 'EngineCPUUtilization', stat: 'Average', dims },
        { signal: 'connections', namespace: ns, metric: 'CurrConnections', stat: 'Maximum', dims },
        { signal: 'evictions', namespace: ns, metric: 'Evictions', stat: 'Sum', dims },
        { signal: 'hits', namespace: ns, metric: 'CacheHits', stat: 'Sum', dims },
        { signal: 'misses', namespace: ns, metric: 'CacheMisses', stat: 'Sum', dims },
        { signal: 'replicationLagSeconds', namespace: ns, metric: 'ReplicationLag', stat: 'Maximum', dims },
      ]
    }
    case 'dynamodb': {
      const dims = { TableName: t.id }
      const ns = 'AWS/DynamoDB'
      return [
        { signal: 'consumedRead', namespace: ns, metric: 'ConsumedReadCapacityUnits', stat: 'Sum', dims },
        { signal: 'consumedWrite', namespace: ns, metric: 'ConsumedWriteCapacityUnits', stat: 'Sum', dims },
        { signal: 'throttled', namespace: ns, metric: 'ReadThrottleEvents', stat: 'Sum', dims, count: true, combine: 'sum' },
        { signal: 'throttled', namespace: ns, metric: 'WriteThrottleEvents', stat: 'Sum', dims, count: true, combine: 'sum' },
        ...DYNAMO_OPERATIONS.map((op): Spec => ({
          signal: 'systemErrors',
          namespace: ns,
          metric: 'SystemErrors',
          stat: 'Sum',
          dims: { TableName: t.id, Operation: op },
          count: true,
          combine: 'sum',
        })),
      ]
    }
    case 'alb': {
      const lb = loadBalancerDimension(t.id)
      const dims = { LoadBalancer: lb }
      const ns = 'AWS/ApplicationELB'
      return [
        { signal: 'requests', namespace: ns, metric: 'RequestCount', stat: 'Sum', dims, count: true },
        { signal: 'elb5xx', namespace: ns, metric: 'HTTPCode_ELB_5XX_Count', stat: 'Sum', dims, count: true },
        { signal: 'target5xx', namespace: ns, metric: 'HTTPCode_Target_5XX_Count', stat: 'Sum', dims, count: true },
        { signal: 'latencyMs', namespace: ns, metric: 'TargetResponseTime', stat: 'Average', dims, scale: 1000 },
        ...(t.targetGroupArns ?? []).flatMap((arn): Spec[] => {
          const d = { LoadBalancer: lb, TargetGroup: targetGroupDimension(arn) }
          return [
            { signal: 'unhealthyHosts', namespace: ns, metric: 'UnHealthyHostCount', stat: 'Maximum', dims: d, combine: 'sum' },
            { signal: 'healthyHosts', namespace: ns, metric: 'HealthyHostCount', stat: 'Minimum', dims: d, combine: 'min' },
          ]
        }),
      ]
    }
  }
}

/** Latest values of every resource's signals over one window; a refused call marks its resources with `error`, all refused throws. */
export async function getResourceMetrics(region: string, targets: ResourceMetricTarget[], window: MetricsWindow): Promise<Record<string, ResourceMetrics>> {
  const reader = resourceMetricsReader(targets, window.periodSeconds ?? 60)
  return reader.read(await runMetricGroups(region, reader.groups, window))
}

/** getResourceMetrics' part of a GetMetricData batch (lib/aws/metric-batch.ts), to read beside the services' metrics in the same calls. */
export function resourceMetricsReader(targets: ResourceMetricTarget[], periodSeconds: number): MetricReader<Record<string, ResourceMetrics>> {
  // Query Ids start with "res": unique beside the services' ("cpu_0", "elb_lb0", …) in a shared batch.
  const groups = targets.map((t, i) => ({
    target: t,
    specs: specsOf(t).map((s, j) => ({ ...s, id: `res${i}_${j}` })),
  }))
  return {
    groups: groups.map((g) => ({
      key: g.target.key,
      queries: g.specs.map((s) => ({
        Id: s.id,
        MetricStat: {
          Metric: { Namespace: s.namespace, MetricName: s.metric, Dimensions: Object.entries(s.dims).map(([Name, Value]) => ({ Name, Value })) },
          Period: periodSeconds,
          Stat: s.stat,
        },
      })),
    })),
    read: ({ values, errors }: MetricBatchResult) => readResourceMetrics(groups, periodSeconds, values, errors),
  }
}

function readResourceMetrics(
  groups: { target: ResourceMetricTarget; specs: (Spec & { id: string })[] }[],
  periodSeconds: number,
  values: Map<string, Map<number, number>>,
  errors: Map<string, AwsError>,
): Record<string, ResourceMetrics> {
  const out: Record<string, ResourceMetrics> = {}
  for (const g of groups) {
    // One series per signal: several queries of a signal combine per timestamp.
    const bySignal = new Map<string, { series: Map<number, number>; spec: Spec }>()
    for (const s of g.specs) {
      const series = values.get(s.id) ?? new Map<number, number>()
      const prev = bySignal.get(s.signal)
      if (!prev) {
        bySignal.set(s.signal, { series: new Map([...series].map(([t, v]) => [t, v * (s.scale ?? 1)])), spec: s })
        continue
      }
      for (const [t, v] of series) {
        const before = prev.series.get(t)
        prev.series.set(t, before === undefined ? v : s.combine === 'min' ? Math.min(before, v) : before + v)
      }
    }
    const latestOf = (series: Map<number, number>) => {
      const t = Math.max(-Infinity, ...series.keys())
      return Number.isFinite(t) ? { value: series.get(t)!, at: t } : { value: null, at: null }
    }
    const anchorAt = Math.max(-Infinity, ...anchors[g.target.kind].map((a) => latestOf(bySignal.get(a)?.series ?? new Map()).at ?? -Infinity))
    const latest: Record<string, number | null> = {}
    const latestAt: Record<string, number | null> = {}
    for (const [signal, { series, spec }] of bySignal) {
      const own = latestOf(series)
      if (spec.count && Number.isFinite(anchorAt) && (own.at === null || own.at <= anchorAt)) {
        latest[signal] = series.get(anchorAt) ?? 0
        latestAt[signal] = anchorAt
      } else {
        latest[signal] = own.value
        latestAt[signal] = own.at
      }
    }
    out[g.target.key] = { key: g.target.key, periodSeconds, latest, latestAt, error: errors.get(g.target.key) ?? null }
  }
  return out
}
