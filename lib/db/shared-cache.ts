import 'server-only'
import { randomUUID } from 'node:crypto'
import { db, type DbClient } from './client'

/** A result and its time; `stale` when it is older than asked for (a refresh is running or failing). */
export type Cached<T> = { value: T; refreshedAt: Date; stale: boolean }

type Entry = { value: unknown; refreshedAt: Date }

const POLL_MS = 100
const WAIT_FOR_FIRST_MS = 30_000
/** Longer than any refresh can take: AWS calls give up well before (lib/aws/clients). */
const LEASE_MS = 45_000
/** Refresh in the background once a result has lived this share of its time, so viewers rarely see it late. */
const REFRESH_AHEAD = 0.8

/**
 * A cache of expensive results (AWS refreshes) that holds across app instances.
 *
 * - Within an instance, callers get the last result at once; one refresh runs in
 *   the background (stale-while-revalidate). Only a caller with no result at all
 *   waits for the first one.
 * - Across instances, a lease row (CacheLease) lets one instance refresh a key while
 *   the others read the row it writes. The lease is taken and released by single
 *   statements: no transaction and no pool connection is held while AWS answers,
 *   so a hanging AWS cannot starve pages that need only the database.
 */
export function createSharedCache(client: DbClient = db) {
  const holder = randomUUID()
  const memo = new Map<string, Entry>()
  const inflight = new Map<string, Promise<Cached<unknown>>>()
  const ageOf = (e: Entry) => Date.now() - e.refreshedAt.getTime()
  const fresh = (e: Entry | null | undefined, maxAgeMs: number) => Boolean(e) && ageOf(e!) < maxAgeMs

  // Values travel as JSON text, parsed and written with JSON.parse and JSON.stringify. A board snapshot
  // at 2,000 services is megabytes: Prisma's own handling of a Json argument walks every value of it,
  // which held the event loop 300-700 ms per write, and every viewer's request waited behind it.
  async function readRow(key: string): Promise<Entry | null> {
    const [row] = await client.$queryRaw<{ value: string; refreshedAt: Date }[]>`
      SELECT "value"::text AS "value", "refreshedAt" FROM "SharedCache" WHERE "key" = ${key}`
    return row ? { value: JSON.parse(row.value), refreshedAt: row.refreshedAt } : null
  }

  /** The row's time only; its value (perhaps megabytes of JSON) is read when it is newer than this instance's. */
  async function readFresh(key: string, maxAgeMs: number): Promise<Entry | null> {
    const stamp = await client.sharedCache.findUnique({ where: { key }, select: { refreshedAt: true } })
    if (!stamp || Date.now() - stamp.refreshedAt.getTime() >= maxAgeMs) return null
    const hit = memo.get(key)
    if (hit && hit.refreshedAt.getTime() === stamp.refreshedAt.getTime()) return hit
    return readRow(key)
  }

  async function writeRow(key: string, value: unknown): Promise<Entry> {
    const refreshedAt = new Date()
    await client.$executeRaw`
      INSERT INTO "SharedCache" ("key", "value", "refreshedAt") VALUES (${key}, ${JSON.stringify(value)}::jsonb, ${refreshedAt})
      ON CONFLICT ("key") DO UPDATE SET "value" = EXCLUDED."value", "refreshedAt" = EXCLUDED."refreshedAt"`
    const entry = { value, refreshedAt }
    memo.set(key, entry)
    return entry
  }

  /** Takes the key's lease when nobody holds it or the holder's has expired. */
  async function takeLease(key: string) {
    const taken = await client.$queryRaw<{ holder: string }[]>`
      INSERT INTO "CacheLease" ("key", "holder", "expiresAt")
      VALUES (${key}, ${holder}, now() + make_interval(secs => ${LEASE_MS / 1000}))
      ON CONFLICT ("key") DO UPDATE SET "holder" = EXCLUDED."holder", "expiresAt" = EXCLUDED."expiresAt"
      WHERE "CacheLease"."expiresAt" < now()
      RETURNING "holder"`
    return taken.length > 0
  }

  async function releaseLease(key: string) {
    await client.$executeRaw`DELETE FROM "CacheLease" WHERE "key" = ${key} AND "holder" = ${holder}`
  }

  async function refresh(key: string, maxAgeMs: number, load: () => Promise<unknown>): Promise<Cached<unknown>> {
    const row = await readFresh(key, maxAgeMs * REFRESH_AHEAD)
    if (row && fresh(row, maxAgeMs * REFRESH_AHEAD)) {
      memo.set(key, row)
      return { ...row, stale: false }
    }
    if (await takeLease(key)) {
      try {
        // Another instance may have written the row between our read and the lease: then it is the refresh of this interval.
        const again = await readFresh(key, maxAgeMs * REFRESH_AHEAD)
        if (again && fresh(again, maxAgeMs * REFRESH_AHEAD)) {
          memo.set(key, again)
          return { ...again, stale: false }
        }
        const written = await writeRow(key, await load())
        return { ...written, stale: false }
      } finally {
        await releaseLease(key).catch(() => undefined)
      }
    }
    // Another instance holds the lease and is refreshing: the last result written, whoever wrote it.
    const last = await readFresh(key, Infinity)
    if (last) {
      memo.set(key, last)
      return { ...last, stale: !fresh(last, maxAgeMs) }
    }
    const deadline = Date.now() + WAIT_FOR_FIRST_MS
    while (Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, POLL_MS))
      const first = await readRow(key)
      if (first) {
        memo.set(key, first)
        return { ...first, stale: false }
      }
    }
    throw new Error(`no result for ${key}: the refresh in another instance did not finish`)
  }

  function startRefresh(key: string, maxAgeMs: number, load: () => Promise<unknown>) {
    let pending = inflight.get(key)
    if (!pending) {
      pending = refresh(key, maxAgeMs, load).finally(() => inflight.delete(key))
      inflight.set(key, pending)
    }
    return pending
  }

  return {
    /**
     * `waitForFresh`: a part of another refresh (whose result must not be older than
     * the whole) waits for a result within `maxAgeMs` instead of taking the last one.
     */
    async get<T>(key: string, maxAgeMs: number, load: () => Promise<T>, opts: { waitForFresh?: boolean } = {}): Promise<Cached<T>> {
      const hit = memo.get(key)
      if (hit && fresh(hit, maxAgeMs * REFRESH_AHEAD)) return { value: hit.value as T, refreshedAt: hit.refreshedAt, stale: false }
      if (hit && opts.waitForFresh && fresh(hit, maxAgeMs)) return { value: hit.value as T, refreshedAt: hit.refreshedAt, stale: false }
      const pending = startRefresh(key, maxAgeMs, load)
      if (!hit || opts.waitForFresh) return (await pending) as Cached<T>
      // The last result now; the refresh goes on in the background. Its failure
      // shows as this result growing stale, and the next caller tries again.
      pending.catch(() => undefined)
      return { value: hit.value as T, refreshedAt: hit.refreshedAt, stale: !fresh(hit, maxAgeMs) }
    },

    /** Stores a value for every instance to read. */
    async set(key: string, value: unknown): Promise<void> {
      await writeRow(key, value)
    },

    /** A value stored within the last `maxAgeMs`, from this instance or another; null when there is none. */
    async read<T>(key: string, maxAgeMs: number): Promise<T | null> {
      const hit = memo.get(key)
      if (hit && fresh(hit, maxAgeMs)) return hit.value as T
      const row = await readRow(key)
      if (!row || !fresh(row, maxAgeMs)) return null
      memo.set(key, row)
      return row.value as T
    },

    /** The stored value, however old; its row is read only when another instance wrote it after this instance's copy. */
    async current<T>(key: string): Promise<T | null> {
      const row = await readFresh(key, Infinity)
      if (row) memo.set(key, row)
      return row ? (row.value as T) : null
    },

    /** The most recently refreshed row whose key starts with `prefix`, however old; null when there is none. */
    async latest<T>(prefix: string): Promise<{ key: string; value: T; refreshedAt: Date } | null> {
      // LIKE with the prefix's own % and _ escaped (the default escape is the backslash).
      const pattern = `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
      const [row] = await client.$queryRaw<{ key: string; value: string; refreshedAt: Date }[]>`
        SELECT "key", "value"::text AS "value", "refreshedAt" FROM "SharedCache" WHERE "key" LIKE ${pattern} ORDER BY "refreshedAt" DESC LIMIT 1`
      return row ? { key: row.key, value: JSON.parse(row.value) as T, refreshedAt: row.refreshedAt } : null
    },

    /**
     * The last stored value and its time, however old, without making it this instance's
     * current result (a refresh uses it to compare with the previous snapshot).
     */
    async peek<T>(key: string): Promise<{ value: T; refreshedAt: Date } | null> {
      const hit = memo.get(key)
      if (hit) return { value: hit.value as T, refreshedAt: hit.refreshedAt }
      const row = await readRow(key)
      return row ? { value: row.value as T, refreshedAt: row.refreshedAt } : null
    },
  }
}
