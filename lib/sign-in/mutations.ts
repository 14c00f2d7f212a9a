import 'server-only'
import { db, Prisma } from '@/lib/db/client'
import { ACCOUNT_RULE, IDLE_RESET_SECONDS, SOURCE_RULE, type ThrottleRule } from '@/lib/auth/throttle'

// The sign-in throttle's rows (SignInThrottle; the rules are in lib/auth/throttle.ts). Each attempt takes its place with
// one INSERT … ON CONFLICT DO UPDATE per key: Postgres locks only that key's row
// while it decides, so parallel attempts on one key are counted one after the other
// (no attempt can slip past a lock another is about to set), and attempts on other
// keys never wait. The attempt that reaches the limit sets the lock in the same
// statement, so at most `free` attempts are ever checked before a lock.

export const sourceKey = (source: string) => `src:${source}`
export const accountKey = (email: string, source: string) => `acct:${email} src:${source}`

/** Timestamps as Postgres `timestamp` (UTC, like Prisma's DateTime columns). */
const ts = (d: Date) => d.toISOString().replace('Z', '')

// Source locks this instance has seen start or refuse an attempt, until they end (ms since the
// epoch): while one lasts, the sign-in route answers at once, without next-auth or
// the database (lib/auth/sso-route.ts). Only source locks: those change only by
// expiring, whereas an admin may lift an account lock on any instance.
const sourceLocks = new Map<string, number>()

/** Seconds left on a source lock this instance knows of (0: none known). */
export function knownSourceLock(source: string, now = Date.now()) {
  const until = sourceLocks.get(source)
  if (until === undefined) return 0
  if (until <= now) {
    sourceLocks.delete(source)
    return 0
  }
  return Math.ceil((until - now) / 1000)
}

type Taken = { refused: boolean; attempt: number; lockSeconds: number }

/** Counts one attempt on `key`: refused while locked; otherwise its number, and the lock it started (0: none). */
async function take(key: string, email: string | null, source: string, rule: ThrottleRule, now: Date): Promise<Taken> {
  const at = Prisma.sql`${ts(now)}::timestamp`
  const cutoff = Prisma.sql`${ts(new Date(now.getTime() - IDLE_RESET_SECONDS * 1000))}::timestamp`
  const locked = Prisma.sql`COALESCE(t."lockedUntil" > ${at}, false)`
  const n = Prisma.sql`(CASE WHEN t."lastAttemptAt" < ${cutoff} THEN 1 ELSE t."attempts" + 1 END)`
  const lockFor = (attempt: Prisma.Sql) =>
    Prisma.sql`${at} + make_interval(secs => LEAST(${rule.maxLockSeconds}::int, ${rule.firstLockSeconds}::int * power(2, ${attempt} - ${rule.free}::int)))`
  const rows = await db.$queryRaw<{ refused: boolean; attempts: number; seconds: number | null }[]>`
    INSERT INTO "SignInThrottle" AS t ("key", "email", "source", "attempts", "lockedUntil", "lastAttemptAt")
    VALUES (${key}, ${email}, ${source}, 1, CASE WHEN ${rule.free}::int <= 1 THEN ${lockFor(Prisma.sql`1`)} END, ${at})
    ON CONFLICT ("key") DO UPDATE SET
      "lastRefused" = ${locked},
      "refused" = t."refused" + CASE WHEN ${locked} THEN 1 ELSE 0 END,
      "attempts" = CASE WHEN ${locked} THEN t."attempts" ELSE ${n} END,
      "lockedUntil" = CASE WHEN ${locked} THEN t."lockedUntil" WHEN ${n} >= ${rule.free}::int THEN ${lockFor(n)} END,
      "lastAttemptAt" = CASE WHEN ${locked} THEN t."lastAttemptAt" ELSE ${at} END
    RETURNING "lastRefused" AS refused, "attempts", CEIL(EXTRACT(EPOCH FROM ("lockedUntil" - ${at})))::int AS seconds`
  const row = rows[0]
  return { refused: row.refused, attempt: row.attempts, lockSeconds: Math.max(0, row.seconds ?? 0) }
}

export type AttemptVerdict =
  | { ok: true; /** This attempt started a lock on the account from this source (seconds; 0: none). */ accountLockSeconds: number; sourceLockSeconds: number }
  | { ok: false; code: 'THROTTLED' | 'LOCKED'; seconds: number }

/** Takes a place for one password attempt by `email` from `source`, or says why not (and for how long). */
export async function takeAttempt(email: string, source: string, now = new Date()): Promise<AttemptVerdict> {
  const bySource = await take(sourceKey(source), null, source, SOURCE_RULE, now)
  if (bySource.lockSeconds > 0) {
    // Refused, or the attempt that started the lock: either way the lock is now known here.
    if (sourceLocks.size > 10_000) sourceLocks.clear()
    sourceLocks.set(source, now.getTime() + bySource.lockSeconds * 1000)
  }
  if (bySource.refused) return { ok: false, code: 'THROTTLED', seconds: bySource.lockSeconds }
  const byAccount = await take(accountKey(email, source), email, source, ACCOUNT_RULE, now)
  if (byAccount.refused) return { ok: false, code: 'LOCKED', seconds: byAccount.lockSeconds }
  return { ok: true, accountLockSeconds: byAccount.lockSeconds, sourceLockSeconds: bySource.lockSeconds }
}

/** After the right password: the account's count from this source restarts, and the source gets its attempt back. */
export async function releaseAttempt(email: string, source: string) {
  await db.$executeRaw`DELETE FROM "SignInThrottle" WHERE "key" = ${accountKey(email, source)}`
  // A lock this very attempt started (the count was below the limit before it) is lifted too.
  const rows = await db.$queryRaw<{ locked: boolean }[]>`
    UPDATE "SignInThrottle" SET "attempts" = GREATEST("attempts" - 1, 0),
      "lockedUntil" = CASE WHEN "attempts" - 1 < ${SOURCE_RULE.free} THEN NULL ELSE "lockedUntil" END
    WHERE "key" = ${sourceKey(source)}
    RETURNING "lockedUntil" IS NOT NULL AS locked`
  if (!rows[0]?.locked) sourceLocks.delete(source)
}
