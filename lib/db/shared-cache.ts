import 'server-only'
import { db, type DbClient } from './client'
import type { Prisma } from './generated/client'

export type Cached<T> = { value: T; refreshedAt: Date; stale: boolean }

type Entry = { value: unknown; refreshedAt: Date }

const POLL_MS = 100
const WAIT_FOR_FIRST_MS = 30_000

/**
 * A cache of expensive results (AWS refreshes) that holds across app instances:
 * within an instance, concurrent callers share one refresh; across instances, a
 * Postgres advisory lock lets one instance refresh while the others read the row it
 * writes, or the previous row (marked stale) while the refresh runs.
 */
export function createSharedCache(client: DbClient = db) {
  const memo = new Map<string, Entry>()
  const inflight = new Map<string, Promise<Cached<unknown>>>()
  const fresh = (e: Entry | null | undefined, maxAgeMs: number) => Boolean(e) && Date.now() - e!.refreshedAt.getTime() < maxAgeMs

  async function readRow(key: string): Promise<Entry | null> {
    const row = await client.sharedCache.findUnique({ where: { key }, select: { value: true, refreshedAt: true } })
    return row ? { value: row.value, refreshedAt: row.refreshedAt } : null
  }

  async function refresh(key: string, maxAgeMs: number, load: () => Promise<unknown>): Promise<Cached<unknown>> {
    const row = await readRow(key)
    if (row && fresh(row, maxAgeMs)) {
      memo.set(key, row)
      return { ...row, stale: false }
    }
    const written = await client.$transaction(
      async (tx) => {
        const [{ locked }] = await tx.$queryRaw<{ locked: boolean }[]>`SELECT pg_try_advisory_xact_lock(hashtext(${key})) AS locked`
        if (!locked) return null
        const again = await tx.sharedCache.findUnique({ where: { key }, select: { value: true, refreshedAt: true } })
        if (again && fresh(again, maxAgeMs)) return again
        const value = (await load()) as Prisma.InputJsonValue
        const refreshedAt = new Date()
        await tx.sharedCache.upsert({ where: { key }, create: { key, value, refreshedAt }, update: { value, refreshedAt } })
        return { value: value as unknown, refreshedAt }
      },
      { maxWait: 10_000, timeout: 60_000 },
    )
    if (written) {
      memo.set(key, written)
      return { ...written, stale: false }
    }
    // Another instance holds the lock and is refreshing.
    if (row) return { ...row, stale: true }
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

  return {
    async get<T>(key: string, maxAgeMs: number, load: () => Promise<T>): Promise<Cached<T>> {
      const hit = memo.get(key)
      if (hit && fresh(hit, maxAgeMs)) return { value: hit.value as T, refreshedAt: hit.refreshedAt, stale: false }
      let pending = inflight.get(key)
      if (!pending) {
        pending = refresh(key, maxAgeMs, load).finally(() => inflight.delete(key))
        inflight.set(key, pending)
      }
      return (await pending) as Cached<T>
    },
  }
}

export type SharedCache = ReturnType<typeof createSharedCache>
