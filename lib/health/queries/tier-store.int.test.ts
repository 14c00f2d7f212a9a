import { afterAll, describe, expect, inject, it } from 'vitest'
import { createDbClient } from '@/lib/db/create-client'
import { COLD_STATUS_MS, newTierState, planReads, type TierState } from '../tiers'
import type { ServiceHealthRow } from '../dto'
import { createTierStore, storedTierState, tierStateFrom } from './tier-store'

// Two clients stand for two app instances: the one refreshing the board dies, the other
// takes the refresh over and must continue the schedule, not read 2,000 services at once.
const clientA = createDbClient(inject('databaseUrl'), { max: 3 })
const clientB = createDbClient(inject('databaseUrl'), { max: 3 })
const key = `health:fleet:tier-test-${Math.random().toString(36).slice(2, 8)}`
const services = Array.from({ length: 2000 }, (_, i) => ({ id: `svc-${String(i).padStart(4, '0')}`, cluster: `c${i % 20}` }))
const healthy = new Map(services.map((s) => [s.id, { status: 'healthy', rolloutState: 'COMPLETED', running: 2, desired: 2, pending: 0 } as ServiceHealthRow]))
const t0 = new Date('2026-03-01T12:00:00Z')
const at = (ms: number) => new Date(t0.getTime() + ms)

afterAll(async () => {
  await Promise.all([clientA.$disconnect(), clientB.$disconnect()])
})

/** One refresh by this state: what the plan reads is marked read at `now` (as loadFleetHealth does). */
function refresh(state: TierState, now: Date) {
  const plan = planReads(services, state, new Set(), healthy, now)
  for (const s of plan.status) state.status.set(s.id, now.getTime())
  for (const s of [...plan.metrics.hot, ...plan.metrics.cold]) state.metrics.set(s.id, { at: now.getTime(), hot: false, value: undefined, error: null })
  return plan.status.length
}

describe('tier schedule across instances', () => {
  it('a new leader continues the schedule the last one stored instead of reading everything at once', async () => {
    const a = createTierStore(clientA)
    const stateA = await a.stateFor(key, false)
    expect(refresh(stateA, t0)).toBe(2000)
    // A refreshes every 10 s for a while, storing its schedule (each minute here, to keep the test short).
    for (let ms = 10_000; ms <= 5 * COLD_STATUS_MS; ms += 10_000) {
      expect(await a.stateFor(key, true)).toBe(stateA)
      refresh(stateA, at(ms))
      if (ms % 60_000 === 0) await a.save(key, stateA)
    }
    // A dies; B takes over the next interval.
    const b = createTierStore(clientB)
    const stateB = await b.stateFor(key, true)
    expect([...stateB.status]).toEqual([...stateA.status])
    const next = at(5 * COLD_STATUS_MS + 10_000)
    const readByB = refresh(stateB, next)
    // About a twelfth of the catalog per 10 s (2,000 over 2 minutes), as A would have read; a fresh state reads all 2,000.
    expect(readByB).toBeLessThan(400)
    expect(refresh(newTierState(), next)).toBe(2000)
    await b.save(key, stateB)

    // A comes back and refreshes again: it takes B's newer schedule, not its own older one.
    const again = await a.stateFor(key, true)
    expect(again).not.toBe(stateA)
    expect([...again.status]).toEqual([...stateB.status])
  })

  it('stores metric values without their points and without a last snapshot starts afresh', async () => {
    const state = newTierState()
    state.metrics.set('svc-1', {
      at: 5,
      hot: true,
      error: null,
      value: {
        key: 'svc-1',
        periodSeconds: 60,
        points: [{ t: 1, cpuPercent: 3 } as never],
        latest: { cpuPercent: 3 } as never,
        latestAt: { cpuPercent: 1 } as never,
        hasLoadBalancer: false,
        error: null,
      },
    })
    const back = tierStateFrom(JSON.parse(JSON.stringify(storedTierState(state))))
    expect(back.metrics.get('svc-1')?.value?.points).toEqual([])
    expect(back.metrics.get('svc-1')?.value?.latest).toEqual({ cpuPercent: 3 })
    expect(tierStateFrom({ nonsense: true } as never).status.size).toBe(0)
    const store = createTierStore(clientA)
    expect((await store.stateFor(key, false)).status.size).toBe(0)
  })
})
