import { alarmsInAlarm, dbMetric, errorLogs, insights, runningTasks, scalingActivities, serviceCounts, targetHealthCli } from '../templates'
import type { Runbook } from '../types'

export const dailyHealthCheck: Runbook = {
  id: 'daily-health-check',
  title: 'Daily health check',
  summary:
    'A morning routine of about ten minutes: confirm each service runs what it should, nothing fired overnight, and every signal sits under its warning line. Anything odd becomes a ticket or an incident before users notice.',
  category: 'process',
  symptoms: ['Start of the working day', 'After a night with alerts', 'Before a release or a maintenance window'],
  matchers: {
    keywords: ['daily check', 'daily health check', 'morning check', 'health check routine', 'routine check', 'overnight', 'morning'],
  },
  steps: [
    {
      id: 'service-status',
      phase: 'diagnosis',
      kind: 'diagnostic',
      diagnostic: 'service_status',
      title: 'Running equals desired, no deployment stuck or failed',
    },
    {
      id: 'target-health',
      phase: 'diagnosis',
      kind: 'diagnostic',
      diagnostic: 'target_health',
      title: 'All load balancer targets healthy',
    },
    {
      id: 'alarms',
      phase: 'diagnosis',
      kind: 'diagnostic',
      diagnostic: 'alarms',
      title: 'No alarm firing; overnight alerts explained',
      detail: 'Also read the notification history of the night and check that earlier incidents really are resolved.',
    },
    {
      id: 'error-logs',
      phase: 'diagnosis',
      kind: 'diagnostic',
      diagnostic: 'error_logs',
      params: { sinceMinutes: 720 },
      title: 'Errors of the last 12 hours',
      detail: 'New error messages, or familiar ones at a higher rate than usual, are worth a ticket.',
    },
    {
      id: 'dashboard',
      phase: 'diagnosis',
      kind: 'manual',
      title: 'Look over the dashboard for the last 12 hours',
      detail: 'Every widget should show current data ("no data" hides problems). Compare the trend of each signal with the day before.',
    },
    {
      id: 'by-hand',
      phase: 'diagnosis',
      kind: 'manual',
      optional: true,
      title: 'The same checks from the command line',
      commands: [serviceCounts, runningTasks, targetHealthCli, errorLogs, alarmsInAlarm, scalingActivities],
    },
    {
      id: 'error-summary',
      phase: 'diagnosis',
      kind: 'manual',
      optional: true,
      title: 'Count errors per service across the log groups',
      commands: [
        insights(
          'Logs Insights: error lines per log group over the selected period',
          `fields @timestamp, @message, @log
| filter @message like /ERROR/
| stats count() as errors by @log
| sort errors desc`,
        ),
      ],
    },
    {
      id: 'database',
      phase: 'diagnosis',
      kind: 'manual',
      title: 'Database connections and query times look normal',
      commands: [dbMetric('Database connections (set DB_INSTANCE_ID)', 'DatabaseConnections'), dbMetric('Database CPU', 'CPUUtilization')],
    },
    {
      id: 'scaling',
      phase: 'diagnosis',
      kind: 'manual',
      title: 'Auto scaling is calm and has headroom',
      detail: 'Scaling out and in every few minutes (thrashing), or sitting at the maximum, needs a ticket.',
      commands: [scalingActivities],
    },
    {
      id: 'counts-match',
      phase: 'diagnosis',
      kind: 'verification',
      check: { kind: 'running_equals_desired' },
      title: 'Running equals desired',
    },
    {
      id: 'deployment-steady',
      phase: 'diagnosis',
      kind: 'verification',
      check: { kind: 'deployment_steady' },
      title: 'No deployment in flight or failed',
    },
    {
      id: 'health-url',
      phase: 'diagnosis',
      kind: 'verification',
      check: { kind: 'health_url' },
      title: 'The health URL answers 2xx',
    },
    {
      id: 'cpu-ok',
      phase: 'diagnosis',
      kind: 'verification',
      check: { kind: 'metric_below', signal: 'cpu', line: 'warning', forMinutes: 60 },
      title: 'CPU under 70 % over the last hour',
    },
    {
      id: 'memory-ok',
      phase: 'diagnosis',
      kind: 'verification',
      check: { kind: 'metric_below', signal: 'memory', line: 'warning', forMinutes: 60 },
      title: 'Memory under 80 % over the last hour',
    },
    {
      id: 'errors-ok',
      phase: 'diagnosis',
      kind: 'verification',
      check: { kind: 'metric_below', signal: 'error_rate', line: 'warning', forMinutes: 60 },
      title: '5xx under 1 % over the last hour',
    },
    {
      id: 'latency-ok',
      phase: 'diagnosis',
      kind: 'verification',
      check: { kind: 'metric_below', signal: 'latency', line: 'warning', forMinutes: 60 },
      title: 'Response time under 500 ms over the last hour',
    },
    {
      id: 'act',
      phase: 'resolution',
      kind: 'manual',
      title: 'Act on anything outside its line',
      detail:
        'A red signal with users affected is an incident: declare it and open the runbook the incident suggests. A yellow one without impact becomes a ticket with an owner. Restore a missing dashboard widget or alarm the same day.',
    },
    {
      id: 'recheck',
      phase: 'verification',
      kind: 'manual',
      title: 'Run every check that failed again once it has been dealt with',
      detail: 'Close the loop in the team channel: what was found, who owns it, and whether it is green again.',
    },
    {
      id: 'report',
      phase: 'follow_up',
      kind: 'manual',
      title: 'Report what you found',
      detail:
        'Post anomalies to the team channel and open tickets; declare an incident if users are affected. Services sustained above 70 % CPU or memory go on the weekly capacity review.',
    },
  ],
  related: ['emergency-response-checklist', 'high-cpu', 'service-slow'],
}
