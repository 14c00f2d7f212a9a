// What the health rules (lib/health/rules.ts) get from one reading of a service: ECS status,
// stopped tasks, metrics and alarms, and what could not be read. Pure.
import type { AlarmSummary, EcsServiceStatus, ServiceMetrics, TaskSummary } from '@/lib/aws/types'
import type { HealthInput } from './rules'

const STEADY = /has reached a steady state/

export type Visibility = { metricsError?: string | null; alarmsError?: string | null; stoppedError?: string | null; targetGroupWarning?: string | null }

export function healthInputOf(
  status: EcsServiceStatus,
  stopped: TaskSummary[],
  metrics: ServiceMetrics | undefined,
  alarms: AlarmSummary[],
  targetGroupArn: string | null,
  visibility: Visibility = {},
): HealthInput {
  const primary = status.primaryDeployment
  const latest = metrics?.latest
  const at = (t: number | null | undefined) => (t == null || !Number.isFinite(t) ? null : new Date(t).toISOString())
  const alb = Boolean(targetGroupArn)
  const blind: string[] = []
  if (visibility.metricsError) blind.push(`blind to metrics: ${visibility.metricsError}`)
  else if (alb && metrics && !metrics.hasLoadBalancer)
    blind.push(`blind to load balancer metrics: target group ${targetGroupArn} is unknown to ELB or attached to no load balancer`)
  if (visibility.alarmsError) blind.push(`blind to alarms: ${visibility.alarmsError}`)
  if (visibility.stoppedError) blind.push(`blind to stopped tasks: ${visibility.stoppedError}`)
  if (!metrics && !visibility.metricsError) blind.push('blind to metrics: none were read')
  const steady = status.events.find((e) => STEADY.test(e.message))
  const input: HealthInput = {
    serviceStatus: status.status,
    desiredCount: status.desiredCount,
    runningCount: status.runningCount,
    pendingCount: status.pendingCount,
    deployment: primary
      ? {
          rolloutState: primary.rolloutState,
          startedAt: primary.createdAt,
          circuitBreakerTripped: status.circuitBreakerTripped,
          taskDefinitionArn: primary.taskDefinitionArn,
        }
      : null,
    steadySince: steady?.at ?? null,
    singleDeployment: status.deployments.length <= 1,
    stoppedTasks: stopped.map((t) => ({
      stoppedAt: t.stoppedAt ?? t.stoppingAt ?? t.createdAt ?? new Date(0).toISOString(),
      exitCode: t.exitCode,
      oom: t.oom,
      failed: t.failed,
      taskDefinitionArn: t.taskDefinitionArn,
    })),
    cpuPercent: latest?.cpuPercent ?? null,
    memoryPercent: latest?.memoryPercent ?? null,
    // Scaled to zero: the load balancer's own 503s (counted per load balancer) are not this service's.
    errorRatePercent: alb && !(status.desiredCount === 0 && (latest?.elb5xx ?? 0) > 0) ? (latest?.errorRatePercent ?? null) : null,
    latencyMs: alb ? (latest?.latencyMs ?? null) : null,
    unhealthyTargets: alb ? (latest?.unhealthyTargets ?? null) : null,
    loadBalancer5xx: alb ? (latest?.elb5xx ?? null) : null,
    metricAges:
      metrics && !visibility.metricsError
        ? {
            periodSeconds: metrics.periodSeconds,
            cpu: at(metrics.latestAt.cpuPercent),
            memory: at(metrics.latestAt.memoryPercent),
            ...(alb && metrics.hasLoadBalancer
              ? {
                  loadBalancer: at(
                    Math.max(
                      metrics.latestAt.healthyTargets ?? -Infinity,
                      metrics.latestAt.unhealthyTargets ?? -Infinity,
                      metrics.latestAt.requests ?? -Infinity,
                    ),
                  ),
                  errors: at(metrics.latestAt.errorRatePercent),
                  latency: at(metrics.latestAt.latencyMs),
                }
              : {}),
          }
        : null,
    blind,
    alarmsInAlarm: alarms.map((a) => a.name),
  }
  return input
}
