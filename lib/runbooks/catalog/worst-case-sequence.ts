import { sh } from '@/lib/commands/shell'
import { healthUrlAnswers, invalidateCdn, shell, variable } from '../templates'
import type { Runbook } from '../types'

export const worstCaseSequence: Runbook = {
  id: 'worst-case-sequence',
  title: 'Worst case: restart everything, one layer at a time',
  summary:
    'Nothing else has worked. Restart the database, then the tasks, then clear the caches, and after each step watch for five full minutes before doing anything else, so you know which step helped.',
  category: 'process',
  severityHint: 'SEV1',
  symptoms: ['The specific runbooks have been tried and the service is still broken', 'The cause is unknown and users are still affected'],
  matchers: {
    keywords: ['worst case', 'last resort', 'nothing works', 'nothing helped', 'restart everything', 'still down', 'out of options'],
  },
  steps: [
    {
      id: 'post-plan',
      phase: 'triage',
      kind: 'communication',
      update: 'update',
      title: 'Announce the plan and the expected interruptions',
      detail: 'Each restart interrupts users briefly; say so before you start.',
    },
    {
      id: 'approval',
      phase: 'triage',
      kind: 'manual',
      title: 'Get the incident commander’s go-ahead',
      detail: 'The sequence disrupts every user at each step. One person runs the steps, one watches the graphs, and the commander decides whether to go on.',
    },
    {
      id: 'snapshot',
      phase: 'diagnosis',
      kind: 'diagnostic',
      diagnostic: 'service_status',
      title: 'Attach the state of the service before you start',
      detail: 'A record of counts, deployments and events from before the restarts; they wipe much of the evidence.',
    },
    {
      id: 'snapshot-errors',
      phase: 'diagnosis',
      kind: 'diagnostic',
      diagnostic: 'error_logs',
      title: 'Attach the latest errors too',
    },
    {
      id: 'restart-db',
      phase: 'resolution',
      kind: 'manual',
      title: 'Step 1: restart the database',
      caution: 'Every connection drops and writes in flight fail. With Multi-AZ, a failover reboot switches to the standby, usually within a minute or two.',
      commands: [
        shell(
          'Reboot, failing over to the standby',
          (c) => `${sh`aws rds reboot-db-instance --region ${c.region} --db-instance-identifier`} ${variable('DB_INSTANCE_ID')} --force-failover`,
        ),
        shell(
          'Wait until it is available',
          (c) => `${sh`aws rds wait db-instance-available --region ${c.region} --db-instance-identifier`} ${variable('DB_INSTANCE_ID')}`,
        ),
      ],
    },
    {
      id: 'watch-after-db',
      phase: 'resolution',
      kind: 'verification',
      check: { kind: 'metric_below', signal: 'error_rate', line: 'warning', forMinutes: 5 },
      title: 'Watch for 5 minutes',
      detail: 'Do nothing else meanwhile. If errors stay under 1 % for five minutes the database was the problem: stop here and verify.',
    },
    {
      id: 'restart-tasks',
      phase: 'resolution',
      kind: 'remediation',
      action: { kind: 'force_new_deployment' },
      title: 'Step 2: restart every task',
      detail: 'For services on EC2 capacity that seem stuck, replace the container instances as well (drain them first).',
    },
    {
      id: 'watch-after-tasks',
      phase: 'resolution',
      kind: 'verification',
      check: { kind: 'metric_below', signal: 'error_rate', line: 'warning', forMinutes: 5 },
      title: 'Watch for 5 minutes',
    },
    {
      id: 'invalidate-cache',
      phase: 'resolution',
      kind: 'manual',
      title: 'Step 3: clear the caches',
      caution: 'Flushing Redis empties it for every service that shares it; they all go to the database until it warms up again.',
      commands: [
        invalidateCdn,
        shell('Empty the application cache (set REDIS_HOST; check which services share it first)', () => 'redis-cli -h "$REDIS_HOST" -p 6379 FLUSHALL ASYNC'),
      ],
    },
    {
      id: 'watch-after-cache',
      phase: 'resolution',
      kind: 'verification',
      check: { kind: 'metric_below', signal: 'error_rate', line: 'warning', forMinutes: 5 },
      title: 'Watch for 5 minutes',
    },
    {
      id: 'disaster-recovery',
      phase: 'resolution',
      kind: 'manual',
      optional: true,
      title: 'If it is still broken: disaster recovery and AWS support',
      detail: 'Escalate to the engineering manager, open a "production system down" case with AWS support, and follow the disaster recovery plan.',
    },
    healthUrlAnswers,
    {
      id: 'counts-match',
      phase: 'verification',
      kind: 'verification',
      check: { kind: 'running_equals_desired' },
      title: 'Every wanted task is running',
    },
    {
      id: 'latency-below',
      phase: 'verification',
      kind: 'verification',
      check: { kind: 'metric_below', signal: 'latency', line: 'warning', forMinutes: 10 },
      title: 'Latency under 500 ms for 10 minutes',
    },
    {
      id: 'post-resolution',
      phase: 'follow_up',
      kind: 'communication',
      update: 'resolution',
      title: 'Post the resolution, naming the step that helped',
    },
    {
      id: 'record',
      phase: 'follow_up',
      kind: 'manual',
      title: 'Record which step fixed it',
      detail: 'A restart hides the cause; the step that helped tells the post-mortem where to dig.',
    },
  ],
  related: ['complete-outage', 'emergency-response-checklist', 'cache-down', 'db-connection-pool-exhausted'],
}
