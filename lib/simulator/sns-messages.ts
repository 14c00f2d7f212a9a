// The bodies the simulated SNS topics carry, shaped as AWS sends them: a CloudWatch alarm's
// state change as an alarm action publishes it (with its Subject), and ECS events as an
// EventBridge rule whose target is the topic forwards them (the event JSON, no Subject).
import type { SimNotice } from './notices'
import type { SimAlarm } from './model'

export type SnsPublication = { topicArn: string; subject?: string; message: string }

const regionNames: Record<string, string> = {
  'us-east-1': 'US East (N. Virginia)',
  'us-east-2': 'US East (Ohio)',
  'us-west-2': 'US West (Oregon)',
  'eu-west-1': 'EU (Ireland)',
  'eu-central-1': 'EU (Frankfurt)',
}

/** CloudWatch writes times in its alarm messages as 2025-01-15T12:04:00.000+0000. */
const cwTime = (ms: number) => new Date(ms).toISOString().replace('Z', '+0000')
/** EventBridge times have no milliseconds. */
const ebTime = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z')

function trigger(alarm: SimAlarm) {
  const common = {
    Period: alarm.period,
    EvaluationPeriods: alarm.evaluationPeriods,
    DatapointsToAlarm: alarm.datapointsToAlarm,
    ComparisonOperator: alarm.comparison,
    Threshold: alarm.threshold,
    TreatMissingData: alarm.treatMissingData,
    EvaluateLowSampleCountPercentile: '',
  }
  if (alarm.math) {
    return {
      ...common,
      Metrics: [
        ...alarm.math.parts.map((p) => ({
          Id: p.id,
          MetricStat: {
            Metric: { Dimensions: p.dimensions.map((d) => ({ value: d.Value, name: d.Name })), MetricName: p.metricName, Namespace: p.namespace },
            Period: alarm.period,
            Stat: p.stat,
          },
          ReturnData: false,
        })),
        { Expression: alarm.math.expression, Id: alarm.math.id, Label: alarm.math.label, ReturnData: true },
      ],
    }
  }
  return {
    MetricName: alarm.metricName,
    Namespace: alarm.namespace,
    StatisticType: 'Statistic',
    Statistic: alarm.statistic.toUpperCase(),
    Unit: null,
    Dimensions: alarm.dimensions.map((d) => ({ value: d.Value, name: d.Name })),
    ...common,
  }
}

function alarmPublications(n: Extract<SimNotice, { kind: 'alarm' }>, accountId: string): SnsPublication[] {
  const { alarm } = n
  const region = alarm.arn.split(':')[3]
  const regionName = regionNames[region] ?? region
  const message = JSON.stringify({
    AlarmName: alarm.name,
    AlarmDescription: alarm.description,
    AWSAccountId: accountId,
    AlarmConfigurationUpdatedTimestamp: cwTime(alarm.configuredAt),
    NewStateValue: alarm.state,
    NewStateReason: alarm.stateReason,
    StateChangeTime: cwTime(n.at),
    Region: regionName,
    AlarmArn: alarm.arn,
    OldStateValue: n.from,
    OKActions: alarm.actions,
    AlarmActions: alarm.actions,
    InsufficientDataActions: alarm.actions,
    Trigger: trigger(alarm),
  })
  const subject = `${alarm.state}: "${alarm.name}" in ${regionName}`.slice(0, 100)
  // The alarm's actions: the same topics for ALARM, OK and INSUFFICIENT_DATA (as DescribeAlarms says).
  return alarm.actions.map((topicArn) => ({ topicArn, subject, message }))
}

/** What one notice publishes, to which topics. ECS events go to the cluster's alert topic. */
export function publicationsOf(
  n: SimNotice,
  ctx: { accountId: string; eventId: () => string; topicOf: (cluster: string, region: string) => string },
): SnsPublication[] {
  if (n.kind === 'alarm') return alarmPublications(n, ctx.accountId)
  const s = n.service
  const region = s.cluster.region
  const base = { version: '0', id: ctx.eventId(), source: 'aws.ecs', account: ctx.accountId, time: ebTime(n.at), region }
  const topicArn = ctx.topicOf(s.cluster.name, region)
  if (n.kind === 'task_stopped') {
    const t = n.task
    const event = {
      ...base,
      'detail-type': 'ECS Task State Change',
      resources: [t.arn],
      detail: {
        clusterArn: s.cluster.arn,
        taskArn: t.arn,
        taskDefinitionArn: t.taskDefinitionArn,
        group: `service:${s.name}`,
        launchType: 'FARGATE',
        availabilityZone: t.availabilityZone,
        lastStatus: 'STOPPED',
        desiredStatus: 'STOPPED',
        stopCode: t.stopCode,
        stoppedReason: t.stoppedReason,
        createdAt: ebTime(t.createdAt),
        ...(t.startedAt !== undefined ? { startedAt: ebTime(t.startedAt) } : {}),
        stoppedAt: ebTime(t.stoppedAt ?? n.at),
        containers: [
          {
            name: s.containerName,
            taskArn: t.arn,
            lastStatus: 'STOPPED',
            ...(t.exitCode !== undefined ? { exitCode: t.exitCode } : {}),
            ...(t.containerReason ? { reason: t.containerReason } : {}),
          },
        ],
      },
    }
    return [{ topicArn, message: JSON.stringify(event) }]
  }
  const d = n.deployment
  const event = {
    ...base,
    'detail-type': 'ECS Deployment State Change',
    resources: [s.arn],
    detail: { eventType: 'ERROR', eventName: 'SERVICE_DEPLOYMENT_FAILED', deploymentId: d.id, updatedAt: ebTime(n.at), reason: d.rolloutStateReason },
  }
  return [{ topicArn, message: JSON.stringify(event) }]
}
