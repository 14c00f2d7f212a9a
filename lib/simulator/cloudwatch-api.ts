// CloudWatch (awsJson1_0, query-compatible, GraniteServiceVersion20100801.<Op>):
// GetMetricData and DescribeAlarms.
//
// Metrics published, per service:
//   AWS/ECS            CPUUtilization, MemoryUtilization          dims ClusterName + ServiceName
//   ECS/ContainerInsights RunningTaskCount                       dims ClusterName + ServiceName
//   AWS/ApplicationELB RequestCount, HTTPCode_Target_5XX_Count,  dims LoadBalancer + TargetGroup
//                      TargetResponseTime (seconds),             (values "app/<name>/<id>" and
//                      HealthyHostCount, UnHealthyHostCount       "targetgroup/<name>/<id>")
//   AWS/ApplicationELB HTTPCode_ELB_5XX_Count                    dims LoadBalancer only (the 503s the
//                                                                  ALB answers itself with no target)
// As with real ALBs, request and 5xx counts have no datapoint in minutes where they were zero.
import { objectList, optNumber, optString, optTime, stringList, type ApiContext, type Input, type OperationHandler } from './api-context'
import { isSupportedStat, mergeStats, statsOf, statValue, type SampleMetric, type Stats } from './metrics'
import { MINUTE, serviceKey, type SimAlarm, type SimService, type SimTargetGroup } from './model'
import { SampleMemo } from './minutes'
import type { Simulation } from './simulation'
import { AwsApiError, decodeToken, encodeToken } from './wire'
import { resolveResourceMetric } from './resource-metrics'

const validation = (message: string) => new AwsApiError('ValidationError', message)

export const MAX_METRIC_QUERIES = 500
export const MAX_DATAPOINTS = 100_800

/** A metric of one service, or (per load balancer) the sum over the services behind it; or a resource's (resources.ts). */
type MetricRef = { services: SimService[]; metric: SampleMetric; resource?: (minute: number) => Stats | undefined }

const ecsMetrics: Record<string, SampleMetric> = { CPUUtilization: 'cpu', MemoryUtilization: 'mem' }
const albMetrics: Record<string, SampleMetric> = {
  RequestCount: 'req',
  HTTPCode_Target_5XX_Count: 'e5xx',
  TargetResponseTime: 'lat',
  HealthyHostCount: 'healthy',
  UnHealthyHostCount: 'unhealthy',
}

/**
 * One GetMetricData call's lookups, built on first use: the target groups by their load
 * balancer and target group dimensions (the first in the account's order, as a scan would
 * find), and by load balancer. The account does not change while a call is answered.
 */
class TargetGroupIndex {
  private byPair?: Map<string, SimTargetGroup>
  private byLb?: Map<string, SimTargetGroup[]>

  constructor(private readonly sim: Simulation) {}

  find(lb: string, tg: string): SimTargetGroup | undefined {
    if (!this.byPair) {
      this.byPair = new Map()
      for (const g of this.sim.targetGroups.values()) {
        const key = `${g.loadBalancer.dimension}\u0000${g.dimension}`
        if (!this.byPair.has(key)) this.byPair.set(key, g)
      }
    }
    return this.byPair.get(`${lb}\u0000${tg}`)
  }

  behind(lb: string): SimTargetGroup[] {
    if (!this.byLb) {
      this.byLb = new Map()
      for (const g of this.sim.targetGroups.values()) {
        const list = this.byLb.get(g.loadBalancer.dimension)
        if (list) list.push(g)
        else this.byLb.set(g.loadBalancer.dimension, [g])
      }
    }
    return this.byLb.get(lb) ?? []
  }
}

function resolveMetric(sim: Simulation, region: string, metric: Input, index: TargetGroupIndex): MetricRef | undefined {
  const namespace = optString(metric, 'Namespace')
  const name = optString(metric, 'MetricName') ?? ''
  const dims = new Map<string, string>()
  for (const d of objectList(metric, 'Dimensions') ?? []) dims.set(String(d.Name), String(d.Value))
  const resource = resolveResourceMetric(sim, region, namespace, name, dims)
  if (resource) return { services: [], metric: 'cpu', resource }
  const ecsMetric = namespace === 'AWS/ECS' ? ecsMetrics[name] : namespace === 'ECS/ContainerInsights' && name === 'RunningTaskCount' ? 'running' : undefined
  if (ecsMetric && dims.size === 2 && dims.has('ClusterName') && dims.has('ServiceName')) {
    const service = sim.services.get(serviceKey(region, dims.get('ClusterName')!, dims.get('ServiceName')!))
    return service ? { services: [service], metric: ecsMetric } : undefined
  }
  if (namespace === 'AWS/ApplicationELB' && albMetrics[name] && dims.size === 2 && dims.has('TargetGroup') && dims.has('LoadBalancer')) {
    const tg = index.find(dims.get('LoadBalancer')!, dims.get('TargetGroup')!)
    if (tg) {
      const service = sim.services.get(tg.serviceKey)
      return service && service.cluster.region === region ? { services: [service], metric: albMetrics[name] } : undefined
    }
  }
  // As in AWS, the load balancer's own 5xx (and its totals) have no TargetGroup dimension.
  const lbTotals: Record<string, SampleMetric> = {
    HTTPCode_ELB_5XX_Count: 'elb5xx',
    RequestCount: 'req',
    HTTPCode_Target_5XX_Count: 'e5xx',
    TargetResponseTime: 'lat',
  }
  if (namespace === 'AWS/ApplicationELB' && lbTotals[name] && dims.size === 1 && dims.has('LoadBalancer')) {
    const services = index
      .behind(dims.get('LoadBalancer')!)
      .flatMap((tg) => sim.services.get(tg.serviceKey) ?? [])
      .filter((s) => s.cluster.region === region)
    return services.length > 0 ? { services, metric: lbTotals[name] } : undefined
  }
  return undefined
}

type Query = { id: string; label: string; ref?: MetricRef; period: number; stat: string; returnData: boolean }

function parseQueries(ctx: ApiContext, input: Input): Query[] {
  const raw = objectList(input, 'MetricDataQueries') ?? []
  if (raw.length === 0) throw validation('The collection MetricDataQueries must not be empty.')
  if (raw.length > MAX_METRIC_QUERIES) {
    throw validation(`The collection MetricDataQueries must not have a size greater than ${MAX_METRIC_QUERIES}.`)
  }
  const ids = new Set<string>()
  const index = new TargetGroupIndex(ctx.sim)
  return raw.map((q, i) => {
    const id = optString(q, 'Id') ?? ''
    if (!/^[a-z][a-zA-Z0-9_]*$/.test(id)) {
      throw validation(
        `Invalid metric data query id "${id}" at MetricDataQueries.member.${i + 1}: it must start with a lowercase letter and contain only letters, numbers and underscores.`,
      )
    }
    if (ids.has(id)) throw validation(`The values for parameter id in MetricDataQueries are not unique (${id}).`)
    ids.add(id)
    if (q.Expression !== undefined) {
      throw validation(`Metric math is not supported by the simulator (query ${id}); request the metrics and combine them yourself.`)
    }
    const stat = q.MetricStat as Input | undefined
    if (!stat || typeof stat.Metric !== 'object' || stat.Metric === null) {
      throw validation(`Exactly one of MetricStat or Expression is required in MetricDataQueries.member.${i + 1}.`)
    }
    const period = optNumber(stat, 'Period') ?? optNumber(q, 'Period') ?? 0
    if (!Number.isInteger(period) || period < 60 || period % 60 !== 0) {
      throw validation(`The parameter MetricDataQueries.member.${i + 1}.MetricStat.Period must be a multiple of 60.`)
    }
    const statName = optString(stat, 'Stat') ?? ''
    if (!isSupportedStat(statName)) throw validation(`The statistic "${statName}" is not valid.`)
    const metric = stat.Metric as Input
    return {
      id,
      label: optString(q, 'Label') ?? optString(metric, 'MetricName') ?? id,
      ref: resolveMetric(ctx.sim, ctx.region, metric, index),
      period: period * 1000,
      stat: statName,
      returnData: q.ReturnData !== false,
    }
  })
}

function series(sim: Simulation, samples: SampleMemo, q: Query, start: number, end: number): { t: number[]; v: number[] } {
  const t: number[] = []
  const v: number[] = []
  if (!q.ref) return { t, v }
  const done = sim.completedMinute()
  for (let bucket = Math.floor(start / q.period) * q.period; bucket < end; bucket += q.period) {
    const parts: Stats[] = []
    for (let m = bucket / MINUTE; m < (bucket + q.period) / MINUTE && m < done; m++) {
      const own = q.ref.resource?.(m)
      if (own) parts.push(own)
      for (const service of q.ref.services) {
        const sample = samples.at(service, m)
        const stats = sample ? statsOf(sample, q.ref.metric) : undefined
        if (stats) parts.push(stats)
      }
    }
    const merged = mergeStats(parts)
    if (merged) {
      t.push(bucket)
      v.push(Math.round(statValue(merged, q.stat) * 10_000) / 10_000)
    }
  }
  return { t, v }
}

function getMetricData(input: Input, ctx: ApiContext) {
  const queries = parseQueries(ctx, input)
  ctx.touch(queries.flatMap((q) => (q.ref ? q.ref.services.map((s) => s.key) : [])))
  const start = optTime(input, 'StartTime')
  const end = optTime(input, 'EndTime')
  if (start === undefined || end === undefined) throw validation('StartTime and EndTime are required.')
  if (start >= end) throw validation('The parameter StartTime must be less than the parameter EndTime.')
  const maxDatapoints = optNumber(input, 'MaxDatapoints') ?? MAX_DATAPOINTS
  const descending = (optString(input, 'ScanBy') ?? 'TimestampDescending') === 'TimestampDescending'
  const token = optString(input, 'NextToken')
  const resume = decodeToken<{ q: number; o: number }>(token)
  if (token !== undefined && (typeof resume?.q !== 'number' || typeof resume.o !== 'number')) {
    throw new AwsApiError('InvalidNextToken', 'The service returned an invalid next token.')
  }

  const results = []
  let budget = maxDatapoints
  let next: { q: number; o: number } | undefined
  const returned = queries.map((q, index) => ({ q, index })).filter((x) => x.q.returnData)
  const samples = new SampleMemo((s, m) => ctx.sim.sampleAt(s, m))
  for (const { q, index } of returned) {
    if (resume && index < resume.q) continue
    const { t, v } = series(ctx.sim, samples, q, start, end)
    if (descending) {
      t.reverse()
      v.reverse()
    }
    const from = resume && index === resume.q ? resume.o : 0
    const take = Math.max(0, Math.min(t.length - from, budget))
    budget -= take
    const partial = from + take < t.length
    results.push({
      Id: q.id,
      Label: q.label,
      Timestamps: t.slice(from, from + take).map((ms) => new Date(ms)),
      Values: v.slice(from, from + take),
      StatusCode: partial ? 'PartialData' : 'Complete',
      Messages: [],
    })
    if (partial) {
      next = { q: index, o: from + take }
      break
    }
  }
  return { MetricDataResults: results, NextToken: next ? encodeToken(next) : undefined, Messages: [] }
}

function renderAlarm(a: SimAlarm) {
  // A metric-math alarm has a Metrics list instead of a metric, statistic and dimensions of its own.
  const metric = a.math
    ? {
        Metrics: [
          ...a.math.parts.map((p) => ({
            Id: p.id,
            MetricStat: { Metric: { Namespace: p.namespace, MetricName: p.metricName, Dimensions: p.dimensions }, Period: a.period, Stat: p.stat },
            ReturnData: false,
          })),
          { Id: a.math.id, Expression: a.math.expression, Label: a.math.label, ReturnData: true },
        ],
      }
    : { MetricName: a.metricName, Namespace: a.namespace, Statistic: a.statistic, Dimensions: a.dimensions, Period: a.period }
  return {
    AlarmName: a.name,
    AlarmArn: a.arn,
    AlarmDescription: a.description,
    AlarmConfigurationUpdatedTimestamp: new Date(a.configuredAt),
    ActionsEnabled: true,
    OKActions: a.actions,
    AlarmActions: a.actions,
    InsufficientDataActions: a.actions,
    StateValue: a.state,
    StateReason: a.stateReason,
    StateReasonData: a.stateReasonData,
    StateUpdatedTimestamp: new Date(a.stateUpdatedAt),
    StateTransitionedTimestamp: new Date(a.stateUpdatedAt),
    ...metric,
    EvaluationPeriods: a.evaluationPeriods,
    DatapointsToAlarm: a.datapointsToAlarm,
    Threshold: a.threshold,
    ComparisonOperator: a.comparison,
    TreatMissingData: a.treatMissingData,
  }
}

function describeAlarms(input: Input, ctx: ApiContext) {
  const maxRecords = optNumber(input, 'MaxRecords') ?? 50
  if (!Number.isInteger(maxRecords) || maxRecords < 1 || maxRecords > 100) {
    throw validation(
      `1 validation error detected: Value '${maxRecords}' at 'maxRecords' failed to satisfy constraint: Member must have value between 1 and 100`,
    )
  }
  const names = stringList(input, 'AlarmNames')
  const prefix = optString(input, 'AlarmNamePrefix')
  if (names && prefix) throw new AwsApiError('InvalidParameterCombination', 'AlarmNames and AlarmNamePrefix cannot be used together.')
  if (names && names.length > 100) throw validation('The collection AlarmNames must not have a size greater than 100.')
  const state = optString(input, 'StateValue')
  const types = stringList(input, 'AlarmTypes')
  const actionPrefix = optString(input, 'ActionPrefix')
  const token = optString(input, 'NextToken')
  const after = decodeToken<{ after: string }>(token)
  if (token !== undefined && typeof after?.after !== 'string') throw new AwsApiError('InvalidNextToken', 'Invalid nextToken.')

  const regionAlarms = ctx.sim.alarms.filter((a) => a.arn.split(':')[3] === ctx.region)
  const matching =
    types && !types.includes('MetricAlarm')
      ? []
      : regionAlarms.filter(
          (a) =>
            (!names || names.includes(a.name)) &&
            (!prefix || a.name.startsWith(prefix)) &&
            (!state || a.state === state) &&
            (!actionPrefix || a.actions.some((x) => x.startsWith(actionPrefix))) &&
            (!after || a.name > after.after),
        )
  const pageItems = matching.slice(0, maxRecords)
  const more = matching.length > maxRecords
  return {
    MetricAlarms: pageItems.map(renderAlarm),
    CompositeAlarms: [],
    NextToken: more ? encodeToken({ after: pageItems[pageItems.length - 1].name }) : undefined,
  }
}

export const cloudWatchOperations: Record<string, OperationHandler> = {
  GetMetricData: getMetricData,
  DescribeAlarms: describeAlarms,
}
