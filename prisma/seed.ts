// Demo data for a first start: four users (one per role) and a catalog of services
// across a production and a development cluster. Idempotent; never run against a
// user's own database unless they ask with SEED_DEMO=1 or `npm run db:seed`.
import { hashPassword } from '../lib/auth/password'
import type { DbClient } from '../lib/db/create-client'
import { seedDemoHistory } from './demo-history'
import type { Role } from '../lib/db/generated/enums'

export const DEMO_PASSWORD = 'incident-demo'

export const demoUsers: { email: string; name: string; role: Role }[] = [
  { email: 'viewer@example.com', name: 'Vera Viewer', role: 'VIEWER' },
  { email: 'responder@example.com', name: 'Rafael Responder', role: 'RESPONDER' },
  { email: 'commander@example.com', name: 'Chloe Commander', role: 'COMMANDER' },
  { email: 'admin@example.com', name: 'Ada Admin', role: 'ADMIN' },
]

export { DEMO_REGION, demoServices } from '../lib/simulator/demo-fleet'
import { demoServices } from '../lib/simulator/demo-fleet'
import { seedDemoResources } from './demo-resources'

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
      await seedDemoResources(tx)
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
