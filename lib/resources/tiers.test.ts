import { describe, expect, it } from 'vitest'
import { QUIET_RESOURCE_MS, resourcesDue } from './tiers'

const now = new Date('2026-01-01T12:00:00Z')
const at = (ms: number) => new Date(now.getTime() + ms)
const resources = [
  { id: 'db', serviceIds: ['orders'] },
  { id: 'cache', serviceIds: ['carts'] },
  { id: 'queue', serviceIds: [] },
]
const row = (status: 'healthy' | 'degraded' | 'critical' | 'unknown', observedAt = now) => ({ status, observedAt: observedAt.toISOString() })

describe('resourcesDue', () => {
  it('reads every resource not read yet', () => {
    expect(resourcesDue(resources, new Map(), new Set(), now).map((r) => r.id)).toEqual(['db', 'cache', 'queue'])
  })

  it('reads quiet resources once a minute, not every interval', () => {
    const previous = new Map(resources.map((r) => [r.id, row('healthy')]))
    expect(resourcesDue(resources, previous, new Set(), at(10_000))).toEqual([])
    expect(resourcesDue(resources, previous, new Set(), at(QUIET_RESOURCE_MS - 10_000))).toEqual([])
    expect(resourcesDue(resources, previous, new Set(), at(QUIET_RESOURCE_MS)).map((r) => r.id)).toEqual(['db', 'cache', 'queue'])
  })

  it('reads every interval a resource of a hot service, and one not healthy (unknown too: no data is not healthy)', () => {
    const previous = new Map([
      ['db', row('healthy')],
      ['cache', row('unknown')],
      ['queue', row('healthy')],
    ])
    expect(resourcesDue(resources, previous, new Set(['orders']), at(10_000)).map((r) => r.id)).toEqual(['db', 'cache'])
    previous.set('cache', row('degraded'))
    expect(resourcesDue(resources, previous, new Set(), at(10_000)).map((r) => r.id)).toEqual(['cache'])
  })
})
