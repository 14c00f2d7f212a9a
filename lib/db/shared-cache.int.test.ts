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

  it('another instance reads a value as it was written, with its time; the newest of a prefix is found by the prefix literally', async () => {
    const a = createSharedCache(clientA)
    const b = createSharedCache(clientB)
    const value = { text: 'quote " backslash \\ unicode é ✓', n: [1, 2.5, null], nested: { ok: true } }
    await a.set('t:as_written:1', value)
    const read = await b.current<typeof value>('t:as_written:1')
    expect(read).toEqual(value)
    const seen = await b.peek('t:as_written:1')
    const mine = await a.peek('t:as_written:1')
    expect(seen!.refreshedAt.getTime()).toBe(mine!.refreshedAt.getTime())
    // `_` is a LIKE wildcard: the prefix "t:as_" must not find "t:asXwritten".
    await a.set('t:asXwritten', { other: true })
    expect((await b.latest('t:as_'))?.key).toBe('t:as_written:1')
    expect(await b.latest('t:as%')).toBeNull()
  })

  it('once the result is older than the interval, serves it marked stale at once and refreshes in the background', async () => {
    // Intervals in seconds, not milliseconds: a busy machine must not turn a fresh value stale
    // (or start the refresh-ahead) between two lines of the test.
    const cache = createSharedCache(clientA)
    let version = 0
    const load = slowLoader(null, 10)
    const loadNext = async () => {
      await load()
      return ++version
    }
    await cache.get('t:expiry', 1_500, loadNext)
    await cache.get('t:expiry', 1_500, loadNext)
    expect(load.calls).toBe(1)
    await new Promise((r) => setTimeout(r, 2_000))
    expect(await cache.get('t:expiry', 1_500, loadNext)).toMatchObject({ value: 1, stale: true })
    await expect.poll(async () => (await cache.get('t:expiry', 1_500, loadNext)).value, { timeout: 10_000 }).toBe(2)
    expect(load.calls).toBe(2)
  })

  it('a refresh that hangs holds no database connection: other queries go on', async () => {
    const narrow = createDbClient(inject('databaseUrl'), { max: 1 })
    try {
      const cache = createSharedCache(narrow)
      let release: (() => void) | undefined
      const hanging = cache.get('t:hang', 10_000, () => new Promise<string>((done) => (release = () => done('late'))))
      await expect.poll(() => release !== undefined).toBe(true)
      // The one pool connection is free while the load is waiting on "AWS".
      const [{ one }] = await narrow.$queryRaw<{ one: number }[]>`SELECT 1 AS one`
      expect(one).toBe(1)
      release?.()
      expect((await hanging).value).toBe('late')
    } finally {
      await narrow.$disconnect()
    }
  })

  it('a lease whose holder died expires; until then the other instance waits for a row', async () => {
    await clientA.$executeRaw`INSERT INTO "CacheLease" ("key", "holder", "expiresAt") VALUES ('t:dead', 'gone', now() - interval '1 second')`
    const cache = createSharedCache(clientB)
    expect((await cache.get('t:dead', 10_000, async () => 'taken over')).value).toBe('taken over')
  })

  it('while another instance refreshes, serves the previous result marked stale', async () => {
    const a = createSharedCache(clientA)
    const b = createSharedCache(clientB)
    await a.get('t:stale', 1_000, async () => 'old')
    await new Promise((r) => setTimeout(r, 1_500))
    const slow = a.get('t:stale', 1_000, slowLoader('new', 3_000))
    await new Promise((r) => setTimeout(r, 300))
    const meanwhile = await b.get('t:stale', 1_000, async () => 'never called')
    expect(meanwhile).toMatchObject({ value: 'old', stale: true })
    // Instance A answered at once with what it had, and refreshed in the background.
    expect(await slow).toMatchObject({ value: 'old', stale: true })
    await expect.poll(async () => (await b.get('t:stale', 1_000, async () => 'never called')).value, { timeout: 15_000 }).toBe('new')
  })

  it('passes a failed refresh to the caller and tries again next time', async () => {
    const cache = createSharedCache(clientA)
    await expect(cache.get('t:fail', 10_000, async () => Promise.reject(new Error('AWS said no')))).rejects.toThrow('AWS said no')
    expect((await cache.get('t:fail', 10_000, async () => 'ok')).value).toBe('ok')
  })
})
