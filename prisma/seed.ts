// Demo data for a first start: four users (one per role) and a catalog of services
// across a production and a development cluster. Idempotent; never run against a
// user's own database unless they ask with SEED_DEMO=1 or `npm run db:seed`.
import { hashPassword } from '../lib/auth/password'
import type { DbClient } from '../lib/db/create-client'
import { seedDemoHistory } from './demo-history'
import type { Environment, Role } from '../lib/db/generated/enums'

export const DEMO_PASSWORD = 'incident-demo'

export const demoUsers: { email: string; name: string; role: Role }[] = [
  { email: 'viewer@example.com', name: 'Vera Viewer', role: 'VIEWER' },
  { email: 'responder@example.com', name: 'Rafael Responder', role: 'RESPONDER' },
  { email: 'commander@example.com', name: 'Chloe Commander', role: 'COMMANDER' },
  { email: 'admin@example.com', name: 'Ada Admin', role: 'ADMIN' },
]

type DemoService = { name: string; team: string; port: number; withTargetGroup: boolean }

const fleet: DemoService[] = [
  { name: 'orders-api', team: 'commerce', port: 8080, withTargetGroup: true },
  { name: 'payments-api', team: 'payments', port: 8080, withTargetGroup: true },
  { name: 'checkout-web', team: 'commerce', port: 3000, withTargetGroup: true },
  { name: 'catalog-api', team: 'discovery', port: 8080, withTargetGroup: true },
  { name: 'auth-api', team: 'identity', port: 8080, withTargetGroup: true },
  { name: 'inventory-worker', team: 'fulfilment', port: 0, withTargetGroup: false },
  { name: 'notifications-worker', team: 'platform', port: 0, withTargetGroup: false },
]

const clusters: { environment: Environment; cluster: string; domain: string; services: string[] }[] = [
  { environment: 'PROD', cluster: 'shop-prod', domain: 'shop.example.com', services: fleet.map((s) => s.name) },
  {
    environment: 'DEV',
    cluster: 'shop-dev',
    domain: 'dev.shop.example.com',
    services: ['orders-api', 'payments-api', 'checkout-web', 'catalog-api', 'inventory-worker'],
  },
]

export const DEMO_REGION = 'us-east-1'
const ACCOUNT = '123456789012'

export function demoServices() {
  return clusters.flatMap((c) =>
    c.services.map((name) => {
      const svc = fleet.find((s) => s.name === name)!
      return {
        name,
        environment: c.environment,
        region: DEMO_REGION,
        cluster: c.cluster,
        ecsServiceName: name,
        team: svc.team,
        targetGroupArn: svc.withTargetGroup
          ? `arn:aws:elasticloadbalancing:${DEMO_REGION}:${ACCOUNT}:targetgroup/${`${c.cluster}-${name}`.slice(0, 32)}/0123456789abcdef`
          : null,
        healthUrl: svc.port ? `https://${name}.${c.domain}/healthz` : null,
      }
    }),
  )
}

export async function isDemoSeeded(db: DbClient) {
  return Boolean(await db.appMeta.findUnique({ where: { key: 'demo_seeded_at' } }))
}

/** `now` is the moment the demo data is seeded at and its history ends at (tests pass their own). */
export async function seedDemo(db: DbClient, now: Date = new Date()) {
  const passwordHash = await hashPassword(DEMO_PASSWORD)
  await db.$transaction(
    async (tx) => {
      for (const u of demoUsers) {
        await tx.user.upsert({
          where: { email: u.email },
          create: { ...u, passwordHash },
          update: {},
        })
      }
      for (const s of demoServices()) {
        await tx.service.upsert({
          where: { region_cluster_ecsServiceName: { region: s.region, cluster: s.cluster, ecsServiceName: s.ecsServiceName } },
          create: s,
          update: {},
        })
      }
      await tx.appMeta.upsert({
        where: { key: 'demo_seeded_at' },
        create: { key: 'demo_seeded_at', value: now.toISOString() },
        update: { value: now.toISOString() },
      })
    },
    // A busy machine must not fail the seed on Prisma's 5 s default.
    { timeout: 60_000, maxWait: 10_000 },
  )
  // About 90 days of past incidents for the dashboard; added once (see demo-history.ts).
  const history = await seedDemoHistory(db, now)
  return { users: demoUsers.length, services: demoServices().length, history }
}
