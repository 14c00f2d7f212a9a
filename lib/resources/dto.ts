// What the resource views receive. Client-safe.
import type { Finding, HealthStatus } from '@/lib/health/rules'
import type { Environment } from '@/lib/services/dto'
import type { ResourceConfig, ResourceKind } from './kinds'

export type ResourceSummary = {
  id: string
  kind: ResourceKind
  name: string
  awsId: string
  arn: string | null
  region: string
  environment: Environment
  team: string
  config: ResourceConfig
  serviceIds: string[]
  /** RDS: the registered database (lib/databases) for live diagnostics on this instance, if any. */
  database: { id: string; name: string } | null
}

export type ResourceHealthRow = {
  resourceId: string
  kind: ResourceKind
  name: string
  awsId: string
  region: string
  environment: Environment
  team: string
  status: HealthStatus
  reason: string
  findings: Finding[]
  /** When this row was observed (the refresh that made it). */
  observedAt: string
  /** AWS's own status from the describe call; null when not described. */
  state: string | null
  /** Current values only (a signal without a current datapoint is absent). */
  values: Record<string, number>
  serviceIds: string[]
  /** Runbooks (lib/runbooks/catalog ids) for this resource while it is unhealthy. */
  runbooks: string[]
  /** RDS: the registered database whose live diagnostics (connections, blocking chains) the runbooks' PostgreSQL steps run. */
  database?: { id: string; name: string } | null
}

export type ResourceHealth = {
  refreshedAt: string
  stale: boolean
  intervalMs: number
  resources: ResourceHealthRow[]
  /** Problems reaching AWS; the rows they affect say so themselves. */
  errors: string[]
}

/** A Lambda function's recent error log lines, read on demand (GET /api/resources/<id>/logs). */
export type ResourceLogLines = {
  resourceId: string
  logGroup: string
  /** The window searched: from `since` to `readAt`. */
  since: string
  readAt: string
  stale: boolean
  /** Newest first; null when the logs could not be read (`error` says why): never "no errors". */
  lines: { at: string; stream: string; message: string }[] | null
  error: string | null
}
