import { sh } from '@/lib/commands/shell'
import { healthUrlAnswers, lastStoppedTask, serviceEvents, shell, taskDefinitionResources, taskNetworking } from '../templates'
import type { Runbook } from '../types'

export const taskStartupFailure: Runbook = {
  id: 'task-startup-failure',
  title: 'Tasks fail to start or stay PENDING',
  summary:
    'New tasks never reach RUNNING: ECS cannot place them, cannot pull the image, cannot fetch secrets, or the account hit a limit. Unlike a crash loop, the application never gets to run.',
  category: 'ecs',
  severityHint: 'SEV2',
  symptoms: [
    'Tasks stay in PENDING or PROVISIONING and never start',
    'Service events say "unable to place a task" or mention insufficient CPU or memory',
    'Stopped reasons such as CannotPullContainerError or ResourceInitializationError',
    'Scaling out does nothing; the running count does not grow',
    'A very slow start on new containers (large images)',
  ],
  matchers: {
    healthSignals: [
      { signal: 'tasks', pattern: '^[1-9]\\d*/', example: '2/4 tasks running', weight: 6 },
      { signal: 'deployment', pattern: 'in progress', example: 'deployment in progress for 20 min', weight: 5 },
    ],
    alarmPatterns: ['pending', 'placement', 'capacity'],
    keywords: [
      'pending',
      'stuck in pending',
      'unable to place',
      'placement',
      'cannotpullcontainererror',
      'image pull',
      'pull image',
      'resourceinitializationerror',
      'insufficient capacity',
      'service limit',
      'quota',
      'cold start',
      'startup',
    ],
  },
  steps: [
    {
      id: 'service-status',
      phase: 'diagnosis',
      kind: 'diagnostic',
      diagnostic: 'service_status',
      title: 'Read the service events',
      detail: 'Placement messages name the missing resource (CPU, memory, ports, an attribute). "Reached the limit" messages name the quota.',
    },
    {
      id: 'stopped-tasks',
      phase: 'diagnosis',
      kind: 'diagnostic',
      diagnostic: 'stopped_tasks',
      title: 'Read why the tasks stopped before starting',
      detail:
        'CannotPullContainerError: the tag does not exist, the registry is unreachable (no NAT or VPC endpoint), or the execution role cannot pull. ResourceInitializationError: secrets or log configuration could not be fetched, usually permissions or networking.',
    },
    {
      id: 'task-definitions',
      phase: 'diagnosis',
      kind: 'diagnostic',
      diagnostic: 'task_definitions',
      title: 'Check the task size, image and secrets',
      detail: 'A CPU or memory size larger than any instance in the cluster can never be placed; a wrong image tag can never be pulled.',
    },
    {
      id: 'by-hand',
      phase: 'diagnosis',
      kind: 'manual',
      title: 'Check the network path and the cluster capacity',
      detail: 'Tasks in private subnets need a NAT gateway or VPC endpoints for ECR, S3, CloudWatch Logs and Secrets Manager.',
      commands: [
        serviceEvents,
        lastStoppedTask,
        taskDefinitionResources,
        taskNetworking,
        shell(
          'Free CPU and memory per container instance (EC2 capacity only)',
          (c) =>
            `${sh`aws ecs describe-container-instances --region ${c.region} --cluster ${c.cluster}`} --container-instances $(${sh`aws ecs list-container-instances --region ${c.region} --cluster ${c.cluster}`} --query 'containerInstanceArns' --output text) --query 'containerInstances[].{id:ec2InstanceId,cpu:remainingResources[?name==\`CPU\`].integerValue|[0],memory:remainingResources[?name==\`MEMORY\`].integerValue|[0]}' --output table`,
        ),
        shell(
          'VPC endpoints of the VPC (set VPC_ID)',
          (c) =>
            `${sh`aws ec2 describe-vpc-endpoints --region ${c.region}`} --filters Name=vpc-id,Values="$VPC_ID" --query 'VpcEndpoints[].[ServiceName,State]' --output table`,
        ),
        shell(
          'Fargate task quota of the account',
          (c) =>
            `${sh`aws service-quotas list-service-quotas --region ${c.region} --service-code fargate`} --query 'Quotas[].[QuotaName,Value]' --output table`,
        ),
      ],
    },
    {
      id: 'fix-image',
      phase: 'resolution',
      kind: 'manual',
      optional: true,
      title: 'Fix the image reference or the pull permissions',
      when: 'If the image cannot be pulled.',
      detail:
        'Push the missing tag or point the task definition at one that exists; give the execution role ECR read access; restore the NAT route or the VPC endpoints.',
    },
    {
      id: 'rollback',
      phase: 'resolution',
      kind: 'remediation',
      action: { kind: 'rollback' },
      title: 'Roll back to the revision that started',
      when: 'If a new task definition introduced the problem.',
      caution: 'Check whether the release migrated the database before rolling back.',
    },
    {
      id: 'capacity',
      phase: 'resolution',
      kind: 'manual',
      optional: true,
      title: 'Add cluster capacity or raise the quota',
      when: 'If tasks cannot be placed for lack of CPU, memory or a limit.',
      detail:
        'Raise the capacity provider or Auto Scaling group maximum for EC2 clusters, or request a quota increase in the Service Quotas console. Until then, smaller tasks may fit.',
    },
    {
      id: 'slow-start',
      phase: 'resolution',
      kind: 'manual',
      optional: true,
      title: 'Shorten a slow start',
      when: 'If tasks do start but take minutes to do so.',
      detail:
        'Large images pull slowly: use a slimmer base image and multi-stage builds. Give the health check a start period long enough for the app to boot.',
    },
    {
      id: 'retry',
      phase: 'resolution',
      kind: 'remediation',
      action: { kind: 'force_new_deployment' },
      title: 'Start the deployment again once the cause is fixed',
    },
    {
      id: 'deployment-steady',
      phase: 'verification',
      kind: 'verification',
      check: { kind: 'deployment_steady' },
      title: 'The deployment completes',
    },
    {
      id: 'counts-match',
      phase: 'verification',
      kind: 'verification',
      check: { kind: 'running_equals_desired' },
      title: 'Running equals desired, none pending',
    },
    healthUrlAnswers,
    {
      id: 'follow-up',
      phase: 'follow_up',
      kind: 'manual',
      title: 'Guard against a repeat',
      detail: 'Check image tags in the pipeline before deploying, alarm on quota usage, and keep the VPC endpoints or NAT in infrastructure code.',
    },
  ],
  related: ['crash-loop', 'deployment-failure', 'ecs-health-check-failure', 'high-cpu'],
}
