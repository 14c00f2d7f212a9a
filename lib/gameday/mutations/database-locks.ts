import 'server-only'
// The game-day "database locks" scenario: a real blocking transaction in a registered database.
// Session A opens a transaction and updates a row (orders id 1 when the database has an orders
// table, else an advisory lock) and then sits idle in its transaction; session B asks for the
// same row and waits. Both connect with the database's action role and are held by this app
// instance until game day stops them, or until someone ends A through the guarded remediation.
import pg from 'pg'
import { requireCan, type ActorContext } from '@/lib/actions/actor'
import { recordAudit } from '@/lib/audit/record'
import { connectionOf } from '@/lib/databases/queries'
import { db } from '@/lib/db/client'
import { AppError } from '@/lib/errors'
import { gameDayAvailable } from '../mutations'

type Held = { databaseId: string; name: string; a: pg.Client; b: pg.Client; startedAt: string; blockerPid: number; waiterPid: number }
const held = ((globalThis as unknown as { gameDayLocks?: Map<string, Held> }).gameDayLocks ??= new Map())

export type DatabaseLocksView = { databaseId: string; name: string; startedAt: string; blockerPid: number; waiterPid: number }

export function listDatabaseLocks(): DatabaseLocksView[] {
  return [...held.values()].map(({ a: _a, b: _b, ...v }) => v)
}

async function session(c: Awaited<ReturnType<typeof connectionOf>>['action'], app: string) {
  const client = new pg.Client({
    host: c.host,
    port: c.port,
    database: c.dbname,
    user: c.username,
    password: c.password,
    application_name: app,
    connectionTimeoutMillis: 5_000,
  })
  // Ended from outside (the point of the exercise): the socket closes under it.
  client.on('error', () => undefined)
  await client.connect()
  return client
}

export async function startDatabaseLocks(ctx: ActorContext, input: { databaseId: string }) {
  requireCan(ctx.actor, 'admin:gameday', 'Only an admin can run game day.')
  if (!gameDayAvailable()) throw new AppError('CONFLICT', 'Game day works only with the built-in simulator (the demo), not against real systems.')
  if (held.has(input.databaseId)) throw new AppError('CONFLICT', 'Database locks are already running on that database. Stop them first.')
  const target = await connectionOf(input.databaseId)
  let a: pg.Client | null = null
  let b: pg.Client | null = null
  try {
    a = await session(target.action, 'orders-api (game day)')
    b = await session(target.action, 'orders-worker (game day)')
    const table = (await a.query<{ t: string | null }>(`SELECT to_regclass('public.orders')::text AS t`)).rows[0].t
    const statement = table ? `UPDATE orders SET status = 'processing' WHERE id = 1` : `SELECT pg_advisory_xact_lock(424242)`
    await a.query('BEGIN')
    await a.query(statement)
    // B waits on A in autocommit: once A goes away (ended, or game day stops), B's update completes.
    void b.query(statement).catch(() => undefined)
  } catch (err) {
    await a?.end().catch(() => undefined)
    await b?.end().catch(() => undefined)
    throw new AppError('VALIDATION', `Could not start the locks on ${target.name}: ${err instanceof Error ? err.message : String(err)}`)
  }
  const started: Held = {
    databaseId: target.id,
    name: target.name,
    a,
    b,
    startedAt: new Date().toISOString(),
    blockerPid: (a as unknown as { processID: number }).processID,
    waiterPid: (b as unknown as { processID: number }).processID,
  }
  held.set(target.id, started)
  await db.$transaction((tx) =>
    recordAudit(tx, {
      action: 'gameday.database_locks.start',
      actor: ctx.actor,
      targetType: 'database',
      targetId: target.id,
      requestId: ctx.requestId,
      params: { database: target.name, blockerPid: started.blockerPid, waiterPid: started.waiterPid },
    }),
  )
  return { databaseId: target.id, blockerPid: started.blockerPid, waiterPid: started.waiterPid }
}

export async function stopDatabaseLocks(ctx: ActorContext, input: { databaseId: string }) {
  requireCan(ctx.actor, 'admin:gameday', 'Only an admin can run game day.')
  const h = held.get(input.databaseId)
  if (!h) throw new AppError('NOT_FOUND', 'No database locks are running on that database (in this app instance).')
  held.delete(input.databaseId)
  await h.a.query('ROLLBACK').catch(() => undefined)
  await Promise.all([h.a.end().catch(() => undefined), h.b.end().catch(() => undefined)])
  await db.$transaction((tx) =>
    recordAudit(tx, {
      action: 'gameday.database_locks.stop',
      actor: ctx.actor,
      targetType: 'database',
      targetId: h.databaseId,
      requestId: ctx.requestId,
      params: { database: h.name },
    }),
  )
  return { databaseId: h.databaseId }
}
