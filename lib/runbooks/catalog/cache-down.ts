import { sh } from '@/lib/commands/shell'
import { dbMetric, grepLogs, redisPing, replicationGroup, shell, taskNetworking, variable } from '../templates'
import type { Runbook } from '../types'

const cacheMetric = (label: string, metric: string) =>
  shell(
    label,
    (c) =>
      `${sh`aws cloudwatch get-metric-statistics --region ${c.region} --namespace AWS/ElastiCache --metric-name ${metric}`} --dimensions Name=CacheClusterId,Value=${variable('REDIS_NODE_ID')} --statistics Average Maximum --period 300 --start-time "$(date -u -d '-1 hour' +%FT%TZ)" --end-time "$(date -u +%FT%TZ)" --query 'sort_by(Datapoints,&Timestamp)[].[Timestamp,Average,Maximum]' --output table`,
  )

export const cacheDown: Runbook = {
  id: 'cache-down',
  title: 'Cache down (Redis / ElastiCache)',
  summary:
    'The application cannot reach Redis, or every lookup misses. The database takes the full load and everything slows down. Confirm what the cache cluster is doing, fail over or restart it, or run without the cache while it recovers.',
  category: 'data',
  severityHint: 'SEV3',
  symptoms: [
    'Errors such as ECONNREFUSED or "Redis connection timeout" in the logs',
    'Cache miss rate at or near 100 %',
    'Database load and response times jump together',
    'The ElastiCache cluster shows a node failing, rebooting or being replaced',
  ],
  matchers: {
    healthSignals: [{ signal: 'latency', example: 'latency 900 ms', weight: 2 }],
    alarmPatterns: ['redis', 'elasticache', 'cache', 'evictions', 'valkey'],
    keywords: [
      'redis',
      'elasticache',
      'valkey',
      'memcached',
      'econnrefused',
      'cache down',
      'cache miss',
      'cache hit rate',
      'cache unavailable',
      'cache timeout',
    ],
  },
  steps: [
    {
      id: 'error-logs',
      phase: 'diagnosis',
      kind: 'diagnostic',
      diagnostic: 'error_logs',
      params: { pattern: '?Redis ?redis ?ECONNREFUSED ?ETIMEDOUT ?"Connection reset"' },
      title: 'Find the cache errors in the service logs',
      detail: 'Refused connections: nothing listens (node down, wrong endpoint). Timeouts: reachable but overloaded, or a security group drops the packets.',
    },
    {
      id: 'cluster-status',
      phase: 'diagnosis',
      kind: 'manual',
      title: 'Check the cache cluster and its nodes',
      detail: 'Look for a status other than "available", a node being replaced, or a failover in the ElastiCache events.',
      commands: [
        replicationGroup,
        shell(
          'Nodes and their endpoints',
          (c) => `${sh`aws elasticache describe-cache-clusters --region ${c.region} --cache-cluster-id`} ${variable('REDIS_NODE_ID')} --show-cache-node-info`,
        ),
        shell('ElastiCache events of the last 2 hours', (c) => sh`aws elasticache describe-events --region ${c.region} --duration 120`),
      ],
    },
    {
      id: 'connectivity',
      phase: 'diagnosis',
      kind: 'manual',
      title: 'Test the connection from where the application runs',
      detail:
        'From a task (ECS Exec) or a host in the same subnets. PONG means the cache is reachable and the problem is in the client configuration or its pool.',
      commands: [redisPing, taskNetworking],
    },
    {
      id: 'cache-metrics',
      phase: 'diagnosis',
      kind: 'manual',
      title: 'Look at the cache load',
      detail: 'Engine CPU near 100 %, memory full with many evictions, or connections at the node limit each explain timeouts.',
      commands: [
        cacheMetric('Engine CPU (set REDIS_NODE_ID)', 'EngineCPUUtilization'),
        cacheMetric('Memory used (%)', 'DatabaseMemoryUsagePercentage'),
        cacheMetric('Evictions', 'Evictions'),
        cacheMetric('Client connections', 'CurrConnections'),
        cacheMetric('Hit rate', 'CacheHitRate'),
      ],
    },
    {
      id: 'db-load',
      phase: 'diagnosis',
      kind: 'manual',
      title: 'Check how much extra load the database is taking',
      detail: 'With the cache gone every read hits the database; watch its CPU so a cache incident does not turn into a database one.',
      commands: [dbMetric('Database CPU (set DB_INSTANCE_ID)', 'CPUUtilization')],
    },
    {
      id: 'latency',
      phase: 'diagnosis',
      kind: 'diagnostic',
      diagnostic: 'latency_last_hour',
      title: 'See the effect on response times',
    },
    {
      id: 'failover',
      phase: 'resolution',
      kind: 'manual',
      title: 'Fail over to a replica',
      when: 'If the primary node is unhealthy and the replication group has replicas with automatic failover.',
      detail: 'Promotes a replica; clients that resolve the primary endpoint follow within about a minute.',
      commands: [
        shell(
          'Fail over a shard (set REDIS_GROUP_ID; shard 0001 when not clustered)',
          (c) => `${sh`aws elasticache test-failover --region ${c.region} --replication-group-id`} ${variable('REDIS_GROUP_ID')} --node-group-id 0001`,
        ),
      ],
    },
    {
      id: 'reboot',
      phase: 'resolution',
      kind: 'manual',
      optional: true,
      title: 'Reboot the cache node (last resort)',
      caution: 'A node without persistence comes back empty: expect a cold cache and a load spike on the database.',
      commands: [
        shell(
          'Reboot one node',
          (c) =>
            `${sh`aws elasticache reboot-cache-cluster --region ${c.region} --cache-cluster-id`} ${variable('REDIS_NODE_ID')} --cache-node-ids-to-reboot 0001`,
        ),
      ],
    },
    {
      id: 'bypass',
      phase: 'resolution',
      kind: 'manual',
      optional: true,
      title: 'Run without the cache for a while',
      when: 'If the application supports it (a flag such as CACHE_ENABLED=false) and the database can take the load.',
      detail: 'Set the flag in the task definition and deploy; add database read capacity first if it is already busy.',
    },
    {
      id: 'restart-clients',
      phase: 'resolution',
      kind: 'remediation',
      action: { kind: 'force_new_deployment' },
      title: 'Restart the tasks so they reconnect',
      optional: true,
      when: 'If the cache is healthy again but the tasks keep failing (clients holding dead connections or an old endpoint).',
    },
    {
      id: 'post-update',
      phase: 'resolution',
      kind: 'communication',
      update: 'update',
      title: 'Post the cache state and the effect on users',
    },
    {
      id: 'ping-again',
      phase: 'verification',
      kind: 'manual',
      title: 'Redis answers PONG and the hit rate recovers',
      detail: 'The hit rate climbs back as the cache warms; warm it up if the service has a warm-up job.',
      commands: [redisPing, grepLogs('Cache errors in the last 10 minutes', '?Redis ?redis ?ECONNREFUSED', 10)],
    },
    {
      id: 'latency-below',
      phase: 'verification',
      kind: 'verification',
      check: { kind: 'metric_below', signal: 'latency', line: 'warning', forMinutes: 10 },
      title: 'Latency stays under 500 ms',
    },
    {
      id: 'errors-below',
      phase: 'verification',
      kind: 'verification',
      check: { kind: 'metric_below', signal: 'error_rate', line: 'warning', forMinutes: 10 },
      title: 'Errors stay under 1 %',
    },
    {
      id: 'follow-up',
      phase: 'follow_up',
      kind: 'manual',
      title: 'Make the next cache failure smaller',
      detail:
        'Replicas with automatic failover, client timeouts short enough to fall back to the database, alarms on evictions and engine CPU, and a review of the eviction policy if the hit rate keeps dropping.',
    },
  ],
  related: ['service-slow', 'database-performance', 'high-error-rate'],
}
