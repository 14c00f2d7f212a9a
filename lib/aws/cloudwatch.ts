import 'server-only'
import { DescribeAlarmsCommand, type MetricAlarm, type MetricDataQuery } from '@aws-sdk/client-cloudwatch'
import { iso } from './batch'
import { awsClients } from './clients'
import { callAws, toAwsError, type AwsError } from './errors'
import { targetGroupLoadBalancers } from './elb'
import { runMetricGroups, type MetricBatchResult, type MetricReader } from './metric-batch'
import type { AlarmState, AlarmSummary, MetricsWindow, MetricTarget, ServiceMetricPoint, ServiceMetrics } from './types'

// Metric scheme (the same in AWS and in the simulator):
//   AWS/ECS            CPUUtilization, MemoryUtilization         ClusterName + ServiceName
//   AWS/ApplicationELB RequestCount, HTTPCode_Target_5XX_Count,  LoadBalancer ("app/<name>/<id>")
//                      TargetResponseTime, UnHealthyHostCount    + TargetGroup ("targetgroup/<name>/<id>")
// ALB metrics exist only per load balancer + target group, so the load balancer of each
// target group is looked up once (DescribeTargetGroups) unless the caller passes it.

type Signal = 'cpu' | 'mem' | 'req' | 'e5xx' | 'lat' | 'unhealthy' | 'healthy' | 'elb'

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
  return arn
    .split(':')
    .slice(5)
    .join(':')
    .replace(/^loadbalancer\//, '')
}

/**
 * CPU and memory for every target, plus requests, 5xx share, latency and unhealthy hosts for
 * those behind a load balancer, over one window. Packs up to 500 queries per GetMetricData
 * call (a service's queries stay in one call) and follows NextToken pages. When AWS refuses
 * some calls, those services come back without points and with `error` set, the rest are
 * complete; when it refuses every call, this throws.
 */
export async function getServiceMetrics(region: string, targets: MetricTarget[], window: MetricsWindow): Promise<Record<string, ServiceMetrics>> {
  const reader = await serviceMetricsReader(region, targets, window.periodSeconds ?? 60)
  return reader.read(await runMetricGroups(region, reader.groups, window))
}

/** getServiceMetrics' part of a GetMetricData batch (lib/aws/metric-batch.ts), to read beside other metrics in the same calls. */
export async function serviceMetricsReader(
  region: string,
  targets: MetricTarget[],
  periodSeconds: number,
): Promise<MetricReader<Record<string, ServiceMetrics>>> {
  const errors = new Map<string, AwsError>()
  const needLb = targets.filter((t) => t.targetGroupArn && !t.loadBalancerArn)
  let lbs: Record<string, string | null> = {}
  if (needLb.length > 0) {
    try {
      lbs = await targetGroupLoadBalancers(
        region,
        needLb.map((t) => t.targetGroupArn!),
      )
    } catch (err) {
      // Without the load balancer there are no ALB metrics; CPU and memory still come.
      const error = toAwsError(err, 'elasticloadbalancing:DescribeTargetGroups')
      for (const t of needLb) errors.set(t.key, error)
    }
  }

  // The load balancer's own 5xx (no target to send to) exist per load balancer only: one query
  // per load balancer, carried by the first service behind it; read as `elb_<n>`.
  const lbQueries = new Map<string, number>()
  const groups = targets.map((t, i) => {
    const queries: { id: string; signal: Signal; query: MetricDataQuery }[] = []
    const add = (
      signal: Signal,
      stat: string,
      metric: { Namespace: string; MetricName: string; Dimensions: { Name: string; Value: string }[] },
      id = `${signal}_${i}`,
    ) => queries.push({ id, signal, query: { Id: id, MetricStat: { Metric: metric, Period: periodSeconds, Stat: stat } } })
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
      add('healthy', 'Minimum', albQuery('HealthyHostCount', lb, tg))
      if (!lbQueries.has(lb)) {
        lbQueries.set(lb, lbQueries.size)
        add(
          'elb',
          'Sum',
          { Namespace: 'AWS/ApplicationELB', MetricName: 'HTTPCode_ELB_5XX_Count', Dimensions: [{ Name: 'LoadBalancer', Value: lb }] },
          `elb_lb${lbQueries.get(lb)}`,
        )
      }
    }
    return { target: t, queries, hasAlb: Boolean(t.targetGroupArn && lbArn), lb: t.targetGroupArn && lbArn ? loadBalancerDimension(lbArn) : null }
  })

  return { groups: groups.map((g) => ({ key: g.target.key, queries: g.queries.map((q) => q.query) })), read: readServiceMetrics }

  function readServiceMetrics({ values, errors: refused }: MetricBatchResult): Record<string, ServiceMetrics> {
    const metrics: Record<string, ServiceMetrics> = {}
    groups.forEach((g, i) => {
      const get = (signal: Signal) => values.get(`${signal}_${i}`) ?? new Map<number, number>()
      const cpu = get('cpu')
      const mem = get('mem')
      const req = get('req')
      const e5xx = get('e5xx')
      const lat = get('lat')
      const unhealthy = get('unhealthy')
      const healthy = get('healthy')
      const elb = g.lb ? (values.get(`elb_lb${lbQueries.get(g.lb)}`) ?? new Map<number, number>()) : new Map<number, number>()
      const times = [...new Set([...cpu.keys(), ...mem.keys(), ...req.keys(), ...lat.keys(), ...unhealthy.keys(), ...healthy.keys()])].sort((a, b) => a - b)
      const points: ServiceMetricPoint[] = times.map((t) => {
        const targetRequests = req.get(t) ?? null
        // The load balancer answers 503 itself when the target group has no healthy target; its
        // 5xx are counted per load balancer, so they are this service's only in such a minute.
        const elb5xx = g.hasAlb && healthy.get(t) === 0 ? (elb.get(t) ?? 0) : g.hasAlb && healthy.has(t) ? 0 : null
        const requests = targetRequests === null && !elb5xx ? null : (targetRequests ?? 0) + (elb5xx ?? 0)
        // ALBs publish no 5xx datapoint for minutes without errors: zero, when there was traffic.
        const targetErrors = g.hasAlb ? (e5xx.get(t) ?? (targetRequests !== null ? 0 : null)) : null
        const errors = targetErrors === null && !elb5xx ? null : (targetErrors ?? 0) + (elb5xx ?? 0)
        const latency = lat.get(t)
        return {
          t,
          cpuPercent: cpu.get(t) ?? null,
          memoryPercent: mem.get(t) ?? null,
          requests,
          http5xx: errors,
          elb5xx,
          errorRatePercent: requests && errors !== null ? (errors / requests) * 100 : null,
          latencyMs: latency === undefined ? null : latency * 1000,
          unhealthyTargets: unhealthy.get(t) ?? null,
          healthyTargets: healthy.get(t) ?? null,
        }
      })
      const latestOf = <K extends Exclude<keyof ServiceMetricPoint, 't'>>(key: K) => {
        for (let k = points.length - 1; k >= 0; k--) if (points[k][key] !== null) return { value: points[k][key], at: points[k].t }
        return { value: null, at: null }
      }
      const keys = [
        'cpuPercent',
        'memoryPercent',
        'requests',
        'http5xx',
        'elb5xx',
        'errorRatePercent',
        'latencyMs',
        'unhealthyTargets',
        'healthyTargets',
      ] as const
      const found = Object.fromEntries(keys.map((k) => [k, latestOf(k)])) as Record<(typeof keys)[number], { value: number | null; at: number | null }>
      metrics[g.target.key] = {
        key: g.target.key,
        periodSeconds,
        points,
        latest: Object.fromEntries(keys.map((k) => [k, found[k].value])) as ServiceMetrics['latest'],
        latestAt: Object.fromEntries(keys.map((k) => [k, found[k].at])) as ServiceMetrics['latestAt'],
        hasLoadBalancer: g.hasAlb,
        error: errors.get(g.target.key) ?? refused.get(g.target.key) ?? null,
      }
    })
    return metrics
  }
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
export function alarmWatches(
  alarm: AlarmSummary,
  service: { cluster: string; service: string; targetGroupArn?: string | null; targetGroupArns?: string[] },
): boolean {
  const groups = new Set([...(service.targetGroupArns ?? []), ...(service.targetGroupArn ? [service.targetGroupArn] : [])].map(targetGroupDimension))
  // A metric-math alarm has no dimensions of its own: those of the metrics it combines count.
  return [alarm.dimensions, ...alarm.metricDimensions].some(
    (d) => (d.ClusterName === service.cluster && d.ServiceName === service.service) || (d.TargetGroup !== undefined && groups.has(d.TargetGroup)),
  )
}

export function toAlarmSummary(a: MetricAlarm): AlarmSummary {
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
    metricDimensions: (a.Metrics ?? []).flatMap((m) =>
      m.MetricStat?.Metric ? [Object.fromEntries((m.MetricStat.Metric.Dimensions ?? []).map((d) => [d.Name ?? '', d.Value ?? '']))] : [],
    ),
    statistic: a.Statistic ?? a.ExtendedStatistic ?? null,
    threshold: a.Threshold ?? null,
    comparison: a.ComparisonOperator ?? null,
    periodSeconds: a.Period ?? null,
    evaluationPeriods: a.EvaluationPeriods ?? null,
    actionsEnabled: a.ActionsEnabled ?? false,
  }
}
