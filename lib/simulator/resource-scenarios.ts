// Scenarios that act on a service's resources (resources.ts) rather than on the service itself.
// No imports: scenarios.ts lists them with the others.
export const resourceScenarioKinds = [
  'lambda_error_spike',
  'lambda_throttling',
  'db_connections_exhausted',
  'replica_cpu_saturated',
  'redis_down',
  'dynamodb_throttling',
] as const
export type ResourceScenarioKind = (typeof resourceScenarioKinds)[number]

export const resourceScenarioDescriptions: Record<ResourceScenarioKind, string> = {
  lambda_error_spike: "The service's Lambda function fails a third of its invocations.",
  lambda_throttling: "The service's Lambda function runs at its concurrency limit; invocations beyond it are throttled.",
  db_connections_exhausted: "The service's primary database sits at max_connections.",
  replica_cpu_saturated: "The service's read replica runs at nearly 100 % CPU and falls behind.",
  redis_down: "The service's Redis node is down: rebooting, no connections, no metrics.",
  dynamodb_throttling: "The service's DynamoDB table consumes more than its provisioned capacity; requests are throttled.",
}

/**
 * A resource scenario breaks the resource for every service that depends on it (not only the one it was injected on):
 * those services answer more 5xx and more slowly, and log the failed calls, as in a real outage. `errorShare` is
 * added to the share of requests that fail, `latencyFactor` multiplies the response time.
 */
export const dependencyEffects: Record<ResourceScenarioKind, { errorShare: number; latencyFactor: number }> = {
  // Requests wait for a pool connection, time out, and fail.
  db_connections_exhausted: { errorShare: 0.18, latencyFactor: 6 },
  // Reads from the replica crawl; a few time out.
  replica_cpu_saturated: { errorShare: 0.03, latencyFactor: 5 },
  // No session store: sign-ins and carts fail at once.
  redis_down: { errorShare: 0.25, latencyFactor: 2 },
  lambda_error_spike: { errorShare: 0.04, latencyFactor: 1.2 },
  lambda_throttling: { errorShare: 0.03, latencyFactor: 2 },
  dynamodb_throttling: { errorShare: 0.06, latencyFactor: 2.5 },
}

/** What a dependent service logs while the resource is broken: one line per failed call (`ms`: how long it waited). */
export function dependencyLogLine(kind: ResourceScenarioKind, resource: string, path: string, ms: number, which: number): string {
  switch (kind) {
    case 'db_connections_exhausted':
      return which < 0.6
        ? `ERROR POST ${path} 500 ${ms}ms - Error: timeout acquiring a connection to ${resource} after 5000ms (pool 20 of 20 in use)`
        : `ERROR FATAL: remaining connection slots are reserved for non-replication superuser connections (${resource})`
    case 'replica_cpu_saturated':
      return `WARN  GET ${path} 200 ${ms}ms - slow query on ${resource}: statement took ${Math.round(ms * 0.9)}ms`
    case 'redis_down':
      return which < 0.6
        ? `ERROR Redis connection to ${resource}:6379 failed - connect ECONNREFUSED`
        : `ERROR GET ${path} 503 ${ms}ms - Error: session store ${resource} unavailable`
    case 'lambda_error_spike':
      return `ERROR POST ${path} 502 ${ms}ms - Error: invoking ${resource} failed: Unhandled function error`
    case 'lambda_throttling':
      return `WARN  TooManyRequestsException invoking ${resource}: Rate Exceeded (attempt 2 of 3)`
    case 'dynamodb_throttling':
      return `WARN  ProvisionedThroughputExceededException on table ${resource} (attempt 2 of 3)`
  }
}
