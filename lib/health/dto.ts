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
  desired: number | null
  running: number | null
  pending: number | null
  cpuPercent: number | null
  memoryPercent: number | null
  errorRatePercent: number | null
  latencyMs: number | null
  rolloutState: 'IN_PROGRESS' | 'COMPLETED' | 'FAILED' | null
}

export type FleetHealth = {
  refreshedAt: string
  stale: boolean
  intervalMs: number
  services: ServiceHealthRow[]
  /** Problems reaching AWS that affect some panels; the rest still shows. */
  errors: string[]
}
