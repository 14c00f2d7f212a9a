import { describe, expect, it } from 'vitest'
import type { ServiceHealthRow } from './dto'
import { COLD_METRICS_MS, COLD_RETRY_MS, COLD_STATUS_MS, HOT_METRICS_MS, newTierState, planReads, stoppedDue } from './tiers'

const now = new Date('2026-01-01T12:00:00Z')
const services = Array.from({ length: 1000 }, (_, i) => ({ id: `svc-${i}` }))
const row = (over: Partial<ServiceHealthRow> = {}) =>
  ({ status: 'healthy', rolloutState: 'COMPLETED', running: 2, desired: 2, pending: 0, ...over }) as ServiceHealthRow

/** Every service read at `at` (status and metrics, cold), with a healthy row. */
function readAll(at: Date) {
  const state = newTierState()
  for (const s of services) {
    state.status.set(s.id, at.getTime())
    state.metrics.set(s.id, { at: at.getTime(), hot: false, value: undefined, error: null })
  }
  return { state, previous: new Map(services.map((s) => [s.id, row()])) }
}

describe('planReads', () => {
  it('reads everything when nothing was read before', () => {
    const plan = planReads(services, newTierState(), new Set(), new Map(), now)
    expect(plan.status).toHaveLength(1000)
    expect(plan.metrics.cold).toHaveLength(1000)
  })

  it('reads quiet services once every 2 minutes, an even slice per refresh, and their metrics once every 45', () => {
    const { state, previous } = readAll(now)
    let statusReads = 0
    let metricReads = 0
    const seen = new Map<string, number>()
    for (let t = 10_000; t <= COLD_STATUS_MS; t += 10_000) {
      const plan = planReads(services, state, new Set(), previous, new Date(now.getTime() + t))
      // About 1/12 of them each 10 s, never all at once.
      expect(plan.status.length).toBeLessThan(200)
      statusReads += plan.status.length
      metricReads += plan.metrics.cold.length
      for (const s of plan.status) {
        seen.set(s.id, (seen.get(s.id) ?? 0) + 1)
        state.status.set(s.id, now.getTime() + t)
      }
      for (const s of plan.metrics.cold) state.metrics.set(s.id, { at: now.getTime() + t, hot: false, value: undefined, error: null })
    }
    // Each once; a few twice (their slow metrics fell due in these 2 minutes, and they are read with them).
    expect(seen.size).toBe(1000)
    expect(statusReads).toBeLessThan(1100)
    expect(metricReads).toBeLessThan(100)
    expect(planReads(services, state, new Set(), previous, new Date(now.getTime() + COLD_METRICS_MS + COLD_STATUS_MS)).metrics.cold).toHaveLength(1000)
  })

  it('reads hot and troubled services every interval, and their metrics every minute', () => {
    const { state, previous } = readAll(now)
    previous.set('svc-7', row({ status: 'degraded' }))
    previous.set('svc-8', row({ rolloutState: 'IN_PROGRESS' }))
    const later = new Date(now.getTime() + 10_000)
    const plan = planReads(services, state, new Set(['svc-3']), previous, later)
    expect(plan.status.map((s) => s.id)).toEqual(expect.arrayContaining(['svc-3', 'svc-7', 'svc-8']))
    expect(plan.status.length).toBeLessThan(150)
    // Turning hot: minute metrics at once, not at the next slow read.
    expect(plan.metrics.hot.map((s) => s.id).sort()).toEqual(['svc-3', 'svc-7', 'svc-8'])
    state.metrics.set('svc-3', { at: later.getTime(), hot: true, value: undefined, error: null })
    const next = planReads(services, state, new Set(['svc-3']), previous, new Date(later.getTime() + 10_000))
    expect(next.status.map((s) => s.id)).toContain('svc-3')
    expect(next.metrics.hot.map((s) => s.id)).not.toContain('svc-3')
    expect(planReads(services, state, new Set(['svc-3']), previous, new Date(later.getTime() + HOT_METRICS_MS)).metrics.hot.map((s) => s.id)).toContain('svc-3')
  })

  it('tries a failed slow read again after COLD_RETRY_MS, not at every refresh', () => {
    const { state, previous } = readAll(now)
    // A batch of slow reads timed out at `now`.
    const failed = services.slice(0, 70).map((s) => s.id)
    for (const id of failed) state.metrics.set(id, { at: now.getTime(), hot: false, value: undefined, error: 'GetMetricData did not answer in time' })
    const cold = (t: number) => planReads(services, state, new Set(), previous, new Date(now.getTime() + t)).metrics.cold.map((s) => s.id)
    for (let t = 10_000; t < COLD_RETRY_MS - 1000; t += 10_000) expect(cold(t).filter((id) => failed.includes(id))).toEqual([])
    expect(
      cold(COLD_RETRY_MS)
        .filter((id) => failed.includes(id))
        .sort(),
    ).toEqual([...failed].sort())
  })

  it('reads a service with no row yet at once', () => {
    const { state, previous } = readAll(now)
    previous.delete('svc-5')
    expect(planReads(services, state, new Set(), previous, new Date(now.getTime() + 10_000)).status.map((s) => s.id)).toContain('svc-5')
  })
})

describe('stoppedDue', () => {
  it('scans a quiet cluster every ~2 minutes and a cluster in trouble at once', () => {
    const state = newTierState()
    expect(stoppedDue('c1', state, false, now)).toBe(true)
    state.stopped.set('c1', { at: now.getTime(), byService: {}, error: null })
    expect(stoppedDue('c1', state, false, new Date(now.getTime() + 10_000))).toBe(false)
    expect(stoppedDue('c1', state, true, new Date(now.getTime() + 10_000))).toBe(true)
    expect(stoppedDue('c1', state, false, new Date(now.getTime() + COLD_STATUS_MS))).toBe(true)
  })
})
