import {
  blockingChains,
  blockingChainsByLocks,
  cancelBackend,
  grepLogs,
  longestQueries,
  psqlConnect,
  sql,
  terminateBackend,
  waitingOnLocks,
} from '../templates'
import type { Runbook } from '../types'

export const dbLockContention: Runbook = {
  id: 'db-lock-contention',
  title: 'Database lock contention',
  summary:
    'Queries hang or time out because they wait for locks another session holds. Find the session at the head of the chain, decide whether to cancel or end it, then fix the transaction, query or index behind it.',
  category: 'data',
  severityHint: 'SEV2',
  symptoms: [
    'Queries stuck or timing out, while database CPU looks normal',
    'Requests that write to the same rows or tables hang together',
    'Errors such as "lock timeout", "deadlock detected" or "canceling statement due to lock timeout"',
    'A migration or a long batch job is running',
  ],
  matchers: {
    healthSignals: [
      { signal: 'latency', example: 'latency 3000 ms', weight: 3 },
      { signal: 'errors', example: '5xx at 2%', weight: 1 },
    ],
    alarmPatterns: ['lock', 'deadlock', 'blocked', 'long-?running'],
    keywords: [
      'lock',
      'locking',
      'locked',
      'deadlock',
      'blocking query',
      'blocked query',
      'stuck queries',
      'queries stuck',
      'lock timeout',
      'long-running transaction',
      'long running transaction',
      'migration',
    ],
  },
  steps: [
    {
      id: 'access',
      phase: 'triage',
      kind: 'manual',
      title: 'Get someone with database access',
      detail:
        'Everything below needs a database session with enough rights to see other sessions (and to end them). If you do not have it, page the DBA or the owning team now.',
      commands: [psqlConnect],
    },
    {
      id: 'waiting',
      phase: 'diagnosis',
      kind: 'manual',
      title: 'List the sessions waiting on a lock',
      detail: 'A handful waiting for milliseconds is normal. Many sessions waiting for seconds, growing, is contention.',
      commands: [waitingOnLocks],
    },
    {
      id: 'blocking',
      phase: 'diagnosis',
      kind: 'manual',
      title: 'Find the blocking sessions',
      detail:
        'Look for the pid that appears as blocking_pid most often and is not itself blocked: the head of the chain. An "idle in transaction" head is an application that opened a transaction and went away; an active head is a long statement (often a migration or a batch update).',
      commands: [blockingChains, blockingChainsByLocks, longestQueries],
    },
    {
      id: 'error-logs',
      phase: 'diagnosis',
      kind: 'diagnostic',
      diagnostic: 'error_logs',
      params: { pattern: '?deadlock ?"lock timeout" ?"canceling statement" ?ERROR' },
      title: 'Look for lock errors in the application logs',
    },
    {
      id: 'latency',
      phase: 'diagnosis',
      kind: 'diagnostic',
      diagnostic: 'latency_last_hour',
      title: 'See how long requests have been waiting',
    },
    {
      id: 'cancel',
      phase: 'resolution',
      kind: 'manual',
      title: 'Cancel the blocking statement',
      when: 'If critical requests are blocked and the head is an active statement.',
      detail: 'Cancelling stops the statement but keeps the session; try it before ending the session.',
      caution: 'Its transaction rolls back. Never cancel a migration half-way without its owner: some leave the schema half changed.',
      commands: [cancelBackend],
    },
    {
      id: 'terminate',
      phase: 'resolution',
      kind: 'manual',
      title: 'End the blocking session',
      when: 'If cancelling did not release the locks, or the head is idle in a transaction.',
      caution: 'Ends the whole session and rolls back its transaction. Do it one pid at a time and re-run the blocking query after each.',
      commands: [terminateBackend, blockingChains],
    },
    {
      id: 'pause-jobs',
      phase: 'resolution',
      kind: 'manual',
      optional: true,
      title: 'Pause the batch job or migration that takes the locks',
      detail: 'Stop the scheduler or the one-off task that keeps taking the same locks, or the contention comes straight back.',
      commands: [grepLogs('Migration and job lines in the last hour', '?migration ?migrate ?job ?batch')],
    },
    {
      id: 'post-update',
      phase: 'resolution',
      kind: 'communication',
      update: 'update',
      title: 'Post what was blocking and what was ended',
    },
    {
      id: 'no-waiters',
      phase: 'verification',
      kind: 'manual',
      title: 'No session waits on a lock for long',
      commands: [waitingOnLocks],
    },
    {
      id: 'latency-below',
      phase: 'verification',
      kind: 'verification',
      check: { kind: 'metric_below', signal: 'latency', line: 'warning', forMinutes: 10 },
      title: 'Latency stays under 500 ms for 10 minutes',
    },
    {
      id: 'errors-below',
      phase: 'verification',
      kind: 'verification',
      check: { kind: 'metric_below', signal: 'error_rate', line: 'warning', forMinutes: 10 },
      title: 'Errors stay under 1 %',
    },
    {
      id: 'root-cause',
      phase: 'follow_up',
      kind: 'manual',
      title: 'Remove the cause',
      detail:
        'Usual causes: long transactions that hold locks while calling other services, missing indexes that make updates scan and lock many rows, and migrations that rewrite a large table. Keep transactions short, add the index, run heavy migrations in small batches or with lock_timeout set.',
      commands: [
        sql(
          'Guard a migration: give up instead of queueing behind other locks',
          `SET lock_timeout = '5s';
SET statement_timeout = '15min';
-- then run the migration statement`,
        ),
      ],
    },
  ],
  related: ['db-connection-pool-exhausted', 'database-performance', 'service-slow'],
}
