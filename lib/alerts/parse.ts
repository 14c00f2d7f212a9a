// Payloads from each source, validated with zod and reduced to AlertSignals. Pure: a
// payload that is not what its source sends is refused with the reason, never guessed at.
import { createHash } from 'node:crypto'
import { z } from 'zod'
import { thresholds } from '@/lib/health/thresholds'
import { alertCategories, categoryOfAlarm, type AlertCategory, type AlertSeverityLevel, type AlertSignal, type AlertSource } from './signals'

/** A refusal the sender should read: becomes HTTP 400 with this message. */
export class PayloadError extends Error {
  name = 'PayloadError'
}

/** What a payload became: signals to process, or nothing worth an alert and why. */
export type Parsed = { signals: AlertSignal[]; note?: string }

const issues = (e: z.ZodError) => e.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ')

function parseWith<T extends z.ZodType>(schema: T, value: unknown, what: string): z.infer<T> {
  const parsed = schema.safeParse(value)
  if (!parsed.success) throw new PayloadError(`Not ${what}: ${issues(parsed.error)}`)
  return parsed.data
}

const when = (raw: string | undefined, fallback: Date) => {
  const d = raw ? new Date(raw) : fallback
  return Number.isNaN(d.getTime()) ? fallback : d
}

/** The region inside an ARN (arn:aws:service:region:account:...), if any. */
const regionOfArn = (arn: string | undefined) => (arn ? /^arn:aws[\w-]*:[\w-]+:([a-z0-9-]+):/.exec(arn)?.[1] : undefined)
const lastSegment = (arnOrName: string) => arnOrName.split(/[/:]/).pop() ?? arnOrName
const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s)

function severityOfAlarm(category: AlertCategory, name: string, metric: string | undefined, threshold: number | undefined): AlertSeverityLevel {
  if (category === 'service_down' || category === 'crash_loop' || category === 'deployment_failed') return 'CRITICAL'
  if (/crit/i.test(name)) return 'CRITICAL'
  if (category === 'http_5xx' && threshold != null && /rate|percent/i.test(metric ?? '') && threshold >= thresholds.errorRatePercent.critical) return 'CRITICAL'
  return 'WARNING'
}

function alarmHint(name: string, region: string | undefined, dims: Record<string, string>) {
  return {
    region,
    cluster: dims.ClusterName,
    serviceName: dims.ServiceName,
    targetGroup: dims.TargetGroup,
    loadBalancer: dims.LoadBalancer,
    mappingKey: name,
  }
}

function alarmSignal(
  source: AlertSource,
  a: { arn: string; name: string; state: string; reason: string; at: Date; region?: string; metric?: string; threshold?: number; dims: Record<string, string> },
): Parsed {
  if (a.state === 'INSUFFICIENT_DATA') return { signals: [], note: `${a.name} has insufficient data; no alert state changed` }
  const category = categoryOfAlarm(a.name, a.metric)
  return {
    signals: [
      {
        source,
        fingerprint: `alarm:${a.arn}`,
        state: a.state === 'ALARM' ? 'FIRING' : 'RESOLVED',
        severity: severityOfAlarm(category, a.name, a.metric, a.threshold),
        category,
        title: clip(`CloudWatch alarm: ${a.name}`, 200),
        reason: clip(a.reason, 2000),
        at: a.at,
        hint: alarmHint(a.name, a.region ?? regionOfArn(a.arn), a.dims),
      },
    ],
  }
}

// ── CloudWatch alarm JSON, as an alarm's SNS action publishes it ──
const snsAlarm = z.object({
  AlarmName: z.string().min(1),
  AlarmArn: z.string().optional(),
  AWSAccountId: z.string().optional(),
  NewStateValue: z.enum(['ALARM', 'OK', 'INSUFFICIENT_DATA']),
  NewStateReason: z.string().default(''),
  StateChangeTime: z.string().optional(),
  Trigger: z
    .object({
      MetricName: z.string().optional(),
      Threshold: z.number().optional(),
      Dimensions: z.array(z.object({ name: z.string(), value: z.string() })).default([]),
    })
    .optional(),
})

/** A CloudWatch alarm message as an SNS alarm action sends it. */
export function parseSnsAlarm(value: unknown, now: Date): Parsed {
  const a = parseWith(snsAlarm, value, 'a CloudWatch alarm message')
  const dims = Object.fromEntries((a.Trigger?.Dimensions ?? []).map((d) => [d.name, d.value]))
  return alarmSignal('sns', {
    arn: a.AlarmArn ?? `${a.AWSAccountId ?? 'unknown'}:${a.AlarmName}`,
    name: a.AlarmName,
    state: a.NewStateValue,
    reason: a.NewStateReason || `${a.AlarmName} is ${a.NewStateValue}`,
    at: when(a.StateChangeTime, now),
    metric: a.Trigger?.MetricName,
    threshold: a.Trigger?.Threshold,
    dims,
  })
}

// ── EventBridge events ──
const envelope = z.object({
  'detail-type': z.string().min(1),
  source: z.string().min(1),
  id: z.string().optional(),
  time: z.string().optional(),
  region: z.string().optional(),
  resources: z.array(z.string()).default([]),
  detail: z.record(z.string(), z.unknown()),
})

const alarmDetail = z.object({
  alarmName: z.string().min(1),
  state: z.object({ value: z.enum(['ALARM', 'OK', 'INSUFFICIENT_DATA']), reason: z.string().default(''), timestamp: z.string().optional() }),
  configuration: z
    .object({
      metrics: z
        .array(
          z.object({
            metricStat: z.object({ metric: z.object({ name: z.string().optional(), dimensions: z.record(z.string(), z.string()).default({}) }) }).optional(),
          }),
        )
        .default([]),
    })
    .optional(),
})

const taskDetail = z.object({
  clusterArn: z.string().min(1),
  group: z.string().optional(),
  lastStatus: z.string(),
  stoppedReason: z.string().optional(),
  stopCode: z.string().optional(),
  taskArn: z.string().optional(),
  containers: z.array(z.object({ name: z.string().optional(), exitCode: z.number().optional(), reason: z.string().optional() })).default([]),
})

const deploymentDetail = z.object({
  eventType: z.string().optional(),
  eventName: z.string().min(1),
  deploymentId: z.string().optional(),
  reason: z.string().optional(),
  updatedAt: z.string().optional(),
})

/** Stop codes that are people or ECS scaling on purpose, not a failure. */
const deliberateStops = new Set(['UserInitiated', 'ServiceSchedulerInitiated'])

function taskSignal(source: AlertSource, e: z.infer<typeof envelope>, at: Date): Parsed {
  const d = parseWith(taskDetail, e.detail, 'an ECS Task State Change')
  if (d.lastStatus !== 'STOPPED') return { signals: [], note: `task is ${d.lastStatus}; only stopped tasks raise alerts` }
  const failed = d.containers.filter((c) => c.exitCode != null && c.exitCode !== 0)
  const oom = /OutOfMemory/i.test(`${d.stoppedReason ?? ''} ${d.containers.map((c) => c.reason ?? '').join(' ')}`)
  const essential = /Essential container/i.test(d.stoppedReason ?? '')
  if (!failed.length && !oom && !essential && (d.stopCode == null || deliberateStops.has(d.stopCode)))
    return { signals: [], note: `task stopped normally (${d.stopCode ?? 'no stop code'}); no alert` }
  const cluster = lastSegment(d.clusterArn)
  const serviceName = d.group?.startsWith('service:') ? d.group.slice('service:'.length) : undefined
  const codes = failed.map((c) => `${c.name ?? 'container'} exited ${c.exitCode}`).join(', ')
  const reason = [d.stoppedReason, codes].filter(Boolean).join(' — ') || 'task stopped'
  return {
    signals: [
      {
        source,
        // One alert per service (or task family), so a crash loop counts up on one alert.
        fingerprint: `ecs-task:${d.clusterArn}:${d.group ?? d.taskArn ?? 'unknown'}`,
        state: 'FIRING',
        severity: oom || failed.length ? 'CRITICAL' : 'WARNING',
        category: 'task_stopped',
        title: clip(`ECS task stopped: ${serviceName ?? d.group ?? 'task'} on ${cluster}${oom ? ' (out of memory)' : ''}`, 200),
        reason: clip(reason, 2000),
        at,
        hint: { region: e.region ?? regionOfArn(d.clusterArn), cluster, serviceName, mappingKey: serviceName },
      },
    ],
  }
}

const failedDeployments = new Set(['SERVICE_DEPLOYMENT_FAILED', 'SERVICE_DEPLOYMENT_ROLLBACK_FAILED'])
const finishedDeployments = new Set(['SERVICE_DEPLOYMENT_COMPLETED', 'SERVICE_DEPLOYMENT_ROLLBACK_COMPLETED'])

function deploymentSignal(source: AlertSource, e: z.infer<typeof envelope>, at: Date): Parsed {
  const d = parseWith(deploymentDetail, e.detail, 'an ECS Deployment State Change')
  const serviceArn = e.resources.find((r) => r.includes(':service/'))
  if (!serviceArn) throw new PayloadError('Not an ECS Deployment State Change: resources name no ECS service ARN')
  const failed = failedDeployments.has(d.eventName)
  if (!failed && !finishedDeployments.has(d.eventName)) return { signals: [], note: `${d.eventName}: no alert` }
  // arn:aws:ecs:region:account:service/cluster/name (or the old form without the cluster)
  const parts = serviceArn.split(':service/')[1].split('/')
  const [cluster, serviceName] = parts.length > 1 ? [parts[0], parts[1]] : [undefined, parts[0]]
  return {
    signals: [
      {
        source,
        fingerprint: `ecs-deployment:${serviceArn}`,
        state: failed ? 'FIRING' : 'RESOLVED',
        severity: 'CRITICAL',
        category: 'deployment_failed',
        title: clip(`ECS deployment failed: ${serviceName}${cluster ? ` on ${cluster}` : ''}`, 200),
        reason: clip(`${d.eventName}${d.deploymentId ? ` (${d.deploymentId})` : ''}${d.reason ? `: ${d.reason}` : ''}`, 2000),
        at,
        hint: { region: e.region ?? regionOfArn(serviceArn), cluster, serviceName, mappingKey: serviceName },
      },
    ],
  }
}

/** An EventBridge event: CloudWatch Alarm State Change, ECS Task or Deployment State Change. */
export function parseEventBridge(value: unknown, now: Date, source: AlertSource = 'eventbridge'): Parsed {
  const e = parseWith(envelope, value, 'an EventBridge event')
  const at = when(e.time, now)
  switch (e['detail-type']) {
    case 'CloudWatch Alarm State Change': {
      const d = parseWith(alarmDetail, e.detail, 'a CloudWatch Alarm State Change')
      const metric = d.configuration?.metrics.find((m) => m.metricStat)?.metricStat?.metric
      return alarmSignal(source, {
        arn: e.resources[0] ?? `alarm:${d.alarmName}`,
        name: d.alarmName,
        state: d.state.value,
        reason: d.state.reason || `${d.alarmName} is ${d.state.value}`,
        at: when(d.state.timestamp, at),
        region: e.region,
        metric: metric?.name,
        dims: metric?.dimensions ?? {},
      })
    }
    case 'ECS Task State Change':
      return taskSignal(source, e, at)
    case 'ECS Deployment State Change':
      return deploymentSignal(source, e, at)
    default:
      return { signals: [], note: `${e['detail-type']} events raise no alert` }
  }
}

// ── Prometheus Alertmanager (webhook version 4) ──
const amAlert = z.object({
  status: z.enum(['firing', 'resolved']),
  labels: z.record(z.string(), z.string()).refine((l) => Object.keys(l).length > 0, 'an alert needs labels'),
  annotations: z.record(z.string(), z.string()).default({}),
  startsAt: z.string().optional(),
  endsAt: z.string().optional(),
})
const amPayload = z.object({ version: z.string().optional(), status: z.string().optional(), alerts: z.array(amAlert).min(1).max(500) })

const severityOfLabel = (s: string | undefined): AlertSeverityLevel =>
  /^(critical|crit|page|p1|error)$/i.test(s ?? '') ? 'CRITICAL' : /^(info|none|p4|p5)$/i.test(s ?? '') ? 'INFO' : 'WARNING'

/** The label set's fingerprint: sha-256 of the labels sorted by name. */
export function labelFingerprint(labels: Record<string, string>) {
  const sorted = Object.keys(labels)
    .sort()
    .map((k) => [k, labels[k]])
  return createHash('sha256').update(JSON.stringify(sorted)).digest('hex')
}

export function parseAlertmanager(value: unknown, now: Date): Parsed {
  const p = parseWith(amPayload, value, 'an Alertmanager webhook')
  return {
    signals: p.alerts.map((a) => {
      const name = a.labels.alertname ?? 'alert'
      const labelled = alertCategories.find((c) => c === a.labels.category)
      return {
        source: 'alertmanager' as const,
        fingerprint: `labels:${labelFingerprint(a.labels)}`,
        state: a.status === 'firing' ? ('FIRING' as const) : ('RESOLVED' as const),
        severity: severityOfLabel(a.labels.severity),
        category: labelled ?? categoryOfAlarm(name),
        title: clip(`Alertmanager: ${a.annotations.summary ?? name}`, 200),
        reason: clip(a.annotations.description ?? a.annotations.summary ?? name, 2000),
        at: when(a.status === 'firing' ? a.startsAt : a.endsAt, now),
        hint: {
          cluster: a.labels.cluster ?? a.labels.ecs_cluster,
          serviceName: a.labels.ecs_service ?? a.labels.service,
          region: a.labels.region,
          mappingKey: a.labels.service ?? name,
          labels: a.labels,
        },
      }
    }),
  }
}

// ── Generic JSON webhook ──
const genericPayload = z.object({
  title: z.string().trim().min(3, 'give the alert a title').max(200),
  fingerprint: z.string().trim().min(1).max(200).optional(),
  status: z.enum(['firing', 'resolved']).default('firing'),
  severity: z.enum(['critical', 'warning', 'info']).default('warning'),
  category: z.enum(alertCategories).optional(),
  reason: z.string().max(2000).optional(),
  service: z.string().max(200).optional(),
  cluster: z.string().max(255).optional(),
  region: z.string().max(50).optional(),
  serviceId: z.uuid().optional(),
  at: z.iso.datetime({ offset: true }).optional(),
})

export function parseWebhook(value: unknown, now: Date): Parsed {
  const p = parseWith(genericPayload, value, 'an alert (title, status, severity, service...)')
  return {
    signals: [
      {
        source: 'webhook',
        fingerprint: `webhook:${p.fingerprint ?? p.title}`,
        state: p.status === 'firing' ? 'FIRING' : 'RESOLVED',
        severity: p.severity === 'critical' ? 'CRITICAL' : p.severity === 'info' ? 'INFO' : 'WARNING',
        category: p.category ?? categoryOfAlarm(p.title),
        title: p.title,
        reason: p.reason ?? p.title,
        at: when(p.at, now),
        hint: { serviceId: p.serviceId, serviceName: p.service, cluster: p.cluster, region: p.region, mappingKey: p.service ?? p.title },
      },
    ],
  }
}

/** An SNS Notification's Message: a CloudWatch alarm, or an EventBridge event sent through SNS. */
export function parseSnsMessage(message: string, now: Date): Parsed {
  let value: unknown
  try {
    value = JSON.parse(message)
  } catch {
    throw new PayloadError('Not a CloudWatch alarm or EventBridge event: the SNS Message is not JSON')
  }
  if (value && typeof value === 'object' && 'detail-type' in value) return parseEventBridge(value, now, 'sns')
  return parseSnsAlarm(value, now)
}
