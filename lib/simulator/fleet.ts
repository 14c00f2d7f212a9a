// Which clusters and services the simulator holds. The default is the demo fleet
// (demo-fleet.ts), the same one the database is seeded with.
import { demoServices } from './demo-fleet'

export type FleetServiceSpec = {
  cluster: string
  service: string
  /** Defaults to the fleet's region. */
  region?: string
  /** An ALB target group the service registers its tasks in; none for workers. */
  targetGroupArn?: string | null
  desiredCount?: number
  containerPort?: number
  /** Task-level memory in MiB. */
  memory?: number
  /** Task-level CPU units. */
  cpu?: number
  /** Revision of the task definition family in use at start; earlier ones exist too. */
  revision?: number
  /** Circuit breaker on deployments; on with rollback unless said otherwise. */
  circuitBreaker?: { enable: boolean; rollback: boolean }
}

export type FleetSpec = {
  accountId?: string
  region?: string
  services: FleetServiceSpec[]
}

export const DEFAULT_ACCOUNT_ID = '123456789012'
export const DEFAULT_REGION = 'us-east-1'

/** The demo catalog (demo-fleet.ts), as the seed puts it in the database. */
export function demoFleet(): FleetSpec {
  return {
    accountId: DEFAULT_ACCOUNT_ID,
    region: DEFAULT_REGION,
    services: demoServices().map((s) => ({
      cluster: s.cluster,
      service: s.ecsServiceName,
      region: s.region,
      targetGroupArn: s.targetGroupArn,
      desiredCount: s.environment === 'PROD' ? undefined : 1,
      containerPort: s.targetGroupArn ? (s.name.endsWith('-web') ? 3000 : 8080) : undefined,
    })),
  }
}

/** A large synthetic fleet for benchmarks: `count` services over `clusters` clusters, all behind ALBs. */
export function generatedFleet(count: number, opts: { clusters?: number; accountId?: string; region?: string; withTargetGroups?: boolean } = {}): FleetSpec {
  const accountId = opts.accountId ?? DEFAULT_ACCOUNT_ID
  const region = opts.region ?? DEFAULT_REGION
  const clusters = Math.max(1, opts.clusters ?? Math.ceil(count / 50))
  const services: FleetServiceSpec[] = []
  for (let i = 0; i < count; i++) {
    const cluster = `fleet-${String((i % clusters) + 1).padStart(2, '0')}`
    const service = `svc-${String(i + 1).padStart(4, '0')}`
    const tgName = `${cluster}-${service}`.slice(0, 32)
    services.push({
      cluster,
      service,
      targetGroupArn:
        opts.withTargetGroups === false
          ? null
          : `arn:aws:elasticloadbalancing:${region}:${accountId}:targetgroup/${tgName}/${(i + 1).toString(16).padStart(16, '0')}`,
      desiredCount: 2,
      containerPort: 8080,
    })
  }
  return { accountId, region, services }
}
