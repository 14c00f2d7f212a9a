import { sh } from '@/lib/commands/shell'
import { connectionLimit, dbInstance, dbMetric, longestQueries, psqlConnect, shell, sql, variable } from '../templates'
import type { Runbook } from '../types'

export const databasePerformance: Runbook = {
  id: 'database-performance',
  title: 'Database slow or under pressure',
  summary:
    'The database itself is the bottleneck: CPU high, reads or writes slow, disk I/O saturated or storage almost full. Find the statements that cost the most, spread reads, and add capacity while the queries get fixed.',
  category: 'data',
  severityHint: 'SEV3',
  symptoms: [
    'Database CPU above 80 %, often on the read replicas',
    'Read or write latency above 100 ms; queries above 200 ms that used to be fast',
    'Disk I/O spikes or the free storage space keeps falling',
    'Application timeouts on database calls while the application tasks look idle',
  ],
  matchers: {
    healthSignals: [{ signal: 'latency', example: 'latency 800 ms', weight: 3 }],
    alarmPatterns: ['rds', 'aurora', 'db-?cpu', 'database', 'replica-?lag', 'free-?storage', 'disk', 'iops', 'read-?latency', 'write-?latency'],
    keywords: [
      'database',
      'db cpu',
      'rds',
      'aurora',
      'postgres',
      'slow query',
      'slow queries',
      'query latency',
      'replica',
      'replica lag',
      'disk full',
      'storage full',
      'iops',
      'performance insights',
      'missing index',
    ],
  },
  steps: [
    {
      id: 'instance',
      phase: 'diagnosis',
      kind: 'manual',
      title: 'Check the instance and its load',
      detail:
        'CPU, read and write latency, I/O, free storage and connections over the last hour. Above 80 % CPU on reads means too few replicas or an expensive query.',
      commands: [
        dbInstance,
        dbMetric('CPU (set DB_INSTANCE_ID)', 'CPUUtilization'),
        dbMetric('Read latency (seconds)', 'ReadLatency'),
        dbMetric('Write latency (seconds)', 'WriteLatency'),
        dbMetric('Read operations per second', 'ReadIOPS'),
        dbMetric('Free storage (bytes)', 'FreeStorageSpace'),
      ],
    },
    {
      id: 'top-statements',
      phase: 'diagnosis',
      kind: 'manual',
      title: 'Find the statements that cost the most',
      detail:
        'Performance Insights shows the top statements by load and what they wait on (CPU, I/O, locks). From psql, pg_stat_statements gives the same ranking if the extension is enabled.',
      commands: [
        psqlConnect,
        sql(
          'Statements by total time (needs pg_stat_statements)',
          `SELECT round(total_exec_time) AS total_ms, calls, round(mean_exec_time::numeric, 1) AS mean_ms, rows, left(query, 150) AS query
FROM pg_stat_statements
ORDER BY total_exec_time DESC
LIMIT 15;`,
        ),
        longestQueries,
        connectionLimit,
      ],
    },
    {
      id: 'long-queries-live',
      phase: 'diagnosis',
      kind: 'diagnostic',
      diagnostic: 'pg_long_queries',
      params: { minSeconds: 30 },
      title: 'List the statements running longer than 30 s, live',
      detail: 'Runs on a registered database over its read-only role.',
    },
    {
      id: 'wait-events',
      phase: 'diagnosis',
      kind: 'manual',
      title: 'See what active sessions wait on',
      detail: 'Mostly Lock: see lock contention. Mostly IO: queries read too much (missing indexes, bloated tables). No wait (CPU): expensive queries.',
      commands: [
        sql(
          'Active sessions by wait event',
          `SELECT coalesce(wait_event_type, 'CPU') AS waiting_on, wait_event, count(*) AS sessions
FROM pg_stat_activity
WHERE state = 'active'
GROUP BY 1, 2
ORDER BY sessions DESC;`,
        ),
      ],
    },
    {
      id: 'storage',
      phase: 'diagnosis',
      kind: 'manual',
      optional: true,
      title: 'Find what fills the storage',
      when: 'If free storage is low.',
      commands: [
        sql(
          'Largest tables with their indexes',
          `SELECT relname AS table_name, pg_size_pretty(pg_total_relation_size(relid)) AS total_size, n_dead_tup AS dead_rows
FROM pg_stat_user_tables
ORDER BY pg_total_relation_size(relid) DESC
LIMIT 15;`,
        ),
      ],
    },
    {
      id: 'app-latency',
      phase: 'diagnosis',
      kind: 'diagnostic',
      diagnostic: 'latency_last_hour',
      title: 'See what the application feels',
    },
    {
      id: 'kill-runaway',
      phase: 'resolution',
      kind: 'manual',
      optional: true,
      title: 'Stop a runaway statement',
      when: 'If one statement dominates the load and is not essential (a report, an ad-hoc query).',
      caution: 'Its transaction rolls back.',
      commands: [sql('Cancel it (put the pid in)', 'SELECT pg_cancel_backend(<pid>);')],
    },
    {
      id: 'replicas',
      phase: 'resolution',
      kind: 'manual',
      optional: true,
      title: 'Add read replicas for read pressure',
      when: 'If the replicas (or the primary, without replicas) are busy with reads.',
      commands: [
        shell(
          'Create a replica (set NEW_REPLICA_ID)',
          (c) =>
            `${sh`aws rds create-db-instance-read-replica --region ${c.region}`} --db-instance-identifier "$NEW_REPLICA_ID" --source-db-instance-identifier ${variable('DB_INSTANCE_ID')}`,
        ),
      ],
    },
    {
      id: 'scale-instance',
      phase: 'resolution',
      kind: 'manual',
      optional: true,
      title: 'Move to a larger instance class or add storage',
      caution: 'A class change restarts the instance (a failover with Multi-AZ); schedule it unless the incident needs it now.',
      commands: [
        shell(
          'Change class or storage now (set DB_CLASS, e.g. db.r6g.xlarge, and STORAGE_GIB)',
          (c) =>
            `${sh`aws rds modify-db-instance --region ${c.region} --db-instance-identifier`} ${variable('DB_INSTANCE_ID')} --db-instance-class "$DB_CLASS" --allocated-storage "$STORAGE_GIB" --apply-immediately`,
        ),
      ],
    },
    {
      id: 'index',
      phase: 'resolution',
      kind: 'manual',
      optional: true,
      title: 'Add the missing index',
      detail: 'Check the plan of the top statement with EXPLAIN (ANALYZE, BUFFERS) on a replica; build the index without blocking writes.',
      commands: [sql('Build an index without locking the table for writes', 'CREATE INDEX CONCURRENTLY idx_table_column ON table_name (column_name);')],
    },
    {
      id: 'post-update',
      phase: 'resolution',
      kind: 'communication',
      update: 'update',
      title: 'Post the bottleneck found and the change made',
    },
    {
      id: 'latency-below',
      phase: 'verification',
      kind: 'verification',
      check: { kind: 'metric_below', signal: 'latency', line: 'warning', forMinutes: 15 },
      title: 'Application latency under 500 ms for 15 minutes',
    },
    {
      id: 'errors-below',
      phase: 'verification',
      kind: 'verification',
      check: { kind: 'metric_below', signal: 'error_rate', line: 'warning', forMinutes: 15 },
      title: 'Errors under 1 %',
    },
    {
      id: 'follow-up',
      phase: 'follow_up',
      kind: 'manual',
      title: 'Fix the queries and plan capacity',
      detail: 'Optimise the top statements, remove N+1 patterns, archive old data, alarm on free storage and replica lag, and review the trend weekly.',
    },
  ],
  related: ['db-lock-contention', 'db-connection-pool-exhausted', 'service-slow', 'dynamodb-throttling'],
}
