// The kinds of resources and their per-kind configuration. Pure and client-safe.
export const resourceKinds = ['LAMBDA', 'RDS', 'ELASTICACHE', 'DYNAMODB', 'LOAD_BALANCER'] as const
export type ResourceKind = (typeof resourceKinds)[number]

export const resourceKindLabels: Record<ResourceKind, { one: string; many: string }> = {
  LAMBDA: { one: 'Lambda function', many: 'Lambda functions' },
  RDS: { one: 'PostgreSQL (RDS)', many: 'PostgreSQL on RDS/Aurora' },
  ELASTICACHE: { one: 'Redis (ElastiCache)', many: 'ElastiCache Redis' },
  DYNAMODB: { one: 'DynamoDB table', many: 'DynamoDB tables' },
  LOAD_BALANCER: { one: 'Load balancer', many: 'Load balancers' },
}

/** The runbook (lib/runbooks/catalog) an unhealthy resource of this kind suggests; RDS depends on the finding. */
export const resourceRunbooks: Record<ResourceKind, string[]> = {
  LAMBDA: ['lambda-failures'],
  RDS: ['db-connection-pool-exhausted', 'database-performance'],
  ELASTICACHE: ['cache-down'],
  DYNAMODB: ['dynamodb-throttling'],
  LOAD_BALANCER: ['bad-gateway-unhealthy-targets'],
}

/** What the catalog keeps per kind (Resource.config). Values AWS also reports are refreshed by an import. */
export type ResourceConfig = {
  /** LAMBDA: the function's timeout. */
  timeoutSeconds?: number
  /** LAMBDA: reserved concurrency, else the account's limit. */
  concurrencyLimit?: number
  /** RDS: max_connections of the parameter group. */
  maxConnections?: number
  /** RDS: the instance this one replicates, when it is a read replica. */
  replicaOf?: string
  /** RDS: allocated storage in GiB (free storage is judged against it). */
  allocatedStorageGb?: number
  /** RDS / ELASTICACHE: instance or node class. */
  instanceClass?: string
  /** DYNAMODB: provisioned capacity units per second (absent: on demand). */
  readCapacity?: number
  writeCapacity?: number
  /** LOAD_BALANCER: its target groups' ARNs (unhealthy hosts are counted per target group). */
  targetGroupArns?: string[]
}

export function configOf(value: unknown): ResourceConfig {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return {}
  const v = value as Record<string, unknown>
  const num = (k: string) => (typeof v[k] === 'number' && Number.isFinite(v[k]) ? (v[k] as number) : undefined)
  const str = (k: string) => (typeof v[k] === 'string' ? (v[k] as string) : undefined)
  return {
    timeoutSeconds: num('timeoutSeconds'),
    concurrencyLimit: num('concurrencyLimit'),
    maxConnections: num('maxConnections'),
    replicaOf: str('replicaOf'),
    allocatedStorageGb: num('allocatedStorageGb'),
    instanceClass: str('instanceClass'),
    readCapacity: num('readCapacity'),
    writeCapacity: num('writeCapacity'),
    targetGroupArns: Array.isArray(v.targetGroupArns) ? v.targetGroupArns.filter((x): x is string => typeof x === 'string') : undefined,
  }
}
