import 'server-only'
// Which services the board reads at the fast rate: those in an open incident, with a firing
// alert, or whose page someone opened in the last few minutes. The rest are read slower
// (lib/health/tiers.ts), so a large catalog stays within AWS's budgets.
import { db, type DbClient } from '@/lib/db/client'
import { openStatuses } from '@/lib/incidents/transitions'

/** A service page opened within this long keeps the service at the fast rate. */
export const VIEWED_HOT_MS = 5 * 60_000

const viewed = new Map<string, number>()
/** How often one instance tells the others that a page is still open. */
const SHARE_EVERY_MS = 60_000
const sharedAt = new Map<string, number>()

/**
 * Stores that this service's page was open at `at`: one row per service (ServiceView), moved
 * forward only, by one statement. Instances write their own rows side by side, so none drops
 * another's (a shared list read, changed and written back lost the entries of a concurrent writer).
 */
export async function recordServiceView(serviceId: string, at: Date, client: DbClient = db) {
  await client.$executeRaw`
    INSERT INTO "ServiceView" ("serviceId", "viewedAt") VALUES (${serviceId}::uuid, ${at})
    ON CONFLICT ("serviceId") DO UPDATE SET "viewedAt" = GREATEST("ServiceView"."viewedAt", EXCLUDED."viewedAt")`
}

/** Services whose page any instance saw open within VIEWED_HOT_MS of `now`. */
export async function viewedServiceIds(now: Date, client: DbClient = db): Promise<string[]> {
  const rows = await client.serviceView.findMany({ where: { viewedAt: { gte: new Date(now.getTime() - VIEWED_HOT_MS) } }, select: { serviceId: true } })
  return rows.map((r) => r.serviceId)
}

/**
 * Records that someone is looking at this service: in this instance at once, and for the
 * instance that refreshes the board at most once a minute per service (the page polls while open).
 */
export async function noteServiceViewed(serviceId: string, at: number = Date.now()) {
  viewed.set(serviceId, at)
  if (at - (sharedAt.get(serviceId) ?? 0) < SHARE_EVERY_MS) return
  sharedAt.set(serviceId, at)
  await recordServiceView(serviceId, new Date(at)).catch(() => undefined)
}

async function recentlyViewed(now: number): Promise<string[]> {
  const shared = await viewedServiceIds(new Date(now)).catch(() => [])
  return [...[...viewed].filter(([, t]) => now - t <= VIEWED_HOT_MS).map(([id]) => id), ...shared]
}

/** Ids of the services to read at the fast rate, as of `now`. */
export async function hotServiceIds(now: Date): Promise<Set<string>> {
  const [incidents, alerts] = await Promise.all([
    db.incidentService.findMany({ where: { incident: { status: { in: [...openStatuses] } } }, select: { serviceId: true } }),
    db.alert.findMany({ where: { state: 'FIRING', serviceId: { not: null } }, select: { serviceId: true } }),
  ])
  const ids = new Set<string>(await recentlyViewed(now.getTime()))
  for (const r of incidents) ids.add(r.serviceId)
  for (const a of alerts) if (a.serviceId) ids.add(a.serviceId)
  return ids
}
