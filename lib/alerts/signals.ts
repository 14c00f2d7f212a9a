// What every alert source is reduced to, and the default routing rule. Pure.
import { thresholds } from '@/lib/health/thresholds'
import { suggestRunbooks } from '@/lib/runbooks/match'

export const alertSources = ['sns', 'eventbridge', 'alertmanager', 'webhook'] as const
export type AlertSource = (typeof alertSources)[number]

/** What the alarm means, as far as routing cares. */
export const alertCategories = ['service_down', 'crash_loop', 'http_5xx', 'deployment_failed', 'task_stopped', 'other'] as const
export type AlertCategory = (typeof alertCategories)[number]

export type AlertSeverityLevel = 'CRITICAL' | 'WARNING' | 'INFO'

/** How to find the service an alert concerns; every field optional. */
export type ServiceHint = {
  serviceId?: string
  region?: string
  cluster?: string
  serviceName?: string
  /** CloudWatch's TargetGroup dimension ("targetgroup/name/id") or a full ARN. */
  targetGroup?: string
  loadBalancer?: string
  /** The alarm name or label value an admin may map to a service explicitly. */
  mappingKey?: string
  /** Alertmanager labels, which a mapping may match as "key=value". */
  labels?: Record<string, string>
}

/** One alert state change, whatever sent it. */
export type AlertSignal = {
  source: AlertSource
  /** Stable across repeats of the same alarm: alarm ARN, event detail or label set. */
  fingerprint: string
  state: 'FIRING' | 'RESOLVED'
  severity: AlertSeverityLevel
  category: AlertCategory
  title: string
  reason: string
  /** When the source says the change happened. */
  at: Date
  hint: ServiceHint
}

/** Categories that mean users are hurt, when they fire critical in production. */
const hurting: readonly AlertCategory[] = ['service_down', 'crash_loop', 'http_5xx', 'deployment_failed']

/** Stopped tasks of one service counted on one alert: from this many it is a crash loop. */
export const CRASH_LOOP_STOPS = thresholds.crashLoopCount

/** The category once repeats are counted: the third stopped task in a row is a crash loop. */
export function effectiveCategory(category: AlertCategory, count: number): AlertCategory {
  return category === 'task_stopped' && count >= CRASH_LOOP_STOPS ? 'crash_loop' : category
}

export type Route =
  { action: 'declare'; severity: 'SEV1' | 'SEV2' | 'SEV3' | 'SEV4'; runbookId: string | null; ruleId?: string } | { action: 'inbox'; ruleId?: string }

/**
 * The default routing rule: a firing, critical alert on a production service that means
 * users are hurt declares a SEV2 with its runbook started; everything else waits in the inbox.
 */
export function routeAlert(
  alert: { state: string; severity: string; category: AlertCategory; title: string; reason: string },
  environment: string | null,
): Route {
  if (alert.state !== 'FIRING' || environment !== 'PROD') return { action: 'inbox' }
  if (!hurting.includes(alert.category)) return { action: 'inbox' }
  // A crash loop and a failed deployment hurt users whatever severity the source gave.
  if (alert.severity !== 'CRITICAL' && alert.category !== 'crash_loop' && alert.category !== 'deployment_failed') return { action: 'inbox' }
  return { action: 'declare', severity: 'SEV2', runbookId: runbookFor(alert) }
}

const runbookByCategory: Record<AlertCategory, string | null> = {
  service_down: 'bad-gateway-unhealthy-targets',
  crash_loop: 'crash-loop',
  http_5xx: 'high-error-rate',
  deployment_failed: 'deployment-failure',
  task_stopped: 'crash-loop',
  other: null,
}

/** The runbook to start: the category's own, else the catalog's best match for the alarm's words. */
export function runbookFor(alert: { category: AlertCategory; title: string; reason: string }): string | null {
  const own = runbookByCategory[alert.category]
  if (own) return own
  const [best] = suggestRunbooks({ alarmNames: [alert.title], text: `${alert.title} ${alert.reason}` }, { limit: 1 })
  return best?.runbook.id ?? null
}

/** The category a CloudWatch alarm's metric or name suggests. */
export function categoryOfAlarm(name: string, metric?: string): AlertCategory {
  const m = (metric ?? '').toLowerCase()
  const n = name.toLowerCase()
  if (/5xx|5\d\d_count|server-?errors?|error-?rate/.test(m) || /5xx|error-?rate|server-?errors?/.test(n)) return 'http_5xx'
  if (/crash|restart|stopped-?tasks?/.test(n)) return 'crash_loop'
  if (/deploy|rollback|circuit-?breaker/.test(n)) return 'deployment_failed'
  if (/healthyhostcount|unhealthyhostcount|runningtaskcount/.test(m) || /unhealthy|down|outage|healthy-?host|no-?tasks/.test(n)) return 'service_down'
  return 'other'
}

/** An incident declared from an alert is named by what the alert has become: stopped tasks counted into a crash loop say so. */
export function incidentTitle(s: { title: string; category: string }, category: string, count: number) {
  if (category !== 'crash_loop' || s.category === 'crash_loop') return s.title
  return `Crash loop: ${s.title.replace(/^ECS task stopped: /, '')} (${count} tasks stopped)`.slice(0, 200)
}
