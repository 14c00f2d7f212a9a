// What a row may show as a current value (moved out of fleet.ts to keep it short).
import type { ServiceMetrics } from '@/lib/aws/types'
import { isFresh } from './rules'

/** The values a view may show as current: those measured within two periods, else null ("no data"). */
export function currentValues(metrics: ServiceMetrics | undefined, alb: boolean, now: Date, running: number | null, desired: number | null = null) {
  const m = metrics
  // With no task running there is no CPU or memory to measure: the last reading is history.
  const fresh = (k: keyof ServiceMetrics['latestAt']) =>
    Boolean(m && isFresh(m.latestAt[k], m.periodSeconds, now)) && ((k !== 'cpuPercent' && k !== 'memoryPercent') || running !== 0)
  const lbAt = m ? Math.max(m.latestAt.healthyTargets ?? -Infinity, m.latestAt.unhealthyTargets ?? -Infinity, m.latestAt.requests ?? -Infinity) : -Infinity
  const lbFresh = Boolean(m && alb && Number.isFinite(lbAt) && isFresh(lbAt, m.periodSeconds, now))
  const iso = (t: number | null | undefined) => (t == null || !Number.isFinite(t) ? null : new Date(t).toISOString())
  return {
    cpuPercent: fresh('cpuPercent') ? m!.latest.cpuPercent : null,
    memoryPercent: fresh('memoryPercent') ? m!.latest.memoryPercent : null,
    // A scaled-to-zero service is not the one the load balancer's own 503s are for.
    errorRatePercent: lbFresh && fresh('errorRatePercent') && !(desired === 0 && (m!.latest.elb5xx ?? 0) > 0) ? m!.latest.errorRatePercent : null,
    // No task running: no request reached a target since, so the last response time is history.
    latencyMs: lbFresh && fresh('latencyMs') && running !== 0 ? m!.latest.latencyMs : null,
    metricsAt: m
      ? {
          cpu: iso(m.latestAt.cpuPercent),
          memory: iso(m.latestAt.memoryPercent),
          loadBalancer: alb ? iso(lbAt) : null,
          errors: alb ? iso(m.latestAt.errorRatePercent) : null,
          latency: alb ? iso(m.latestAt.latencyMs) : null,
        }
      : null,
  }
}
