import 'server-only'
// The refresh tiers' schedule, kept where every instance can read it: what the refreshing
// instance read when (lib/health/tiers.ts), stored beside each snapshot it makes. An
// instance that takes the refresh over (the last one died, or the lease moved) continues
// that schedule instead of reading every service at once (a burst of 200 DescribeServices
// at 2,000 services). Metric values are stored without their points: a row needs only the
// latest values and their times.
import type { ServiceMetrics } from '@/lib/aws/types'
import { db, type DbClient } from '@/lib/db/client'
import { createSharedCache } from '@/lib/db/shared-cache'
import { newTierState, type TierState } from '../tiers'

/** The shared-cache key of a snapshot's tier state. */
export const tierStateKey = (fleetKey: string) => `health:tiers:${fleetKey}`

type Metric = TierState['metrics'] extends Map<string, infer V> ? V : never
type Stopped = TierState['stopped'] extends Map<string, infer V> ? V : never
export type StoredTierState = { status: [string, number][]; metrics: [string, Metric][]; stopped: [string, Stopped][] }

const withoutPoints = (m: ServiceMetrics | undefined): ServiceMetrics | undefined => (m ? { ...m, points: [] } : undefined)

/** Pure: the state as stored (JSON). */
export function storedTierState(state: TierState): StoredTierState {
  return {
    status: [...state.status],
    metrics: [...state.metrics].map(([id, m]) => [id, { ...m, value: withoutPoints(m.value) }]),
    stopped: [...state.stopped],
  }
}

/** Pure: the state from what was stored; an empty one (read everything) for nothing or anything unreadable. */
export function tierStateFrom(stored: StoredTierState | null | undefined): TierState {
  const state = newTierState()
  if (!stored || !Array.isArray(stored.status) || !Array.isArray(stored.metrics) || !Array.isArray(stored.stopped)) return state
  for (const [id, at] of stored.status) state.status.set(id, at)
  for (const [id, m] of stored.metrics) state.metrics.set(id, m)
  for (const [cluster, s] of stored.stopped) state.stopped.set(cluster, s)
  return state
}

/** One instance's view of the tier schedules (one per app process; tests make two, as two instances). */
export function createTierStore(client: DbClient = db) {
  const cache = createSharedCache(client)
  let mine: { key: string; state: TierState; stored: StoredTierState | null } | null = null
  return {
    /**
     * The schedule to refresh snapshot `key` by. `previous`: whether there is a last snapshot (without it every row is read
     * again, so what was read before is of no use). This instance's own state while it is still the last one stored;
     * the stored one when another instance refreshed since.
     */
    async stateFor(key: string, previous: boolean): Promise<TierState> {
      if (!previous) {
        mine = { key, state: newTierState(), stored: null }
        return mine.state
      }
      // Only the row's time is read unless another instance wrote it after this one's copy.
      const stored = await cache.current<StoredTierState>(tierStateKey(key)).catch(() => null)
      if (mine?.key === key && (stored === null || stored === mine.stored)) return mine.state
      mine = { key, state: tierStateFrom(stored), stored }
      return mine.state
    },
    /** Stores the schedule after a refresh of snapshot `key`, for whichever instance refreshes next. */
    async save(key: string, state: TierState) {
      const stored = storedTierState(state)
      await cache.set(tierStateKey(key), stored)
      if (mine?.state === state) mine.stored = stored
    },
  }
}
