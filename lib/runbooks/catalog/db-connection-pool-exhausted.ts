import {
  connectionCount,
  connectionLimit,
  connectionsByState,
  dbMetric,
  grepLogs,
  longestQueries,
  psqlConnect,
  sql,
  taskDefinitionResources,
} from '../templates'
import type { Runbook } from '../types'

export const dbConnectionPoolExhausted: Runbook = {
  id: 'db-connection-pool-exhausted',
  title: 'Database connection pool exhausted',
  summary:
    'The application cannot get a database connection: the pool is full or the database refuses new connections. Free connections held by idle or runaway sessions, reset the pools with a restart, then fix the pool size or the leak.',
  category: 'data',
  severityHint: 'SEV2',
  symptoms: [
    'Errors such as "too many connections", "remaining connection slots are reserved" or "timeout acquiring a connection from the pool"',
    'Requests slow down, then time out on database calls',
    'The connection-pool metrics sit at their maximum',
    'The database connection count is high or at max_connections',
  ],
  matchers: {
    healthSignals: [
      { signal: 'latency', example: 'latency 2400 ms', weight: 2 },
      { signal: 'errors', example: '5xx at 4%', weight: 2 },
    ],
    alarmPatterns: ['db-?conn', 'database-?conn', 'connections?-?(high|exhausted|max)', 'rds.*conn', 'pool'],
    keywords: [
      'too many connections',
      'connection pool',
      'pool exhausted',
      'max_connections',
      'connection slots',
      'database connections',
      'db connections',
      'acquire connection',
      'pool timeout',
    ],
  },
  steps: [
    {
      id: 'error-logs',
      phase: 'diagnosis',
      kind: 'diagnostic',
      diagnostic: 'error_logs',
      params: { pattern: '?"too many connections" ?"connection slots" ?"pool" ?timeout ?ERROR' },
      title: 'Confirm the errors are about connections',
    },
    {
      id: 'db-connections',
      phase: 'diagnosis',
      kind: 'manual',
      title: 'Count the connections and what they are doing',
      detail:
        'Needs database access. Compare the count with max_connections. Many "idle" sessions mean pools keep more connections open than they use; many "idle in transaction" mean code that opens a transaction and does not finish it; many "active" with long durations mean slow queries holding connections.',
      commands: [psqlConnect, connectionCount, connectionLimit, connectionsByState, longestQueries],
    },
    {
      id: 'connections-live',
      phase: 'diagnosis',
      kind: 'diagnostic',
      diagnostic: 'pg_connections',
      title: 'Count connections by state, live',
      detail: 'Runs on a registered database over its read-only role, against max_connections.',
    },
    {
      id: 'who-connects',
      phase: 'diagnosis',
      kind: 'manual',
      title: 'See which applications hold the connections',
      detail:
        'Pools multiply: tasks × pool size per task must stay below max_connections with room for admins and migrations. A scale-out can exhaust the database by itself.',
      commands: [
        sql(
          'Connections per application and client',
          `SELECT application_name, usename, client_addr, state, count(*) AS connections
FROM pg_stat_activity
GROUP BY application_name, usename, client_addr, state
ORDER BY connections DESC
LIMIT 20;`,
        ),
        dbMetric('Database connections over the last hour (set DB_INSTANCE_ID)', 'DatabaseConnections'),
      ],
    },
    {
      id: 'service-status',
      phase: 'diagnosis',
      kind: 'diagnostic',
      diagnostic: 'service_status',
      title: 'Check whether the service scaled out recently',
      detail: 'More tasks means more pools; a doubled desired count doubles the connections.',
    },
    {
      id: 'kill-idle',
      phase: 'resolution',
      kind: 'manual',
      title: 'End sessions that have been idle for more than 10 minutes',
      caution: 'Pools that do not check connections before use will hand out a dead one once; expect a few errors as they reconnect.',
      commands: [
        sql(
          'End idle sessions older than 10 minutes',
          `SELECT pid, usename, application_name, pg_terminate_backend(pid) AS ended
FROM pg_stat_activity
WHERE state = 'idle'
  AND now() - state_change > interval '10 minutes'
  AND pid <> pg_backend_pid();`,
        ),
        sql(
          'End sessions stuck "idle in transaction" for more than 5 minutes',
          `SELECT pid, usename, application_name, pg_terminate_backend(pid) AS ended
FROM pg_stat_activity
WHERE state = 'idle in transaction'
  AND now() - state_change > interval '5 minutes';`,
        ),
      ],
    },
    {
      id: 'kill-long',
      phase: 'resolution',
      kind: 'manual',
      optional: true,
      title: 'End statements running longer than 5 minutes',
      caution:
        'Their transactions roll back. Check the list first (the longest-running query above) and leave out migrations, backups and batch jobs that are expected to run long.',
      commands: [
        sql(
          'End active statements older than 5 minutes',
          `SELECT pid, usename, now() - query_start AS running_for, pg_terminate_backend(pid) AS ended
FROM pg_stat_activity
WHERE state <> 'idle'
  AND now() - query_start > interval '5 minutes'
  AND pid <> pg_backend_pid();`,
        ),
      ],
    },
    {
      id: 'restart',
      phase: 'resolution',
      kind: 'remediation',
      action: { kind: 'force_new_deployment' },
      title: 'Restart the tasks to reset their pools',
      detail: 'New tasks open fresh pools; the old connections close as the old tasks stop.',
    },
    {
      id: 'pool-size',
      phase: 'resolution',
      kind: 'manual',
      optional: true,
      title: 'Raise the pool size for a while',
      when: 'If the pool is simply too small for the load and the database has room.',
      detail:
        'Change the pool setting (for example a MAX_DB_CONNECTIONS variable from 20 to 30) in the task definition and deploy. Check that tasks × pool size stays below max_connections.',
      commands: [taskDefinitionResources, grepLogs('Pool timeouts in the last hour', '?"pool" ?"acquire"')],
    },
    {
      id: 'post-update',
      phase: 'resolution',
      kind: 'communication',
      update: 'update',
      title: 'Post what was freed and what you watch',
    },
    {
      id: 'errors-below',
      phase: 'verification',
      kind: 'verification',
      check: { kind: 'metric_below', signal: 'error_rate', line: 'warning', forMinutes: 10 },
      title: 'Errors stay under 1 % for 10 minutes',
    },
    {
      id: 'latency-below',
      phase: 'verification',
      kind: 'verification',
      check: { kind: 'metric_below', signal: 'latency', line: 'warning', forMinutes: 10 },
      title: 'Latency stays under 500 ms',
    },
    {
      id: 'count-again',
      phase: 'verification',
      kind: 'manual',
      title: 'Count connections again after 10 minutes',
      detail: 'A count that climbs back towards the limit means a leak that will exhaust the pool again.',
      commands: [connectionLimit, connectionsByState],
    },
    {
      id: 'prevent',
      phase: 'follow_up',
      kind: 'manual',
      title: 'Prevent it',
      detail:
        'Alert on pool usage and on database connections; set statement and idle-in-transaction timeouts; fix slow queries and add indexes; send read-heavy traffic to read replicas; consider RDS Proxy or PgBouncer when many tasks share one database.',
      commands: [
        sql(
          'Timeouts that stop sessions from holding connections (per role; set the role name)',
          `ALTER ROLE app_user SET idle_in_transaction_session_timeout = '60s';
ALTER ROLE app_user SET statement_timeout = '30s';`,
        ),
      ],
    },
  ],
  related: ['db-lock-contention', 'database-performance', 'service-slow', 'high-error-rate'],
}
