import { sh } from '@/lib/commands/shell'
import { describeTask, elb5xx, healthCheckSettings, probeHealth, runningTasks, shell, targetHealthCli, taskNetworking, valueOr } from '../templates'
import type { Runbook } from '../types'

export const badGatewayUnhealthyTargets: Runbook = {
  id: 'bad-gateway-unhealthy-targets',
  title: 'Cannot connect: 502, 503, 504 and unhealthy targets',
  summary:
    'The load balancer answers 502, 503 or 504, or marks targets unhealthy. Find out whether there is nothing healthy behind it, whether traffic cannot reach the tasks, or whether the tasks are too slow, and fix that link.',
  category: 'traffic',
  severityHint: 'SEV2',
  symptoms: [
    'Users or monitors get 502 Bad Gateway, 503 Service Unavailable or 504 Gateway Timeout',
    'The target group shows unhealthy or draining targets, or none at all',
    'Requests time out at the load balancer',
    'Traffic is spread unevenly, one target receiving most requests',
  ],
  matchers: {
    healthSignals: [
      { signal: 'targets', pattern: 'unhealthy target', example: '2 unhealthy targets', weight: 14 },
      { signal: 'tasks', pattern: '^0/', example: '0/4 tasks running', weight: 5 },
      { signal: 'errors', example: '5xx at 6%', weight: 4 },
    ],
    alarmPatterns: ['unhealthy-?(hosts?|targets?)', 'healthy-?host', 'target-?health', 'gateway', '\\b50[234]\\b', 'elb-?5xx'],
    keywords: [
      '502',
      '503',
      '504',
      'bad gateway',
      'service unavailable',
      'gateway timeout',
      'unhealthy target',
      'cannot connect',
      "can't connect",
      'connection refused',
      'load balancer',
      'alb',
    ],
  },
  steps: [
    {
      id: 'target-health',
      phase: 'diagnosis',
      kind: 'diagnostic',
      diagnostic: 'target_health',
      title: 'See which targets are unhealthy and why',
      detail:
        'Target.Timeout: the check got no answer in time (app hung or security group drops it). Target.ResponseCodeMismatch: the path answers but with the wrong code. Target.FailedHealthChecks after a deploy: the new tasks are broken. No targets at all: no task is running.',
    },
    {
      id: 'service-status',
      phase: 'diagnosis',
      kind: 'diagnostic',
      diagnostic: 'service_status',
      title: 'Check that tasks are running and registered',
      detail: '0 running explains a 503. Tasks that keep cycling point to the crash-loop runbook.',
    },
    {
      id: 'error-rate',
      phase: 'diagnosis',
      kind: 'diagnostic',
      diagnostic: 'error_rate_last_hour',
      title: 'See when the errors began',
    },
    {
      id: 'latency',
      phase: 'diagnosis',
      kind: 'diagnostic',
      diagnostic: 'latency_last_hour',
      title: 'Check whether targets got slow before they failed',
      detail: '504s with rising response time mean the app is overloaded or waiting on something (database locks, an exhausted pool).',
    },
    {
      id: 'error-logs',
      phase: 'diagnosis',
      kind: 'diagnostic',
      diagnostic: 'error_logs',
      title: 'Read the application errors',
    },
    {
      id: 'where-5xx',
      phase: 'diagnosis',
      kind: 'manual',
      title: 'Tell apart errors from the load balancer and from the app',
      detail:
        '502/503/504 counted by the load balancer (ELB 5xx) mean it could not get an answer from a target; 5xx counted on the targets mean the app answered with an error. Both rising together is usually tasks dying mid-request.',
      commands: [elb5xx, targetHealthCli],
    },
    {
      id: 'check-path',
      phase: 'diagnosis',
      kind: 'manual',
      title: 'Check the health check path and settings',
      detail:
        'The path, port and success codes must match what the app serves. A timeout shorter than the app needs under load marks busy but working targets unhealthy.',
      commands: [healthCheckSettings, probeHealth],
    },
    {
      id: 'check-network',
      phase: 'diagnosis',
      kind: 'manual',
      title: 'Check that the load balancer may reach the tasks',
      detail:
        'The task security group must allow the load balancer security group on the container port. Compare recent security group changes with the time the errors began.',
      commands: [
        taskNetworking,
        shell(
          'Security groups of the load balancer and the tasks (set ALB_SG and TASK_SG)',
          (c) =>
            `${sh`aws ec2 describe-security-groups --region ${c.region}`} --group-ids "$ALB_SG" "$TASK_SG" --query 'SecurityGroups[].{id:GroupId,in:IpPermissions[].{port:FromPort,from:UserIdGroupPairs[].GroupId,cidr:IpRanges[].CidrIp}}'`,
        ),
        shell(
          'Load balancer the target group belongs to',
          (c) =>
            `${sh`aws elbv2 describe-target-groups --region ${c.region} --target-group-arns`} ${valueOr(c.targetGroupArn, 'TARGET_GROUP_ARN')} --query 'TargetGroups[0].{lb:LoadBalancerArns,port:Port,protocol:Protocol,type:TargetType}'`,
        ),
      ],
    },
    {
      id: 'from-inside',
      phase: 'diagnosis',
      kind: 'manual',
      optional: true,
      title: 'Call a task directly from inside the VPC',
      detail:
        'From a bastion or another task, curl a task private IP on the container port. An answer there but not through the load balancer puts the fault in the listener, target group or security groups.',
      commands: [runningTasks, describeTask, shell('Call one task (set TASK_IP and PORT)', () => 'curl -sS -i --max-time 5 "http://$TASK_IP:$PORT/"')],
    },
    {
      id: 'post-initial',
      phase: 'diagnosis',
      kind: 'communication',
      update: 'initial',
      title: 'Tell users the service cannot be reached and that you are on it',
    },
    {
      id: 'restart',
      phase: 'resolution',
      kind: 'remediation',
      action: { kind: 'force_new_deployment' },
      title: 'Replace the tasks',
      when: 'If tasks run but hang or answer errors, and the release did not change.',
    },
    {
      id: 'scale-out',
      phase: 'resolution',
      kind: 'remediation',
      action: { kind: 'scale', params: { mode: 'multiply', multiplier: 2 } },
      title: 'Add tasks',
      optional: true,
      when: 'If targets time out because they are overloaded (high CPU, slow responses, 504s).',
      detail: 'New tasks register with the target group and take load as soon as their checks pass.',
    },
    {
      id: 'rollback',
      phase: 'resolution',
      kind: 'remediation',
      action: { kind: 'rollback' },
      title: 'Roll back a recent release',
      optional: true,
      when: 'If targets became unhealthy right after a deployment.',
      caution: 'A release that migrated the database may not be safe to undo; confirm with its owners.',
    },
    {
      id: 'fix-config',
      phase: 'resolution',
      kind: 'manual',
      optional: true,
      title: 'Correct the health check or the security group',
      when: 'If the check path or timeout is wrong, or a rule was removed.',
      detail:
        'Fix it where it is managed (infrastructure code first, console only in an emergency, then copy the change back). Restore the missing ingress rule from the load balancer security group to the container port.',
      commands: [
        shell(
          'Point the check at the right path (set HEALTH_PATH)',
          (c) =>
            `${sh`aws elbv2 modify-target-group --region ${c.region} --target-group-arn`} ${valueOr(c.targetGroupArn, 'TARGET_GROUP_ARN')} --health-check-path "$HEALTH_PATH"`,
        ),
      ],
    },
    {
      id: 'targets-healthy',
      phase: 'verification',
      kind: 'diagnostic',
      diagnostic: 'target_health',
      title: 'Every target reports healthy',
    },
    {
      id: 'counts-match',
      phase: 'verification',
      kind: 'verification',
      check: { kind: 'running_equals_desired' },
      title: 'Running equals desired',
    },
    {
      id: 'health-url',
      phase: 'verification',
      kind: 'verification',
      check: { kind: 'health_url' },
      title: 'The health URL answers 2xx through the load balancer',
    },
    {
      id: 'errors-below',
      phase: 'verification',
      kind: 'verification',
      check: { kind: 'metric_below', signal: 'error_rate', line: 'warning', forMinutes: 5 },
      title: 'Errors stay under 1 % for 5 minutes',
    },
    {
      id: 'post-resolution',
      phase: 'follow_up',
      kind: 'communication',
      update: 'resolution',
      title: 'Tell users the service is reachable again',
    },
  ],
  related: ['ecs-health-check-failure', 'crash-loop', 'high-error-rate', 'complete-outage', 'dns-cdn-tls'],
}
