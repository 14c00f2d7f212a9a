import { afterAll, describe, expect, inject, it } from 'vitest'
import { createDbClient } from './create-client'
import { createSharedCache } from './shared-cache'

// Two clients stand for two app instances sharing one database.
const clientA = createDbClient(inject('databaseUrl'), { max: 5 })
const clientB = createDbClient(inject('databaseUrl'), { max: 5 })

afterAll(async () => {
  await Promise.all([clientA.$disconnect(), clientB.$disconnect()])
})

function slowLoader(value: unknown, ms = 200) {
  const loader = async () => {
    loader.calls++
    await new Promise((r) => setTimeout(r, ms))
    return value
  }
  loader.calls = 0
  return loader
}

describe('shared cache', () => {
  it('50 concurrent requests in one instance cause one refresh', async () => {
    const cache = createSharedCache(clientA)
    const load = slowLoader({ services: 12 })
    const results = await Promise.all(Array.from({ length: 50 }, () => cache.get('t:one-instance', 10_000, load)))
    expect(load.calls).toBe(1)
    expect(results.every((r) => (r.value as { services: number }).services === 12 && !r.stale)).toBe(true)
  })

  it('two instances asking at once cause one refresh; the other reads its row', async () => {
    const a = createSharedCache(clientA)
    const b = createSharedCache(clientB)
    const load = slowLoader({ from: 'whoever won' }, 400)
    const results = await Promise.all([
      ...Array.from({ length: 10 }, () => a.get('t:two-instances', 10_000, load)),
      ...Array.from({ length: 10 }, () => b.get('t:two-instances', 10_000, load)),
    ])
    expect(load.calls).toBe(1)
    expect(new Set(results.map((r) => r.refreshedAt.getTime())).size).toBe(1)
  })

  it('refreshes again once the result is older than the interval', async () => {
    const cache = createSharedCache(clientA)
    const load = slowLoader('v', 10)
    await cache.get('t:expiry', 150, load)
    await cache.get('t:expiry', 150, load)
    expect(load.calls).toBe(1)
    await new Promise((r) => setTimeout(r, 200))
    await cache.get('t:expiry', 150, load)
    expect(load.calls).toBe(2)
  })

  it('while another instance refreshes, serves the previous result marked stale', async () => {
    const a = createSharedCache(clientA)
    const b = createSharedCache(clientB)
    await a.get('t:stale', 100, async () => 'old')
    await new Promise((r) => setTimeout(r, 150))
    const slow = a.get('t:stale', 100, slowLoader('new', 500))
    await new Promise((r) => setTimeout(r, 100))
    const meanwhile = await b.get('t:stale', 100, async () => 'never called')
    expect(meanwhile).toMatchObject({ value: 'old', stale: true })
    expect((await slow).value).toBe('new')
  })

  it('passes a failed refresh to the caller and tries again next time', async () => {
    const cache = createSharedCache(clientA)
    await expect(cache.get('t:fail', 10_000, async () => Promise.reject(new Error('AWS said no')))).rejects.toThrow('AWS said no')
    expect((await cache.get('t:fail', 10_000, async () => 'ok')).value).toBe('ok')
  })
})
