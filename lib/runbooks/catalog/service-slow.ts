import {
  blockingChains,
  cpuStats,
  dbMetric,
  memoryStats,
  psqlConnect,
  redisPing,
  scalingActivities,
  shell,
  suspendScaleIn,
  targetLatency,
  waitingOnLocks,
} from '../templates'
import type { Runbook } from '../types'

export const serviceSlow: Runbook = {
  id: 'service-slow',
  title: 'Service is slow',
  summary:
    'Requests succeed but take too long (over 500 ms, critical over 1000 ms). Work down the usual causes in order: a cold cache, tasks short of CPU or memory, read replicas out of CPU, queries waiting on locks.',
  category: 'traffic',
  severityHint: 'SEV3',
  symptoms: [
    'Response times above 500 ms, or above 1000 ms',
    'Pages load slowly but do load; few errors',
    'A sudden rise in traffic, or slowness right after a deploy or a cache flush',
    'The cache hit rate has dropped',
    'One endpoint is much slower than the others',
  ],
  matchers: {
    healthSignals: [
      { signal: 'latency', example: 'latency 1200 ms', weight: 13 },
      { signal: 'cpu', example: 'CPU 78%', weight: 3 },
    ],
    alarmPatterns: ['latency', 'response-?time', 'slow', '-p9\\d'],
    keywords: [
      'slow',
      'slowness',
      'latency',
      'sluggish',
      'response time',
      'cache cold',
      'cold cache',
      'cache warm',
      'warm up',
      'read replica',
      'performance',
      'takes long',
      'n+1',
    ],
  },
  steps: [
    {
      id: 'latency',
      phase: 'diagnosis',
      kind: 'diagnostic',
      diagnostic: 'latency_last_hour',
      title: 'See how slow and since when',
      detail: 'A sudden step points at a change (release, cache flush, failover); a steady climb at load or data growth.',
    },
    {
      id: 'cache-warm',
      phase: 'diagnosis',
      kind: 'manual',
      title: 'Check whether the cache is warm',
      detail:
        'After a deploy, a cache restart or a failover the cache starts empty and every request goes to the database. A hit rate near zero that climbs slowly means cold; near zero and flat means the cache is not being used (see the cache runbook).',
      commands: [
        redisPing,
        shell('Cache hit and miss counters', () => 'redis-cli -h "$REDIS_HOST" -p 6379 info stats | grep -E "keyspace_(hits|misses)|evicted_keys"'),
      ],
    },
    {
      id: 'warm-cache',
      phase: 'diagnosis',
      kind: 'manual',
      optional: true,
      title: 'Warm the cache if it is cold',
      when: 'If the hit rate is low after a restart or flush.',
      detail:
        'Run the service’s warm-up job or script if it has one, or request the most visited pages and the most used API calls; then watch the hit rate and latency recover.',
    },
    {
      id: 'cpu',
      phase: 'diagnosis',
      kind: 'diagnostic',
      diagnostic: 'cpu_last_hour',
      title: 'Check whether the tasks run out of CPU',
    },
    {
      id: 'memory',
      phase: 'diagnosis',
      kind: 'diagnostic',
      diagnostic: 'memory_last_hour',
      title: 'Check whether the tasks run out of memory',
      detail: 'Memory near the limit causes long garbage-collection pauses before it causes OOM kills.',
    },
    {
      id: 'scaling',
      phase: 'diagnosis',
      kind: 'manual',
      title: 'Check whether auto scaling kept up',
      commands: [scalingActivities, cpuStats, memoryStats, targetLatency],
    },
    {
      id: 'replica-cpu',
      phase: 'diagnosis',
      kind: 'manual',
      title: 'Check the database and its read replicas',
      detail:
        'Replicas above 80 % CPU on reads mean too few replicas for the read load. Also look at Performance Insights for the statements taking the most time.',
      commands: [
        dbMetric('CPU of a read replica (set DB_REPLICA_ID)', 'CPUUtilization', 'DB_REPLICA_ID'),
        dbMetric('Replica lag in seconds (set DB_REPLICA_ID)', 'ReplicaLag', 'DB_REPLICA_ID'),
        dbMetric('Primary CPU (set DB_INSTANCE_ID)', 'CPUUtilization'),
        dbMetric('Primary read latency in seconds', 'ReadLatency'),
      ],
    },
    {
      id: 'locks',
      phase: 'diagnosis',
      kind: 'manual',
      title: 'Check for queries waiting on locks',
      detail:
        'Needs database access; ask a DBA if you do not have it. Sessions waiting on a lock for more than a few seconds mean lock contention: switch to that runbook.',
      commands: [psqlConnect, waitingOnLocks, blockingChains],
    },
    {
      id: 'one-endpoint',
      phase: 'diagnosis',
      kind: 'manual',
      optional: true,
      title: 'If one endpoint is slow, look at its queries',
      detail:
        'A single slow endpoint is usually a slow query, a missing index or N+1 queries (one query per item of a list). Profile it and check the plans with EXPLAIN ANALYZE.',
      commands: [
        {
          label: 'Logs Insights: slowest requests (needs a duration field in the access log)',
          lang: 'logs-insights',
          text: `fields @timestamp, path, duration
| filter ispresent(duration)
| stats avg(duration) as avg_ms, max(duration) as max_ms, count() as hits by path
| sort avg_ms desc
| limit 20`,
        },
      ],
    },
    {
      id: 'scale-out',
      phase: 'resolution',
      kind: 'remediation',
      action: { kind: 'scale', params: { mode: 'multiply', multiplier: 2 } },
      title: 'Add tasks',
      when: 'If the tasks are short of CPU or memory.',
      detail: 'Older playbooks went straight to a large fixed count (15); doubling and watching is usually enough and cheaper.',
    },
    {
      id: 'hold-scale-in',
      phase: 'resolution',
      kind: 'manual',
      title: 'Keep auto scaling from removing the new tasks',
      commands: [suspendScaleIn],
    },
    {
      id: 'more-replicas',
      phase: 'resolution',
      kind: 'manual',
      optional: true,
      when: 'If the read replicas are the bottleneck.',
      title: 'Add read replicas',
      detail:
        'A new replica takes several minutes to be ready. For Aurora, add reader instances to the cluster; for RDS, create replicas of the primary. Earlier runbooks allowed up to 15.',
      commands: [
        shell(
          'Add an RDS read replica (set DB_INSTANCE_ID and NEW_REPLICA_ID)',
          () => 'aws rds create-db-instance-read-replica --db-instance-identifier "$NEW_REPLICA_ID" --source-db-instance-identifier "$DB_INSTANCE_ID"',
        ),
      ],
    },
    {
      id: 'post-update',
      phase: 'resolution',
      kind: 'communication',
      update: 'update',
      title: 'Post the cause found and the change made',
    },
    {
      id: 'latency-below',
      phase: 'verification',
      kind: 'verification',
      check: { kind: 'metric_below', signal: 'latency', line: 'warning', forMinutes: 10 },
      title: 'Latency stays under 500 ms for 10 minutes',
    },
    {
      id: 'cpu-below',
      phase: 'verification',
      kind: 'verification',
      check: { kind: 'metric_below', signal: 'cpu', line: 'warning', forMinutes: 10 },
      title: 'CPU stays under 70 %',
    },
    {
      id: 'follow-up',
      phase: 'follow_up',
      kind: 'manual',
      title: 'Fix the cause',
      detail:
        'Indexes and query fixes for slow statements, a warm-up step in the deploy, auto scaling targets that react sooner, and a look at cache eviction if the hit rate keeps falling. Turn scale-in back on.',
    },
  ],
  related: ['high-cpu', 'db-lock-contention', 'database-performance', 'cache-down', 'db-connection-pool-exhausted'],
}
