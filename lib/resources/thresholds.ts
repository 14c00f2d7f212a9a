// Health thresholds for resources beside services, from the runbooks in lib/runbooks/catalog
// (ARCHITECTURE.md, "Resource thresholds"). Client-safe. Above the line is a finding; equal is fine,
// except where a name says "AtLeast".
export const resourceThresholds = {
  lambda: {
    /** Errors ÷ invocations, in percent (lambda-failures: "Errors under 1 % for 10 minutes" is recovered). */
    errorRatePercent: { warning: 1, critical: 5 },
    /** Throttles ÷ (invocations + throttles), in percent; any throttle is a warning. */
    throttlePercent: { warning: 0, critical: 5 },
    /** Duration p95 as a share of the configured timeout, in percent ("Task timed out"). */
    durationOfTimeoutPercent: { warning: 80, critical: 95 },
    /** Concurrent executions as a share of the function's (or account's) limit, in percent. */
    concurrencyOfLimitPercent: { warning: 80, critical: 99 },
  },
  rds: {
    /** database-performance: "Database CPU above 80 %, often on the read replicas". */
    cpuPercent: { warning: 80, critical: 95 },
    /** db-connection-pool-exhausted: "at or near max_connections". */
    connectionsOfMaxPercent: { warning: 80, critical: 95 },
    /** database-performance: "Read or write latency above 100 ms". */
    latencyMs: { warning: 100, critical: 500 },
    /** Free storage as a share of the allocated storage, in percent: below the line is a finding. */
    freeStoragePercentBelow: { warning: 20, critical: 10 },
    replicaLagSeconds: { warning: 30, critical: 300 },
  },
  redis: {
    /** cache-down: "Engine CPU near 100 %". */
    engineCpuPercent: { warning: 80, critical: 95 },
    cpuPercent: { warning: 90, critical: 98 },
    /** Evicted keys per minute: memory is full. */
    evictionsPerMinute: { warning: 0, critical: 1000 },
    /** Hit rate in percent: below the line is a finding ("miss rate at or near 100 %"). */
    hitRatePercentBelow: { warning: 80, critical: 10 },
    replicationLagSeconds: { warning: 30, critical: 300 },
  },
  dynamodb: {
    /** Throttled requests per minute (dynamodb-throttling): any is a warning. */
    throttledPerMinute: { warning: 0, critical: 50 },
    /** SystemErrors per minute: AWS's own 5xx. */
    systemErrorsPerMinute: { warning: 0, critical: 10 },
    /** Consumed ÷ provisioned capacity, in percent (provisioned tables only). */
    capacityPercent: { warning: 80, critical: 100 },
  },
  loadBalancer: {
    /** 5xx the load balancer answered itself, as a share of requests (bad-gateway-unhealthy-targets). */
    elb5xxPercent: { warning: 1, critical: 5 },
    target5xxPercent: { warning: 1, critical: 5 },
    latencyMs: { warning: 500, critical: 1000 },
    /** Unhealthy hosts across its target groups: any is critical. */
    unhealthyHosts: { warning: 0, critical: 0 },
  },
} as const
