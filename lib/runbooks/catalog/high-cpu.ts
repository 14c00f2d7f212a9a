import { cpuStats, ecsExec, resumeScaleIn, scalingActivities, scalingLimits, suspendScaleIn, taskDefinitionResources } from '../templates'
import type { Runbook } from '../types'

export const highCpu: Runbook = {
  id: 'high-cpu',
  title: 'High CPU',
  summary:
    'CPU sits above 70 % (warning) or 85 % (critical) and responses slow down. Add tasks first, make sure auto scaling can follow, then find out whether it is traffic or the code.',
  category: 'ecs',
  severityHint: 'SEV3',
  symptoms: [
    'CPU utilization above 70 % for several periods, or above 85 %',
    'Responses get slower as CPU rises',
    'Auto scaling has already added tasks up to its maximum',
    'A sudden surge of traffic (a campaign, a social media mention, a retrying client)',
  ],
  matchers: {
    healthSignals: [
      { signal: 'cpu', example: 'CPU 91%', weight: 12 },
      { signal: 'latency', example: 'latency 700 ms', weight: 2 },
    ],
    alarmPatterns: ['cpu'],
    keywords: ['cpu', 'high load', 'traffic spike', 'traffic surge', 'surge', 'overloaded', 'autoscaling', 'auto scaling', 'throttled'],
  },
  steps: [
    {
      id: 'cpu-last-hour',
      phase: 'diagnosis',
      kind: 'diagnostic',
      diagnostic: 'cpu_last_hour',
      title: 'See how CPU moved over the last hour',
      detail: 'A rise with request volume is load; a rise at a constant request rate is a code or data problem (a hot loop, a bad query plan, a retry storm).',
    },
    {
      id: 'service-status',
      phase: 'diagnosis',
      kind: 'diagnostic',
      diagnostic: 'service_status',
      title: 'Check counts and whether a deployment just happened',
    },
    {
      id: 'latency',
      phase: 'diagnosis',
      kind: 'diagnostic',
      diagnostic: 'latency_last_hour',
      title: 'Check what users feel',
      detail: 'Above 500 ms users notice; above 1000 ms treat it as an incident even if nothing fails yet.',
    },
    {
      id: 'autoscaling',
      phase: 'diagnosis',
      kind: 'manual',
      title: 'Check that auto scaling is working and has room',
      detail: 'Look for recent scale-out, a maximum already reached, or scaling back and forth every few minutes (thrashing).',
      commands: [scalingActivities, scalingLimits, cpuStats],
    },
    {
      id: 'scale-out',
      phase: 'resolution',
      kind: 'remediation',
      action: { kind: 'scale', params: { mode: 'multiply', multiplier: 2 } },
      title: 'Double the number of tasks',
      detail:
        'The fastest relief. Check that the cluster or the account has room for more tasks; "unable to place" events mean capacity or a service quota is the limit.',
    },
    {
      id: 'hold-scale-in',
      phase: 'resolution',
      kind: 'manual',
      title: 'Stop auto scaling from taking tasks away during the incident',
      detail: 'Scale-out stays on. Turn scale-in back on once the incident is closed.',
      commands: [suspendScaleIn, resumeScaleIn],
    },
    {
      id: 'bigger-tasks',
      phase: 'resolution',
      kind: 'remediation',
      action: { kind: 'raise_memory', params: { factor: 1, cpuFactor: 2 } },
      title: 'Give each task twice the CPU',
      optional: true,
      when: 'If a single request needs more CPU than a task has (CPU pinned at 100 % even with few requests).',
      detail:
        'On Fargate CPU and memory go in pairs (for example 256 CPU units need 512–2048 MiB, 512 units need 1024–4096 MiB); raise memory too when the pair is not valid.',
    },
    {
      id: 'profile',
      phase: 'resolution',
      kind: 'manual',
      optional: true,
      title: 'Profile a busy task',
      when: 'If CPU stays at 100 % even after adding tasks: the bottleneck is in the application.',
      detail: 'Take a CPU profile or thread dump from one task and look at what dominates; a recent change to a hot path is the usual suspect.',
      commands: [ecsExec, taskDefinitionResources],
    },
    {
      id: 'post-update',
      phase: 'resolution',
      kind: 'communication',
      update: 'update',
      title: 'Post the scaling change and its effect',
    },
    {
      id: 'counts-match',
      phase: 'verification',
      kind: 'verification',
      check: { kind: 'running_equals_desired' },
      title: 'The added tasks are running',
    },
    {
      id: 'cpu-below',
      phase: 'verification',
      kind: 'verification',
      check: { kind: 'metric_below', signal: 'cpu', line: 'warning', forMinutes: 10 },
      title: 'CPU stays under 70 % for 10 minutes',
    },
    {
      id: 'latency-below',
      phase: 'verification',
      kind: 'verification',
      check: { kind: 'metric_below', signal: 'latency', line: 'warning', forMinutes: 10 },
      title: 'Latency stays under 500 ms for 10 minutes',
    },
    {
      id: 'capacity-ticket',
      phase: 'follow_up',
      kind: 'manual',
      title: 'Fix capacity for good',
      detail:
        'Raise the auto scaling maximum or lower the target, right-size the task, raise the account quota if placement failed, and open a ticket to optimise the hot path. Put scale-in back on.',
    },
  ],
  related: ['service-slow', 'oom-memory-leak', 'high-error-rate'],
}
