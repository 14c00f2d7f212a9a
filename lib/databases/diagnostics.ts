import 'server-only'
// The PostgreSQL diagnostics of the runbooks, run for real on a registered database over a
// read-only session, shaped like the AWS diagnostics (lib/runbooks/diagnostics.ts) so they show
// and attach the same way. A database that cannot be read gives a result that says so
// (`unreachable`), never an empty table that would read as "nothing found".
import type { DiagnosticResult } from '@/lib/runbooks/diagnostics'
import { diagnosticKinds, type DatabaseDiagnosticKind, type DiagnosticParams } from '@/lib/runbooks/types'
import type { DatabaseTarget } from './queries'
import {
  blockingChains,
  connectionsByState,
  idleInTransaction,
  longRunningQueries,
  TargetUnreachable,
  withTarget,
  type BlockingEdge,
  type Session,
} from './target'

const age = (s: number | null) => (s == null ? null : s < 120 ? `${Math.round(s)} s` : s < 7200 ? `${Math.round(s / 60)} min` : `${(s / 3600).toFixed(1)} h`)
const oneLine = (q: string | null) => (q ? q.replace(/\s+/g, ' ').trim().slice(0, 200) : null)
const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err))

/** The heads of the chains: sessions that block others and wait for nobody, most blocking first. */
export function headsOf(edges: BlockingEdge[]): NonNullable<DiagnosticResult['blockers']> {
  const waiting = new Set(edges.map((e) => e.blockedPid))
  const heads = new Map<number, { pid: number; blocks: number; state: string | null; seconds: number | null; query: string | null }>()
  for (const e of edges) {
    if (waiting.has(e.blockingPid)) continue
    const h = heads.get(e.blockingPid) ?? {
      pid: e.blockingPid,
      blocks: 0,
      state: e.blockingState,
      seconds: e.blockingXactSeconds ?? e.blockingSeconds,
      query: oneLine(e.blockingQuery),
    }
    h.blocks += 1
    heads.set(e.blockingPid, h)
  }
  return [...heads.values()].sort((a, b) => b.blocks - a.blocks || a.pid - b.pid)
}

const sessionTable = (rows: Session[], ageOf: (s: Session) => number | null) => ({
  columns: ['pid', 'state', 'user', 'application', 'age', 'wait', 'query'],
  rows: rows.map((s) => [s.pid, s.state, s.user, s.application, age(ageOf(s)), s.waitEvent, oneLine(s.query)]),
})

export async function runDatabaseDiagnostic(
  kind: DatabaseDiagnosticKind,
  params: DiagnosticParams | undefined,
  target: DatabaseTarget,
): Promise<DiagnosticResult> {
  const base = {
    kind,
    title: diagnosticKinds[kind].title,
    service: `${target.name} (PostgreSQL)`,
    takenAt: new Date().toISOString(),
    database: { id: target.id, name: target.name },
  }
  const minSeconds = params?.minSeconds ?? 30
  try {
    return await withTarget(target.readOnly, { readOnly: true }, async (client): Promise<DiagnosticResult> => {
      switch (kind) {
        case 'pg_connections': {
          const c = await connectionsByState(client)
          const share = c.max ? Math.round((c.total / c.max) * 100) : null
          return {
            ...base,
            summary: `${c.total} of ${c.max} connections in use (${share}%): ${c.byState.map((s) => `${s.count} ${s.state}`).join(', ') || 'none'}`,
            table: { columns: ['state', 'sessions'], rows: c.byState.map((s) => [s.state, s.count]) },
          }
        }
        case 'pg_long_queries': {
          const rows = await longRunningQueries(client, minSeconds)
          return {
            ...base,
            summary: rows.length
              ? `${rows.length} statement(s) running longer than ${minSeconds} s; the oldest for ${age(rows[0].querySeconds)}`
              : `No statement has been running longer than ${minSeconds} s`,
            table: sessionTable(rows, (s) => s.querySeconds),
          }
        }
        case 'pg_idle_in_transaction': {
          const rows = await idleInTransaction(client, minSeconds)
          return {
            ...base,
            summary: rows.length
              ? `${rows.length} session(s) idle in a transaction for more than ${minSeconds} s; the oldest transaction is ${age(rows[0].xactSeconds)} old`
              : `No session idle in a transaction for more than ${minSeconds} s`,
            table: sessionTable(rows, (s) => s.xactSeconds),
          }
        }
        case 'pg_blocking_chains': {
          const edges = await blockingChains(client)
          const heads = headsOf(edges)
          const top = heads[0]
          return {
            ...base,
            summary: edges.length
              ? `${new Set(edges.map((e) => e.blockedPid)).size} session(s) waiting on a lock; pid ${top?.pid ?? '?'} (${top?.state ?? 'unknown'}, ${age(top?.seconds ?? null) ?? 'age unknown'}) blocks ${top?.blocks ?? 0}: ${top?.query ?? 'query unknown'}`
              : 'No session is waiting on a lock held by another',
            table: {
              columns: ['blocked pid', 'waiting', 'blocked query', 'blocking pid', 'blocking state', 'blocking for', 'blocking query'],
              rows: edges.map((e) => [
                e.blockedPid,
                age(e.blockedSeconds),
                oneLine(e.blockedQuery),
                e.blockingPid,
                e.blockingState,
                age(e.blockingXactSeconds ?? e.blockingSeconds),
                oneLine(e.blockingQuery),
              ]),
            },
            blockers: heads,
          }
        }
      }
    })
  } catch (err) {
    const why = err instanceof TargetUnreachable ? err.message : `the query failed: ${messageOf(err)}`
    return {
      ...base,
      unreachable: true,
      summary: `Could not read ${target.name}: ${why}. Nothing is known about its sessions.`,
      warnings: [`Not checked: ${why}`],
    }
  }
}
