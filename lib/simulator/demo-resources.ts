// The demo fleet's resources beside its services, defined once: prisma/seed.ts puts them in
// the catalog and the simulator runs them (resources.ts), so the two agree. Production only.

export type DemoResourceKind = 'LAMBDA' | 'RDS' | 'ELASTICACHE' | 'DYNAMODB' | 'LOAD_BALANCER'

export type DemoResource = {
  kind: DemoResourceKind
  name: string
  /** What AWS calls it (function name, DB instance id, cache cluster id, table name, load balancer name). */
  awsId: string
  arn: string | null
  team: string
  /** The demo services (shop-prod) that depend on it. */
  services: string[]
  config: Record<string, unknown>
}

const REGION = 'us-east-1'
const ACCOUNT = '123456789012'
export const DEMO_RESOURCE_CLUSTER = 'shop-prod'
const tg = (service: string) =>
  `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:targetgroup/${`${DEMO_RESOURCE_CLUSTER}-${service}`.slice(0, 32)}/0123456789abcdef`
const behindAlb = ['orders-api', 'payments-api', 'checkout-web', 'catalog-api', 'auth-api']

export const demoResourceList: DemoResource[] = [
  {
    kind: 'LAMBDA',
    name: 'order-events',
    awsId: 'order-events',
    arn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:order-events`,
    team: 'commerce',
    services: ['orders-api', 'notifications-worker'],
    config: { timeoutSeconds: 30, concurrencyLimit: 50 },
  },
  {
    kind: 'LAMBDA',
    name: 'payment-webhooks',
    awsId: 'payment-webhooks',
    arn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:payment-webhooks`,
    team: 'payments',
    services: ['payments-api'],
    config: { timeoutSeconds: 10, concurrencyLimit: 20 },
  },
  {
    kind: 'RDS',
    name: 'orders-db',
    awsId: 'orders-db',
    arn: `arn:aws:rds:${REGION}:${ACCOUNT}:db:orders-db`,
    team: 'commerce',
    services: ['orders-api', 'payments-api', 'inventory-worker'],
    config: { maxConnections: 200, allocatedStorageGb: 200, instanceClass: 'db.r6g.large' },
  },
  {
    kind: 'RDS',
    name: 'orders-db-replica-1',
    awsId: 'orders-db-replica-1',
    arn: `arn:aws:rds:${REGION}:${ACCOUNT}:db:orders-db-replica-1`,
    team: 'commerce',
    services: ['catalog-api', 'checkout-web'],
    config: { maxConnections: 200, allocatedStorageGb: 200, instanceClass: 'db.r6g.large', replicaOf: 'orders-db' },
  },
  {
    kind: 'ELASTICACHE',
    name: 'sessions-redis',
    awsId: 'sessions-redis-001',
    arn: `arn:aws:elasticache:${REGION}:${ACCOUNT}:cluster:sessions-redis-001`,
    team: 'identity',
    services: ['auth-api', 'checkout-web'],
    config: { instanceClass: 'cache.r6g.large' },
  },
  {
    kind: 'DYNAMODB',
    name: 'carts',
    awsId: 'carts',
    arn: `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/carts`,
    team: 'commerce',
    services: ['checkout-web', 'orders-api'],
    config: { readCapacity: 100, writeCapacity: 50 },
  },
  {
    kind: 'LOAD_BALANCER',
    name: 'shop-prod-alb',
    awsId: 'shop-prod',
    arn: null,
    team: 'platform',
    services: behindAlb,
    config: { targetGroupArns: behindAlb.map(tg) },
  },
]

export function demoResources(): DemoResource[] {
  return demoResourceList.map((r) => ({ ...r, services: [...r.services], config: structuredClone(r.config) }))
}
