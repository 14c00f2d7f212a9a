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
