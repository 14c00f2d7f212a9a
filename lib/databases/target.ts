// Connections to a registered PostgreSQL database (the "target"), never the app's own.
// One short-lived pg.Client per call: a connect timeout, a statement timeout, an
// application_name that says who is looking, and for diagnostics a read-only session.
// Not a data-layer module: it does not touch the app's database.
import pg from 'pg'

export type TargetConnection = { host: string; port: number; dbname: string; username: string; password: string }

export const CONNECT_TIMEOUT_MS = 5_000
export const STATEMENT_TIMEOUT_MS = 5_000
export const APPLICATION_NAME = 'incident-command diagnostics'

/** Why a database could not be read, in words a responder can act on. */
export class TargetUnreachable extends Error {
  name = 'TargetUnreachable'
}

const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err))

/** Runs `fn` on a fresh connection and closes it, whatever happens. Connection failures become TargetUnreachable. */
export async function withTarget<T>(c: TargetConnection, opts: { readOnly: boolean }, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({
    host: c.host,
    port: c.port,
    database: c.dbname,
    user: c.username,
    password: c.password,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    statement_timeout: STATEMENT_TIMEOUT_MS,
    query_timeout: STATEMENT_TIMEOUT_MS + 1_000,
    application_name: APPLICATION_NAME,
    ...(opts.readOnly ? { options: '-c default_transaction_read_only=on' } : {}),
  })
  // A dropped connection emits 'error' on the client; without a listener it would crash the process.
  client.on('error', () => undefined)
  try {
    await client.connect()
  } catch (err) {
    await client.end().catch(() => undefined)
    throw new TargetUnreachable(`could not connect to ${c.host}:${c.port}/${c.dbname} as ${c.username}: ${messageOf(err)}`)
  }
  try {
    return await fn(client)
  } finally {
    await client.end().catch(() => undefined)
  }
}

export type Session = {
  pid: number
  state: string | null
  user: string | null
  application: string | null
  client: string | null
  /** Seconds since the current query started (or, when idle in a transaction, since the transaction did). */
  querySeconds: number | null
  xactSeconds: number | null
  waitEvent: string | null
  query: string | null
  backendStart: string | null
}

export type BlockingEdge = {
  blockedPid: number
  blockedSeconds: number | null
  blockedQuery: string | null
  blockingPid: number
  blockingState: string | null
  blockingSeconds: number | null
  blockingXactSeconds: number | null
  blockingQuery: string | null
  blockingUser: string | null
  blockingBackendStart: string | null
}

const secs = (col: string) => `extract(epoch FROM (now() - ${col}))::float8`

/** Sessions in this database other than our own. */
const sessionsSql = `
SELECT pid, state, usename AS user, application_name AS application, client_addr::text AS client,
       ${secs('query_start')} AS "querySeconds", ${secs('xact_start')} AS "xactSeconds",
       CASE WHEN wait_event_type IS NULL THEN NULL ELSE wait_event_type || ':' || wait_event END AS "waitEvent",
       left(query, 500) AS query, backend_start::text AS "backendStart"
  FROM pg_stat_activity
 WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'`

export async function connectionsByState(client: pg.Client) {
  const max = Number((await client.query<{ max: string }>(`SELECT current_setting('max_connections') AS max`)).rows[0].max)
  const { rows } = await client.query<{ state: string; count: number }>(
    `SELECT coalesce(state, 'unknown') AS state, count(*)::int AS count FROM pg_stat_activity WHERE backend_type = 'client backend' GROUP BY 1 ORDER BY 2 DESC`,
  )
  return { max, byState: rows, total: rows.reduce((n, r) => n + r.count, 0) }
}

export async function longRunningQueries(client: pg.Client, minSeconds: number) {
  const { rows } = await client.query<Session>(
    `${sessionsSql} AND state = 'active' AND query_start < now() - make_interval(secs => $1) ORDER BY query_start LIMIT 20`,
    [minSeconds],
  )
  return rows
}

export async function idleInTransaction(client: pg.Client, minSeconds: number) {
  const { rows } = await client.query<Session>(
    `${sessionsSql} AND state LIKE 'idle in transaction%' AND state_change < now() - make_interval(secs => $1) ORDER BY xact_start LIMIT 20`,
    [minSeconds],
  )
  return rows
}

/** Who blocks whom: every waiting session paired with each session pg_blocking_pids() names. */
export async function blockingChains(client: pg.Client) {
  const { rows } = await client.query<BlockingEdge>(`
SELECT w.pid AS "blockedPid", ${secs('w.query_start')} AS "blockedSeconds", left(w.query, 500) AS "blockedQuery",
       b.pid AS "blockingPid", b.state AS "blockingState", ${secs('b.query_start')} AS "blockingSeconds",
       ${secs('b.xact_start')} AS "blockingXactSeconds", left(b.query, 500) AS "blockingQuery", b.usename AS "blockingUser",
       b.backend_start::text AS "blockingBackendStart"
  FROM pg_stat_activity w
  CROSS JOIN LATERAL unnest(pg_blocking_pids(w.pid)) AS bp(pid)
  JOIN pg_stat_activity b ON b.pid = bp.pid
 WHERE w.datname = current_database()
 ORDER BY w.query_start, b.pid
 LIMIT 100`)
  return rows
}

/** One session by pid, with what it blocks: what a cancel or terminate preview shows. */
export async function sessionByPid(client: pg.Client, pid: number) {
  const { rows } = await client.query<Session>(`${sessionsSql} AND pid = $1`, [pid])
  return rows[0] ?? null
}

/**
 * pg_cancel_backend / pg_terminate_backend on `pid`, only while it is still the same backend
 * (pids are reused): null when no such backend is there any more, else what Postgres answered.
 */
export async function signalBackend(client: pg.Client, how: 'cancel' | 'terminate', pid: number, backendStart: string) {
  const fn = how === 'cancel' ? 'pg_cancel_backend' : 'pg_terminate_backend'
  const { rows } = await client.query<{ ok: boolean }>(`SELECT ${fn}(pid) AS ok FROM pg_stat_activity WHERE pid = $1 AND backend_start::text = $2`, [
    pid,
    backendStart,
  ])
  return rows.length ? rows[0].ok : null
}
