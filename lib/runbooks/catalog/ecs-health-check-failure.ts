import { sh } from '@/lib/commands/shell'
import { describeTask, errorLogs, healthCheckSettings, healthUrlAnswers, probeHealthVerbose, rollbackCli, runningTasks, serviceCounts, serviceEvents, setDesiredCount, shell, tailLogs, taskDefinitionResources } from '../templates'
import type { Runbook } from '../types'

export const ecsHealthCheckFailure: Runbook = {
  id: 'ecs-health-check-failure',
  title: 'ECS service failing its health checks',
  summary:
    'The health endpoint stops answering 200, or ECS keeps marking tasks unhealthy and replacing them. Find out whether the app, its dependencies or the check itself is wrong, then restart, cycle or roll back.',
  category: 'ecs',
  severityHint: 'SEV2',
  symptoms: [
    'An "unhealthy" alarm fires for the service',
    'The health URL answers with something other than 200, or times out',
    'The ECS console shows tasks sitting in PENDING or going to STOPPED',
    'Service events say tasks were stopped because a health check failed',
  ],
  matchers: {
    healthSignals: [
      { signal: 'tasks', example: '2/4 tasks running', weight: 6 },
      { signal: 'targets', example: '2 unhealthy targets', weight: 7 },
      { signal: 'stopped', pattern: 'tasks? failed', example: '2 tasks failed in 10 min (exit 1)', weight: 5 },
    ],
    alarmPatterns: ['-unhealthy$', 'health-?check'],
    keywords: ['health check', 'healthcheck', 'health endpoint', 'unhealthy', 'not healthy', '/health'],
  },
  steps: [
    {
      id: 'service-status',
      phase: 'diagnosis',
      kind: 'diagnostic',
      diagnostic: 'service_status',
      title: 'Look at the counts, deployments and service events',
      detail:
        'Running below desired with tasks cycling through PENDING means ECS keeps replacing tasks. Events such as "failed container health checks" or "failed ELB health checks" tell you which check is failing.',
    },
    {
      id: 'running-tasks',
      phase: 'diagnosis',
      kind: 'diagnostic',
      diagnostic: 'running_tasks',
      title: 'List the tasks that are running now',
      detail: 'Note which task definition revision they run; a mix of revisions means a deployment is under way.',
    },
    {
      id: 'stopped-tasks',
      phase: 'diagnosis',
      kind: 'diagnostic',
      diagnostic: 'stopped_tasks',
      title: 'Read why recent tasks stopped',
      detail: 'A health-check stop reason points here; an exit code or OutOfMemory reason points to the crash-loop or OOM runbooks instead.',
    },
    {
      id: 'error-logs',
      phase: 'diagnosis',
      kind: 'diagnostic',
      diagnostic: 'error_logs',
      title: 'Pull the latest error lines',
      detail: 'Look for the health handler failing on a dependency (database, cache, an external API) or timing out.',
    },
    {
      id: 'probe-by-hand',
      phase: 'diagnosis',
      kind: 'manual',
      title: 'Call the health endpoint yourself and inspect one task',
      detail:
        'Compare what the endpoint returns from outside with what a single task returns. If the check path, port or expected codes in the target group do not match what the app serves, the check itself is wrong.',
      commands: [probeHealthVerbose, runningTasks, describeTask, healthCheckSettings, tailLogs(10), errorLogs],
    },
    {
      id: 'check-container-check',
      phase: 'diagnosis',
      kind: 'manual',
      title: 'Compare the container health check with reality',
      detail:
        'A container health check that calls a tool missing from the image (curl, wget) or with a start period shorter than the app needs to boot fails every task, even healthy ones.',
      commands: [taskDefinitionResources],
    },
    {
      id: 'force-new-deployment',
      phase: 'resolution',
      kind: 'remediation',
      action: { kind: 'force_new_deployment' },
      title: 'Replace the tasks with fresh ones',
      detail: 'First choice when the app got into a bad state (stuck threads, a dropped connection it never re-opens) and the code itself is fine.',
    },
    {
      id: 'scale-to-zero',
      phase: 'resolution',
      kind: 'remediation',
      action: { kind: 'scale', params: { mode: 'zero' } },
      title: 'Stop every task, then start them again',
      optional: true,
      when: 'If a rolling restart does not clear it, for example when old and new tasks fight over a lock or a migration.',
      caution: 'The service serves nothing until the tasks come back. Note the desired count first so you can restore it.',
    },
    {
      id: 'scale-back-up',
      phase: 'resolution',
      kind: 'manual',
      title: 'Bring the desired count back once the old tasks are gone',
      optional: true,
      when: 'After stopping every task in the step above.',
      detail: 'Wait about 30 seconds for the tasks to drain, then set the count you noted before.',
      commands: [
        shell('Watch the old tasks stop', (c) => sh`aws ecs list-tasks --region ${c.region} --cluster ${c.cluster} --service-name ${c.service}`),
        setDesiredCount('Restore the desired count (set DESIRED_COUNT to the number you noted)', '"$DESIRED_COUNT"'),
      ],
    },
    {
      id: 'rollback',
      phase: 'resolution',
      kind: 'remediation',
      action: { kind: 'rollback' },
      title: 'Roll back to the previous task definition',
      optional: true,
      when: 'If the failures began with the latest deployment.',
      caution:
        'If the new release ran database migrations, the old code may not understand the new schema. Check with whoever shipped it before rolling back.',
    },
    {
      id: 'rollback-by-hand',
      phase: 'resolution',
      kind: 'manual',
      title: 'Or roll back from the command line',
      optional: true,
      detail: 'The previous revision is the second deployment listed by describe-services while a rollout is in flight, or the one before the current revision.',
      commands: [
        shell(
          'Task definition of the deployment being replaced',
          (c) =>
            `${sh`aws ecs describe-services --region ${c.region} --cluster ${c.cluster} --services ${c.service}`} --query 'services[0].deployments[1].taskDefinition' --output text`,
        ),
        rollbackCli,
        serviceEvents,
      ],
    },
    {
      id: 'post-update',
      phase: 'resolution',
      kind: 'communication',
      update: 'update',
      title: 'Tell people what was changed and what you are watching',
    },
    {
      id: 'deployment-steady',
      phase: 'verification',
      kind: 'verification',
      check: { kind: 'deployment_steady' },
      title: 'The new deployment finishes',
    },
    {
      id: 'counts-match',
      phase: 'verification',
      kind: 'verification',
      check: { kind: 'running_equals_desired' },
      title: 'Every wanted task is running',
    },
    healthUrlAnswers,
    {
      id: 'stable-five-minutes',
      phase: 'verification',
      kind: 'verification',
      check: { kind: 'metric_below', signal: 'error_rate', line: 'warning', forMinutes: 5 },
      title: 'Errors stay low for five minutes',
      detail: 'Tasks that pass their checks and then fail again after a few minutes point to a leak or a dependency that drops.',
    },
    {
      id: 'note-outcome',
      phase: 'follow_up',
      kind: 'manual',
      title: 'Record what failed and fix the check or the cause',
      detail: 'If the check was too strict (short timeout, no start period), change it in the task definition or target group so it does not page again.',
      commands: [serviceCounts],
    },
  ],
  related: ['crash-loop', 'bad-gateway-unhealthy-targets', 'deployment-failure', 'task-startup-failure'],
}
