// Game day's "database locks" on the demo target the launcher creates (scripts/lib/demo-database.ts):
// a real blocking transaction that the blocking-chain diagnostic finds, and that stopping releases.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import type { ActorContext } from '@/lib/actions/actor'
import { db } from '@/lib/db/client'
import { logger } from '@/lib/logger'
import { runDatabaseDiagnostic } from '@/lib/databases/diagnostics'
import { connectionOf } from '@/lib/databases/queries'
import { ensureDemoDatabase } from '@/scripts/lib/demo-database'
import { listDatabaseLocks, startDatabaseLocks, stopDatabaseLocks } from './mutations/database-locks'

// Game day runs only beside the simulator; the address is never called by this scenario.
vi.hoisted(() => {
  process.env.AWS_SIMULATOR_URL = 'http://127.0.0.1:9'
})

let admin: ActorContext
let databaseId: string

beforeAll(async () => {
  const user = await db.user.create({
    data: { email: 'gd@example.com', name: 'Gail', role: 'ADMIN' },
    select: { id: true, email: true, name: true, role: true },
  })
  admin = { actor: user, requestId: 'rq-gd', log: logger }
  await ensureDemoDatabase(process.env.DATABASE_URL!, db, process.env.DATABASE_CREDENTIALS_KEY!)
  // Idempotent: a second launcher start updates the row (new passwords) instead of failing.
  await ensureDemoDatabase(process.env.DATABASE_URL!, db, process.env.DATABASE_CREDENTIALS_KEY!)
  databaseId = (await db.registeredDatabase.findUniqueOrThrow({ where: { name: 'orders-db' } })).id
})

afterAll(async () => {
  for (const l of listDatabaseLocks()) await stopDatabaseLocks(admin, { databaseId: l.databaseId }).catch(() => undefined)
  await db.$disconnect()
})

describe('game day: database locks', () => {
  it('starts a real blocker the diagnostic finds, refuses a second start, and stops it', async () => {
    const started = await startDatabaseLocks(admin, { databaseId })
    await expect(startDatabaseLocks(admin, { databaseId })).rejects.toMatchObject({ code: 'CONFLICT' })
    const target = await connectionOf(databaseId)
    let result = await runDatabaseDiagnostic('pg_blocking_chains', undefined, target)
    for (let i = 0; i < 50 && !result.blockers?.length; i++) {
      await new Promise((r) => setTimeout(r, 50))
      result = await runDatabaseDiagnostic('pg_blocking_chains', undefined, target)
    }
    expect(result.blockers).toEqual([expect.objectContaining({ pid: started.blockerPid, blocks: 1, state: 'idle in transaction' })])
    expect(result.table!.rows[0][0]).toBe(started.waiterPid)
    expect(String(result.blockers![0].query)).toContain('UPDATE orders')
    expect(await db.auditEvent.count({ where: { action: 'gameday.database_locks.start', targetId: databaseId } })).toBe(1)

    await stopDatabaseLocks(admin, { databaseId })
    expect(listDatabaseLocks()).toEqual([])
    const after = await runDatabaseDiagnostic('pg_blocking_chains', undefined, target)
    expect(after).toMatchObject({ summary: 'No session is waiting on a lock held by another', blockers: [] })
  })
})
