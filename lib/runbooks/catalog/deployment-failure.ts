import { sh } from '@/lib/commands/shell'
import { familyOf, lastStoppedTask, rollbackCli, serviceDeployments, serviceEvents, shell, taskDefinitionRevisions, valueOr } from '../templates'
import type { Runbook } from '../types'

export const deploymentFailure: Runbook = {
  id: 'deployment-failure',
  title: 'Failed deployment and rollback',
  summary:
    'A rollout is stuck, the circuit breaker stopped it, or errors rose right after it. Confirm the release is the cause, roll back to the last good revision, and deal with any database migration it ran.',
  category: 'ecs',
  severityHint: 'SEV2',
  symptoms: [
    'A deployment stays IN_PROGRESS far longer than usual',
    'The circuit breaker tripped and ECS is rolling back (or has given up)',
    '5xx errors or latency rose within minutes of a release',
    'New tasks fail while the old ones keep serving',
  ],
  matchers: {
    healthSignals: [
      { signal: 'deployment', pattern: 'failed|circuit breaker', example: 'deployment failed (circuit breaker)', weight: 14 },
      { signal: 'deployment', pattern: 'in progress', example: 'deployment in progress for 22 min', weight: 9 },
      { signal: 'errors', example: '5xx at 3%', weight: 2 },
    ],
    alarmPatterns: ['deploy', 'circuit-?breaker', 'rollback'],
    keywords: ['deployment', 'deploy', 'release', 'rollout', 'rollback', 'roll back', 'circuit breaker', 'new version', 'bad image'],
  },
  steps: [
    {
      id: 'service-status',
      phase: 'diagnosis',
      kind: 'diagnostic',
      diagnostic: 'service_status',
      title: 'Read the deployments and their events',
      detail:
        'Note the rollout state and reason of the primary deployment, and how many of its tasks failed. "Circuit breaker" in the events means ECS gave up on it.',
    },
    {
      id: 'stopped-tasks',
      phase: 'diagnosis',
      kind: 'diagnostic',
      diagnostic: 'stopped_tasks',
      title: 'See why the new tasks stopped',
      detail:
        'CannotPullContainerError: the image or tag is missing or the pull is not allowed. ResourceInitializationError: secrets or logs could not be set up. Non-zero exit codes: the new code fails to start.',
    },
    {
      id: 'task-definitions',
      phase: 'diagnosis',
      kind: 'diagnostic',
      diagnostic: 'task_definitions',
      title: 'Compare the new revision with the previous one',
      detail: 'Image tags, environment, secrets, CPU and memory, health check, port mappings.',
    },
    {
      id: 'error-rate',
      phase: 'diagnosis',
      kind: 'diagnostic',
      diagnostic: 'error_rate_last_hour',
      title: 'Check that errors rose after the release, not before',
    },
    {
      id: 'by-hand',
      phase: 'diagnosis',
      kind: 'manual',
      title: 'Inspect the rollout and the image yourself',
      detail:
        'Check that the image in the new revision exists in the registry and that the task execution role can pull it. Also check the CI log for the rollout.',
      commands: [
        serviceDeployments,
        serviceEvents,
        lastStoppedTask,
        taskDefinitionRevisions,
        shell(
          'Images in the running task definition',
          (c) =>
            `${sh`aws ecs describe-task-definition --region ${c.region} --task-definition`} ${valueOr(c.taskDefinition, 'TASK_DEFINITION')} --query 'taskDefinition.containerDefinitions[].image' --output text`,
        ),
        shell(
          'Is that image tag in ECR? (set REPOSITORY and TAG)',
          (c) => `${sh`aws ecr describe-images --region ${c.region}`} --repository-name "$REPOSITORY" --image-ids imageTag="$TAG"`,
        ),
      ],
    },
    {
      id: 'migrations',
      phase: 'diagnosis',
      kind: 'manual',
      title: 'Ask whether the release changed the database',
      detail:
        'Find out from the team that shipped it whether migrations ran and whether the previous version still works against the new schema. This decides if a plain rollback is safe.',
    },
    {
      id: 'post-initial',
      phase: 'diagnosis',
      kind: 'communication',
      update: 'initial',
      title: 'Announce the failed release and the plan',
    },
    {
      id: 'rollback',
      phase: 'resolution',
      kind: 'remediation',
      action: { kind: 'rollback' },
      title: 'Roll back to the previous task definition',
      caution:
        'Data written by the new version, or a migration it ran, may not work with the old code. Roll the schema back only with the team that wrote the migration.',
    },
    {
      id: 'rollback-by-hand',
      phase: 'resolution',
      kind: 'manual',
      optional: true,
      title: 'Or roll back from the command line or the pipeline',
      detail:
        'Pick the last revision that ran cleanly from the list. If infrastructure is managed as code, revert the change there as well so the next apply does not redeploy the bad version.',
      commands: [
        shell(
          'Revisions of the family, newest first',
          (c) => sh`aws ecs list-task-definitions --region ${c.region} --family-prefix ${familyOf(c)} --sort DESC --max-items 5`,
        ),
        rollbackCli,
      ],
    },
    {
      id: 'stop-pipeline',
      phase: 'resolution',
      kind: 'manual',
      title: 'Pause the pipeline so the bad version is not redeployed',
      detail: 'Disable automatic deploys of this service until a fixed build exists; an automatic retry would undo the rollback.',
    },
    {
      id: 'restart-same',
      phase: 'resolution',
      kind: 'remediation',
      action: { kind: 'force_new_deployment' },
      title: 'Retry the same revision',
      optional: true,
      when: 'Only if the failure was outside the release: a registry or network outage while pulling, or a dependency that was briefly down.',
    },
    {
      id: 'deployment-steady',
      phase: 'verification',
      kind: 'verification',
      check: { kind: 'deployment_steady' },
      title: 'The rollback deployment completes',
    },
    {
      id: 'counts-match',
      phase: 'verification',
      kind: 'verification',
      check: { kind: 'running_equals_desired' },
      title: 'Every wanted task is running',
    },
    {
      id: 'errors-below',
      phase: 'verification',
      kind: 'verification',
      check: { kind: 'metric_below', signal: 'error_rate', line: 'warning', forMinutes: 10 },
      title: 'Errors are back under 1 % for 10 minutes',
    },
    {
      id: 'latency-below',
      phase: 'verification',
      kind: 'verification',
      check: { kind: 'metric_below', signal: 'latency', line: 'warning', forMinutes: 10 },
      title: 'Response times are back to normal',
    },
    {
      id: 'post-resolution',
      phase: 'follow_up',
      kind: 'communication',
      update: 'resolution',
      title: 'Announce the rollback and the state of the service',
    },
    {
      id: 'tickets',
      phase: 'follow_up',
      kind: 'manual',
      title: 'Write down why the release failed and open the fix',
      detail:
        'Record the failed revision, the reason, and the rollback in the incident; open tickets for the code fix and for a pipeline check that would have caught it (smoke test, canary, circuit breaker with rollback).',
    },
  ],
  related: ['crash-loop', 'high-error-rate', 'task-startup-failure', 'ecs-health-check-failure'],
}
