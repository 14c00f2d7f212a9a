// The runbook catalog: one file per runbook, listed here in the order the catalog page shows
// them (most common incidents first, routines last). Client-safe.
import type { Runbook } from '../types'
import { badGatewayUnhealthyTargets } from './bad-gateway-unhealthy-targets'
import { cacheDown } from './cache-down'
import { completeOutage } from './complete-outage'
import { crashLoop } from './crash-loop'
import { dailyHealthCheck } from './daily-health-check'
import { databasePerformance } from './database-performance'
import { dbConnectionPoolExhausted } from './db-connection-pool-exhausted'
import { dbLockContention } from './db-lock-contention'
import { deploymentFailure } from './deployment-failure'
import { dnsCdnTls } from './dns-cdn-tls'
import { dynamodbThrottling } from './dynamodb-throttling'
import { ecsHealthCheckFailure } from './ecs-health-check-failure'
import { emergencyResponseChecklist } from './emergency-response-checklist'
import { highCpu } from './high-cpu'
import { highErrorRate } from './high-error-rate'
import { lambdaFailures } from './lambda-failures'
import { oomMemoryLeak } from './oom-memory-leak'
import { restoreFromBackup } from './restore-from-backup'
import { securityIncident } from './security-incident'
import { serviceSlow } from './service-slow'
import { taskStartupFailure } from './task-startup-failure'
import { worstCaseSequence } from './worst-case-sequence'

export const runbooks: readonly Runbook[] = [
  completeOutage,
  crashLoop,
  oomMemoryLeak,
  ecsHealthCheckFailure,
  taskStartupFailure,
  deploymentFailure,
  badGatewayUnhealthyTargets,
  highErrorRate,
  serviceSlow,
  highCpu,
  dbConnectionPoolExhausted,
  dbLockContention,
  databasePerformance,
  cacheDown,
  dynamodbThrottling,
  lambdaFailures,
  dnsCdnTls,
  securityIncident,
  restoreFromBackup,
  emergencyResponseChecklist,
  worstCaseSequence,
  dailyHealthCheck,
]

const byId = new Map(runbooks.map((r) => [r.id, r]))

export const runbookIds = runbooks.map((r) => r.id)

/** The runbook with this id, or undefined (an old run may name one that was removed). */
export function runbookById(id: string): Runbook | undefined {
  return byId.get(id)
}
