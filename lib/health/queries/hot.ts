import 'server-only'
// Which services the board reads at the fast rate: those in an open incident, with a firing
// alert, or whose page someone opened in the last few minutes. The rest are read slower
// (lib/health/tiers.ts), so a large catalog stays within AWS's budgets.
import { db } from '@/lib/db/client'
import { createSharedCache } from '@/lib/db/shared-cache'
import { openStatuses } from '@/lib/incidents/transitions'

/** A service page opened within this long keeps the service at the fast rate. */
export const VIEWED_HOT_MS = 5 * 60_000

const viewed = new Map<string, number>()
const shared = createSharedCache()
const VIEWED_KEY = 'health:viewed'
/** How often one instance tells the others that a page is still open. */
const SHARE_EVERY_MS = 60_000
const sharedAt = new Map<string, number>()

/**
 * Records that someone is looking at this service: in this instance at once, and for the
 * instance that refreshes the board at most once a minute per service (the page polls while open).
 */
export async function noteServiceViewed(serviceId: string, at: number = Date.now()) {
  viewed.set(serviceId, at)
  if (at - (sharedAt.get(serviceId) ?? 0) < SHARE_EVERY_MS) return
  sharedAt.set(serviceId, at)
  const all = (await shared.read<Record<string, number>>(VIEWED_KEY, VIEWED_HOT_MS).catch(() => null)) ?? {}
  const recent = Object.fromEntries(Object.entries(all).filter(([, t]) => at - t <= VIEWED_HOT_MS))
  await shared.set(VIEWED_KEY, { ...recent, [serviceId]: at }).catch(() => undefined)
}

async function recentlyViewed(now: number): Promise<string[]> {
  const all = (await shared.read<Record<string, number>>(VIEWED_KEY, VIEWED_HOT_MS).catch(() => null)) ?? {}
  return [...viewed, ...Object.entries(all)].filter(([, t]) => now - t <= VIEWED_HOT_MS).map(([id]) => id)
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
