import 'server-only'
import { randomUUID } from 'node:crypto'
import { db, type DbClient } from './client'

/**
 * A lease on a named job across every app instance (a CacheLease row with an expiry): one
 * holder at a time, renewed by taking it again before it runs out. Taking it is one
 * statement, so no transaction or pool connection is held while the job runs; a holder that
 * dies simply lets it expire, and another instance takes over.
 */
export function createLease(key: string, ttlMs: number, client: DbClient = db, holder = randomUUID()) {
  return {
    holder,
    /** Takes or renews the lease; false while another holder's lease is still valid. */
    async take(): Promise<boolean> {
      const taken = await client.$queryRaw<{ holder: string }[]>`
        INSERT INTO "CacheLease" ("key", "holder", "expiresAt")
        VALUES (${key}, ${holder}, now() + make_interval(secs => ${ttlMs / 1000}))
        ON CONFLICT ("key") DO UPDATE SET "holder" = EXCLUDED."holder", "expiresAt" = EXCLUDED."expiresAt"
        WHERE "CacheLease"."expiresAt" < now() OR "CacheLease"."holder" = ${holder}
        RETURNING "holder"`
      return taken.length > 0
    },
    async release() {
      await client.$executeRaw`DELETE FROM "CacheLease" WHERE "key" = ${key} AND "holder" = ${holder}`
    },
  }
}
