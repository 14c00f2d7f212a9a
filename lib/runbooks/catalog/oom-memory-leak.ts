import { sh } from '@/lib/commands/shell'
import { grepLogs, lastStoppedTask, memoryStats, shell, taskDefinitionResources } from '../templates'
import type { Runbook } from '../types'

export const oomMemoryLeak: Runbook = {
  id: 'oom-memory-leak',
  title: 'OOM kills and memory leaks',
  summary:
    'Tasks are killed for using more memory than their limit, or memory climbs steadily until they are. Buy time with a restart or more memory, then find what is holding on to it.',
  category: 'ecs',
  severityHint: 'SEV2',
  symptoms: [
    'Stopped tasks say "OutOfMemoryError: Container killed due to memory usage" or exit with code 137',
    'Memory utilization grows steadily between deployments (a saw-tooth that resets on each restart)',
    'A memory alarm fires above 90 %',
    'Tasks restart often under load, and requests fail while they do',
  ],
  matchers: {
    healthSignals: [
      { signal: 'stopped', pattern: 'OOM', example: '3 OOM kills in 10 min', weight: 14 },
      { signal: 'memory', example: 'memory 93%', weight: 10 },
    ],
    alarmPatterns: ['memory', 'oom'],
    keywords: [
      'oom',
      'oomkilled',
      'out of memory',
      'outofmemory',
      'memory',
      'high memory',
      'memory leak',
      'heap',
      'exit 137',
      'exit code 137',
      'memory usage',
      'killed',
    ],
  },
  steps: [
    {
      id: 'stopped-tasks',
      phase: 'diagnosis',
      kind: 'diagnostic',
      diagnostic: 'stopped_tasks',
      title: 'Confirm the tasks were killed for memory',
      detail: 'Look for the OutOfMemory reason or exit 137 on the essential container. A 137 without that reason can also be a SIGKILL after a slow shutdown.',
    },
    {
      id: 'memory-last-hour',
      phase: 'diagnosis',
      kind: 'diagnostic',
      diagnostic: 'memory_last_hour',
      title: 'See how memory moved over the last hour',
      detail:
        'A steady climb that resets on restart is a leak. A sudden jump with a traffic spike or one kind of request is a large request or an unbounded cache or batch.',
    },
    {
      id: 'task-definitions',
      phase: 'diagnosis',
      kind: 'diagnostic',
      diagnostic: 'task_definitions',
      title: 'Check the memory limits and whether they changed',
      detail: 'Compare the task memory and each container hard limit with the previous revision; a lowered limit or a new sidecar explains a sudden start.',
    },
    {
      id: 'error-logs',
      phase: 'diagnosis',
      kind: 'diagnostic',
      diagnostic: 'error_logs',
      params: { pattern: '?OutOfMemory ?"heap out of memory" ?"Cannot allocate" ?MemoryError ?ERROR' },
      title: 'Search the logs for memory errors',
      detail: 'Runtimes often log before the kernel kills them: "JavaScript heap out of memory", "java.lang.OutOfMemoryError", "MemoryError".',
    },
    {
      id: 'by-hand',
      phase: 'diagnosis',
      kind: 'manual',
      title: 'Read the limits and the trend yourself',
      commands: [
        lastStoppedTask,
        memoryStats,
        taskDefinitionResources,
        grepLogs('Memory errors in the last hour', '?OutOfMemory ?"heap out of memory" ?MemoryError'),
      ],
    },
    {
      id: 'heap-dumps',
      phase: 'diagnosis',
      kind: 'manual',
      optional: true,
      title: 'Collect heap dumps if the service writes them',
      detail: 'If the service is set up to dump its heap on OOM or on a signal, list the latest dumps and hand one to the owning team.',
      commands: [shell('Latest heap dumps (set HEAPDUMP_BUCKET)', () => 'aws s3 ls "s3://$HEAPDUMP_BUCKET/" --recursive | sort | tail -n 10')],
    },
    {
      id: 'restart',
      phase: 'resolution',
      kind: 'remediation',
      action: { kind: 'force_new_deployment' },
      title: 'Restart the tasks to release the memory',
      detail: 'Buys the time the leak takes to fill memory again; note that time, it tells you how soon to act next.',
    },
    {
      id: 'raise-memory',
      phase: 'resolution',
      kind: 'remediation',
      action: { kind: 'raise_memory', params: { factor: 2 } },
      title: 'Double the memory of the task',
      detail: 'A temporary measure (for example 1024 → 2048 MiB). Fargate only accepts certain CPU and memory pairs; raise CPU too if the size is not valid.',
    },
    {
      id: 'runtime-limit',
      phase: 'resolution',
      kind: 'manual',
      optional: true,
      title: 'Keep the runtime heap below the container limit',
      detail:
        'A runtime that does not know its limit grows past it and is killed instead of collecting garbage. For Node.js set NODE_OPTIONS=--max-old-space-size to about 75 % of the container memory in MiB; for the JVM use -XX:MaxRAMPercentage=75. GC logging helps find the leak later.',
    },
    {
      id: 'more-tasks',
      phase: 'resolution',
      kind: 'remediation',
      action: { kind: 'scale', params: { mode: 'multiply', multiplier: 2 } },
      title: 'Spread the load over more tasks',
      optional: true,
      when: 'If memory follows traffic rather than time (each task holds memory per request).',
    },
    {
      id: 'post-update',
      phase: 'resolution',
      kind: 'communication',
      update: 'update',
      title: 'Post the mitigation and how long it buys',
    },
    {
      id: 'deployment-steady',
      phase: 'verification',
      kind: 'verification',
      check: { kind: 'deployment_steady' },
      title: 'The new tasks are all in service',
    },
    {
      id: 'memory-below',
      phase: 'verification',
      kind: 'verification',
      check: { kind: 'metric_below', signal: 'memory', line: 'warning', forMinutes: 15 },
      title: 'Memory stays under 80 % for 15 minutes',
    },
    {
      id: 'no-oom',
      phase: 'verification',
      kind: 'diagnostic',
      diagnostic: 'stopped_tasks',
      title: 'No new OOM kills',
    },
    {
      id: 'leak-ticket',
      phase: 'follow_up',
      kind: 'manual',
      title: 'Find and fix the leak',
      detail:
        'Profile memory in staging under production-like load, compare heap snapshots taken some minutes apart, and look at caches without a size limit, listeners that are never removed, and buffers of whole request or file bodies. Keep the raised limit only until the fix ships.',
      commands: [
        shell(
          'Peak memory per hour over the last day (to time the leak)',
          (c) =>
            `${sh`aws cloudwatch get-metric-statistics --region ${c.region} --namespace AWS/ECS --metric-name MemoryUtilization --dimensions Name=ClusterName,Value=${c.cluster} Name=ServiceName,Value=${c.service}`} --statistics Maximum --period 3600 --start-time "$(date -u -d '-1 day' +%FT%TZ)" --end-time "$(date -u +%FT%TZ)" --query 'sort_by(Datapoints,&Timestamp)[].[Timestamp,Maximum]' --output table`,
        ),
      ],
    },
  ],
  related: ['crash-loop', 'high-cpu', 'service-slow'],
}
