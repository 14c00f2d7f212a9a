// The alarms every simulated service has, and how CloudWatch would evaluate them each minute.
import { statsOf, statValue } from './metrics'
import { MINUTE, type MinuteSample, type SimAlarm, type SimService } from './model'

const DAY = 24 * 60 * MINUTE

/** Three ECS alarms per service; three ALB ones more when it has a target group. */
export function serviceAlarms(s: SimService, accountId: string): SimAlarm[] {
  const alarms: SimAlarm[] = []
  const region = s.cluster.region
  const ecsDims = [
    { Name: 'ClusterName', Value: s.cluster.name },
    { Name: 'ServiceName', Value: s.name },
  ]
  const topic = `arn:aws:sns:${region}:${accountId}:${s.cluster.name}-alerts`
  const add = (
    suffix: string,
    a: Omit<SimAlarm, 'name' | 'arn' | 'serviceKey' | 'actions' | 'state' | 'stateReason' | 'stateUpdatedAt' | 'configuredAt' | 'comparison' | 'period'> & {
      comparison?: SimAlarm['comparison']
    },
  ) => {
    const name = `${s.cluster.name}-${s.name}-${suffix}`
    alarms.push({
      comparison: 'GreaterThanThreshold',
      ...a,
      name,
      arn: `arn:aws:cloudwatch:${region}:${accountId}:alarm:${name}`,
      serviceKey: s.key,
      actions: [topic],
      period: 60,
      state: 'INSUFFICIENT_DATA',
      stateReason: 'Unchecked: Initial alarm creation',
      stateUpdatedAt: s.createdAt,
      configuredAt: s.createdAt,
    })
  }
  add('cpu-high', {
    description: `CPU of ${s.name} above 85 % for 3 minutes`,
    namespace: 'AWS/ECS',
    metricName: 'CPUUtilization',
    dimensions: ecsDims,
    metric: 'cpu',
    statistic: 'Average',
    evaluationPeriods: 3,
    datapointsToAlarm: 3,
    threshold: 85,
    treatMissingData: 'missing',
  })
  add('memory-high', {
    description: `Memory of ${s.name} above 90 % for 3 minutes`,
    namespace: 'AWS/ECS',
    metricName: 'MemoryUtilization',
    dimensions: ecsDims,
    metric: 'mem',
    statistic: 'Average',
    evaluationPeriods: 3,
    datapointsToAlarm: 3,
    threshold: 90,
    treatMissingData: 'missing',
  })
  // Container Insights: no task running for two minutes in a row (a crash loop, a service scaled to 0).
  add('no-running-tasks', {
    description: `No task of ${s.name} running for 2 minutes`,
    namespace: 'ECS/ContainerInsights',
    metricName: 'RunningTaskCount',
    dimensions: ecsDims,
    metric: 'running',
    statistic: 'Minimum',
    evaluationPeriods: 2,
    datapointsToAlarm: 2,
    threshold: 1,
    comparison: 'LessThanThreshold',
    treatMissingData: 'missing',
  })
  if (!s.targetGroup) return alarms
  const albDims = [
    { Name: 'LoadBalancer', Value: s.targetGroup.loadBalancer.dimension },
    { Name: 'TargetGroup', Value: s.targetGroup.dimension },
  ]
  // About 3 % of the service's usual traffic.
  const errorThreshold = Math.max(10, Math.round(s.profile.baseRpm * 0.03))
  add('5xx-errors', {
    description: `More than ${errorThreshold} target 5xx responses a minute on ${s.name}`,
    namespace: 'AWS/ApplicationELB',
    metricName: 'HTTPCode_Target_5XX_Count',
    dimensions: albDims,
    metric: 'e5xx',
    statistic: 'Sum',
    evaluationPeriods: 2,
    datapointsToAlarm: 2,
    threshold: errorThreshold,
    treatMissingData: 'notBreaching',
  })
  add('latency-high', {
    description: `Average target response time of ${s.name} above 1 s`,
    namespace: 'AWS/ApplicationELB',
    metricName: 'TargetResponseTime',
    dimensions: albDims,
    metric: 'lat',
    statistic: 'Average',
    evaluationPeriods: 3,
    datapointsToAlarm: 3,
    threshold: 1,
    treatMissingData: 'notBreaching',
  })
  add('unhealthy-hosts', {
    description: `Unhealthy targets behind ${s.name}`,
    namespace: 'AWS/ApplicationELB',
    metricName: 'UnHealthyHostCount',
    dimensions: albDims,
    metric: 'unhealthy',
    statistic: 'Maximum',
    evaluationPeriods: 2,
    datapointsToAlarm: 1,
    threshold: 0,
    treatMissingData: 'notBreaching',
  })
  return alarms
}

/**
 * The metric-math alarm the metric_math_alarm scenario defines: the 5xx share of requests, as
 * CloudWatch stores one (a Metrics list: two metric queries and an expression; no MetricName,
 * Namespace or Dimensions of its own). Only a service behind a target group has one.
 */
export function mathAlarm(s: SimService, accountId: string, t: number, thresholdPercent = 5): SimAlarm | null {
  if (!s.targetGroup) return null
  const region = s.cluster.region
  const name = `${s.cluster.name}-${s.name}-5xx-share`
  const dimensions = [
    { Name: 'LoadBalancer', Value: s.targetGroup.loadBalancer.dimension },
    { Name: 'TargetGroup', Value: s.targetGroup.dimension },
  ]
  const part = (id: string, metricName: string, metric: 'e5xx' | 'req') =>
    ({ id, namespace: 'AWS/ApplicationELB', metricName, dimensions: dimensions.map((d) => ({ ...d })), metric, stat: 'Sum' }) as const
  return {
    name,
    arn: `arn:aws:cloudwatch:${region}:${accountId}:alarm:${name}`,
    description: `5xx share of ${s.name} above ${thresholdPercent} % (metric math: 100 * errors / requests)`,
    serviceKey: s.key,
    namespace: '',
    metricName: '',
    dimensions: [],
    metric: 'e5xx',
    statistic: 'Sum',
    period: 60,
    evaluationPeriods: 2,
    datapointsToAlarm: 2,
    threshold: thresholdPercent,
    comparison: 'GreaterThanThreshold',
    treatMissingData: 'notBreaching',
    actions: [`arn:aws:sns:${region}:${accountId}:${s.cluster.name}-alerts`],
    state: 'INSUFFICIENT_DATA',
    stateReason: 'Unchecked: Initial alarm creation',
    stateUpdatedAt: t,
    configuredAt: t,
    math: {
      id: 'share',
      expression: '100 * errors / requests',
      label: '5xx share (%)',
      parts: [part('errors', 'HTTPCode_Target_5XX_Count', 'e5xx'), part('requests', 'RequestCount', 'req')],
    },
  }
}

/** The alarm's value for one minute: its metric's statistic, or its expression over its metrics. */
function alarmValue(alarm: SimAlarm, sample: MinuteSample | undefined): number | undefined {
  if (!sample) return undefined
  if (!alarm.math) {
    const stats = statsOf(sample, alarm.metric)
    return stats ? statValue(stats, alarm.statistic) : undefined
  }
  const [top, bottom] = alarm.math.parts.map((p) => {
    const stats = statsOf(sample, p.metric)
    return stats ? statValue(stats, p.stat) : undefined
  })
  return top === undefined || bottom === undefined || bottom === 0 ? undefined : (100 * top) / bottom
}

/**
 * Evaluates an alarm over its last periods at time t and updates its state and reason.
 * `initial` sets up a fresh simulation: the state is as of two days ago, from the baseline.
 */
export function evaluateAlarm(alarm: SimAlarm, t: number, sampleAt: (minute: number) => MinuteSample | undefined, initial: boolean) {
  const last = Math.floor(t / MINUTE) - 1
  const points: { minute: number; value?: number }[] = []
  for (let i = 0; i < alarm.evaluationPeriods; i++) {
    const minute = last - i
    points.push({ minute, value: alarmValue(alarm, sampleAt(minute)) })
  }
  const present = points.filter((p) => p.value !== undefined)
  const below = alarm.comparison === 'LessThanThreshold'
  const breaching = present.filter((p) => (below ? p.value! < alarm.threshold : p.value! > alarm.threshold)).length
  const word = below ? 'less' : 'greater'
  let state: SimAlarm['state']
  if (present.length === 0 && alarm.treatMissingData === 'missing') state = 'INSUFFICIENT_DATA'
  else state = breaching >= alarm.datapointsToAlarm ? 'ALARM' : 'OK'
  if (state === alarm.state && !initial) return
  const fmt = (p: { minute: number; value?: number }) =>
    `${Math.round(p.value! * 1000) / 1000} (${new Date(p.minute * MINUTE).toISOString().slice(0, 16).replace('T', ' ')})`
  const listed = present.map(fmt).join(', ')
  alarm.stateReason =
    state === 'ALARM'
      ? `Threshold Crossed: ${breaching} out of the last ${points.length} datapoints [${listed}] were ${word} than the threshold (${alarm.threshold}) (minimum ${alarm.datapointsToAlarm} datapoints for OK -> ALARM transition).`
      : state === 'OK'
        ? `Threshold Crossed: ${present.length - breaching} out of the last ${points.length} datapoints [${listed}] were not ${word} than the threshold (${alarm.threshold}) (minimum 1 datapoint for ALARM -> OK transition).`
        : `Insufficient Data: ${points.length} datapoints were unknown.`
  alarm.stateReasonData = JSON.stringify({
    version: '1.0',
    queryDate: new Date(t).toISOString(),
    statistic: alarm.statistic,
    period: alarm.period,
    recentDatapoints: present.map((p) => p.value),
    threshold: alarm.threshold,
  })
  alarm.stateUpdatedAt = initial ? t - 2 * DAY : t
  alarm.state = state
}
