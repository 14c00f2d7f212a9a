import 'server-only'
import {
  DescribeAlarmsCommand,
  GetMetricDataCommand,
  type MetricAlarm,
  type MetricDataQuery,
  type MetricDataResult,
} from '@aws-sdk/client-cloudwatch'
import { iso, mapLimit } from './batch'
import { awsClients } from './clients'
import { callAws, toAwsError, type AwsError } from './errors'
import { targetGroupLoadBalancers } from './elb'
import type { AlarmState, AlarmSummary, MetricsWindow, MetricTarget, ServiceMetricPoint, ServiceMetrics } from './types'

// Metric scheme (the same in AWS and in the simulator):
//   AWS/ECS            CPUUtilization, MemoryUtilization         ClusterName + ServiceName
//   AWS/ApplicationELB RequestCount, HTTPCode_Target_5XX_Count,  LoadBalancer ("app/<name>/<id>")
//                      TargetResponseTime, UnHealthyHostCount    + TargetGroup ("targetgroup/<name>/<id>")
// ALB metrics exist only per load balancer + target group, so the load balancer of each
// target group is looked up once (DescribeTargetGroups) unless the caller passes it.

/** AWS limit per GetMetricData call. */
export const GET_METRIC_DATA_MAX_QUERIES = 500
const CONCURRENCY = 4

type Signal = 'cpu' | 'mem' | 'req' | 'e5xx' | 'lat' | 'unhealthy'

const ecsQuery = (metric: string, cluster: string, service: string) => ({
  Namespace: 'AWS/ECS',
  MetricName: metric,
  Dimensions: [
    { Name: 'ClusterName', Value: cluster },
    { Name: 'ServiceName', Value: service },
  ],
})

const albQuery = (metric: string, loadBalancer: string, targetGroup: string) => ({
  Namespace: 'AWS/ApplicationELB',
  MetricName: metric,
  Dimensions: [
    { Name: 'LoadBalancer', Value: loadBalancer },
    { Name: 'TargetGroup', Value: targetGroup },
  ],
})

/** "targetgroup/<name>/<id>" from a target group ARN. */
export function targetGroupDimension(arn: string): string {
  return arn.split(':').slice(5).join(':')
}

/** "app/<name>/<id>" from a load balancer ARN. */
export function loadBalancerDimension(arn: string): string {
  return arn.split(':').slice(5).join(':').replace(/^loadbalancer\//, '')
}

/**
 * CPU and memory for every target, plus requests, 5xx share, latency and unhealthy hosts for
 * those behind a load balancer, over one window. Packs up to 500 queries per GetMetricData
 * call (a service's queries stay in one call) and follows NextToken pages. When AWS refuses
 * some calls, those services come back without points and with `error` set, the rest are
 * complete; when it refuses every call, this throws.
 */
export async function getServiceMetrics(region: string, targets: MetricTarget[], window: MetricsWindow): Promise<Record<string, ServiceMetrics>> {
  const periodSeconds = window.periodSeconds ?? 60
  const errors = new Map<string, AwsError>()
  const needLb = targets.filter((t) => t.targetGroupArn && !t.loadBalancerArn)
  let lbs: Record<string, string | null> = {}
  if (needLb.length > 0) {
    try {
      lbs = await targetGroupLoadBalancers(region, needLb.map((t) => t.targetGroupArn!))
    } catch (err) {
      // Without the load balancer there are no ALB metrics; CPU and memory still come.
      const error = toAwsError(err, 'elasticloadbalancing:DescribeTargetGroups')
      for (const t of needLb) errors.set(t.key, error)
    }
  }

  const groups = targets.map((t, i) => {
    const queries: { id: string; signal: Signal; query: MetricDataQuery }[] = []
    const add = (signal: Signal, stat: string, metric: ReturnType<typeof ecsQuery>) =>
      queries.push({ id: `${signal}_${i}`, signal, query: { Id: `${signal}_${i}`, MetricStat: { Metric: metric, Period: periodSeconds, Stat: stat } } })
    add('cpu', 'Average', ecsQuery('CPUUtilization', t.cluster, t.service))
    add('mem', 'Average', ecsQuery('MemoryUtilization', t.cluster, t.service))
    const lbArn = t.loadBalancerArn ?? (t.targetGroupArn ? lbs[t.targetGroupArn] : null)
    if (t.targetGroupArn && lbArn) {
      const lb = loadBalancerDimension(lbArn)
      const tg = targetGroupDimension(t.targetGroupArn)
      add('req', 'Sum', albQuery('RequestCount', lb, tg))
      add('e5xx', 'Sum', albQuery('HTTPCode_Target_5XX_Count', lb, tg))
      add('lat', 'Average', albQuery('TargetResponseTime', lb, tg))
      add('unhealthy', 'Maximum', albQuery('UnHealthyHostCount', lb, tg))
    }
    return { target: t, queries, hasAlb: Boolean(t.targetGroupArn && lbArn) }
  })

  // Greedy packing: whole services into calls of at most 500 queries.
  const calls: { queries: MetricDataQuery[]; keys: string[] }[] = []
  let current: (typeof calls)[number] = { queries: [], keys: [] }
  for (const g of groups) {
    if (current.queries.length + g.queries.length > GET_METRIC_DATA_MAX_QUERIES) {
      calls.push(current)
      current = { queries: [], keys: [] }
    }
    current.queries.push(...g.queries.map((q) => q.query))
    current.keys.push(g.target.key)
  }
  if (current.queries.length > 0) calls.push(current)

  const values = new Map<string, Map<number, number>>()
  let failedCalls = 0
  await mapLimit(calls, CONCURRENCY, async (call) => {
    try {
      for (const result of await metricData(region, call.queries, window)) {
        const series = values.get(result.Id ?? '') ?? new Map<number, number>()
        ;(result.Timestamps ?? []).forEach((ts, k) => series.set(ts.getTime(), result.Values?.[k] ?? 0))
        values.set(result.Id ?? '', series)
      }
    } catch (err) {
      const error = toAwsError(err, 'cloudwatch:GetMetricData')
      failedCalls++
      for (const key of call.keys) errors.set(key, error)
      // Nothing came back at all: fail like a single call would.
      if (failedCalls === calls.length) throw error
    }
  })

  const metrics: Record<string, ServiceMetrics> = {}
  groups.forEach((g, i) => {
    const get = (signal: Signal) => values.get(`${signal}_${i}`) ?? new Map<number, number>()
    const cpu = get('cpu')
    const mem = get('mem')
    const req = get('req')
    const e5xx = get('e5xx')
    const lat = get('lat')
    const unhealthy = get('unhealthy')
    const times = [...new Set([...cpu.keys(), ...mem.keys(), ...req.keys(), ...lat.keys(), ...unhealthy.keys()])].sort((a, b) => a - b)
    const points: ServiceMetricPoint[] = times.map((t) => {
      const requests = req.get(t) ?? null
      // ALBs publish no 5xx datapoint for minutes without errors: zero, when there was traffic.
      const errors = g.hasAlb ? (e5xx.get(t) ?? (requests !== null ? 0 : null)) : null
      const latency = lat.get(t)
      return {
        t,
        cpuPercent: cpu.get(t) ?? null,
        memoryPercent: mem.get(t) ?? null,
        requests,
        http5xx: errors,
        errorRatePercent: requests && errors !== null ? (errors / requests) * 100 : null,
        latencyMs: latency === undefined ? null : latency * 1000,
        unhealthyTargets: unhealthy.get(t) ?? null,
      }
    })
    const latest = <K extends keyof ServiceMetricPoint>(key: K) => {
      for (let k = points.length - 1; k >= 0; k--) if (points[k][key] !== null) return points[k][key]
      return null
    }
    metrics[g.target.key] = {
      key: g.target.key,
      periodSeconds,
      points,
      latest: {
        cpuPercent: latest('cpuPercent'),
        memoryPercent: latest('memoryPercent'),
        requests: latest('requests'),
        http5xx: latest('http5xx'),
        errorRatePercent: latest('errorRatePercent'),
        latencyMs: latest('latencyMs'),
        unhealthyTargets: latest('unhealthyTargets'),
      },
      error: errors.get(g.target.key) ?? null,
    }
  })
  return metrics
}

async function metricData(region: string, queries: MetricDataQuery[], window: MetricsWindow): Promise<MetricDataResult[]> {
  const merged = new Map<string, MetricDataResult>()
  let nextToken: string | undefined
  do {
    const out = await callAws('cloudwatch:GetMetricData', `${queries.length} metrics`, () =>
      awsClients(region).cloudwatch.send(
        new GetMetricDataCommand({
          MetricDataQueries: queries,
          StartTime: window.start,
          EndTime: window.end,
          ScanBy: 'TimestampAscending',
          NextToken: nextToken,
        }),
      ),
    )
    for (const r of out.MetricDataResults ?? []) {
      const prev = merged.get(r.Id ?? '')
      if (!prev) merged.set(r.Id ?? '', { ...r, Timestamps: [...(r.Timestamps ?? [])], Values: [...(r.Values ?? [])] })
      else {
        prev.Timestamps!.push(...(r.Timestamps ?? []))
        prev.Values!.push(...(r.Values ?? []))
      }
    }
    nextToken = out.NextToken
  } while (nextToken)
  return [...merged.values()]
}

/** Every metric alarm in the region (all pages), optionally narrowed by name prefix or state. */
export async function listAlarms(region: string, opts: { namePrefix?: string; state?: AlarmState } = {}): Promise<AlarmSummary[]> {
  const alarms: AlarmSummary[] = []
  let nextToken: string | undefined
  do {
    const out = await callAws('cloudwatch:DescribeAlarms', undefined, () =>
      awsClients(region).cloudwatch.send(
        new DescribeAlarmsCommand({
          AlarmNamePrefix: opts.namePrefix,
          StateValue: opts.state,
          AlarmTypes: ['MetricAlarm'],
          MaxRecords: 100,
          NextToken: nextToken,
        }),
      ),
    )
    alarms.push(...(out.MetricAlarms ?? []).map(toAlarmSummary))
    nextToken = out.NextToken
  } while (nextToken)
  return alarms
}

/** Whether an alarm watches this service: its ECS dimensions, or its target group. */
export function alarmWatches(alarm: AlarmSummary, service: { cluster: string; service: string; targetGroupArn?: string | null }): boolean {
  const d = alarm.dimensions
  if (d.ClusterName === service.cluster && d.ServiceName === service.service) return true
  return Boolean(service.targetGroupArn && d.TargetGroup === targetGroupDimension(service.targetGroupArn))
}

function toAlarmSummary(a: MetricAlarm): AlarmSummary {
  return {
    name: a.AlarmName ?? '',
    arn: a.AlarmArn ?? '',
    description: a.AlarmDescription ?? null,
    state: (a.StateValue as AlarmState | undefined) ?? 'INSUFFICIENT_DATA',
    stateReason: a.StateReason ?? null,
    stateUpdatedAt: iso(a.StateUpdatedTimestamp),
    namespace: a.Namespace ?? null,
    metricName: a.MetricName ?? null,
    dimensions: Object.fromEntries((a.Dimensions ?? []).map((d) => [d.Name ?? '', d.Value ?? ''])),
    statistic: a.Statistic ?? a.ExtendedStatistic ?? null,
    threshold: a.Threshold ?? null,
    comparison: a.ComparisonOperator ?? null,
    periodSeconds: a.Period ?? null,
    evaluationPeriods: a.EvaluationPeriods ?? null,
    actionsEnabled: a.ActionsEnabled ?? false,
  }
}
