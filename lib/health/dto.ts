// What the health views receive. Client-safe; built by lib/health/fleet.ts from
// lib/aws's own types, never from raw AWS responses.
import type { Environment } from '@/lib/services/dto'
import type { Finding, HealthStatus } from './rules'

export type ServiceHealthRow = {
  serviceId: string
  name: string
  environment: Environment
  region: string
  cluster: string
  ecsServiceName: string
  team: string
  status: HealthStatus
  reason: string
  findings: Finding[]
  /** When this row was observed (the refresh that made it). */
  observedAt: string
  /** ECS answered for this service in this refresh. */
  seen: boolean
  /** ECS's status: ACTIVE, DRAINING, INACTIVE; null when not seen. */
  serviceStatus: string | null
  /** While unknown: what it was when last seen, if that was a problem. */
  lastKnown: { status: HealthStatus; reason: string; at: string } | null
  desired: number | null
  running: number | null
  pending: number | null
  cpuPercent: number | null
  memoryPercent: number | null
  errorRatePercent: number | null
  latencyMs: number | null
  /** Behind a load balancer (5xx and latency apply). */
  hasLoadBalancer: boolean
  /** Start of the period of the newest datapoint of each signal (null: none in the window); values above are null when older than two periods. */
  metricsAt: { cpu: string | null; memory: string | null; loadBalancer: string | null; errors: string | null; latency: string | null } | null
  rolloutState: 'IN_PROGRESS' | 'COMPLETED' | 'FAILED' | null
}

/** On "Needs attention": critical or degraded now, or unknown now but last seen in trouble. */
export function needsAttention(s: ServiceHealthRow) {
  return s.status === 'critical' || s.status === 'degraded' || (s.status === 'unknown' && s.lastKnown !== null)
}

export type FleetHealth = {
  refreshedAt: string
  stale: boolean
  intervalMs: number
  services: ServiceHealthRow[]
  /** Problems reaching AWS that affect some panels; the rest still shows. */
  errors: string[]
  /** AWS could not be read for any service: every status is unknown. */
  blind: boolean
}
