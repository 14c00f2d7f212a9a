import { sh } from '@/lib/commands/shell'
import { errorLogs, healthUrlAnswers, logGroupOf, postResolutionNotice, serviceDeployments, shell, target5xx } from '../templates'
import type { Runbook } from '../types'

export const highErrorRate: Runbook = {
  id: 'high-error-rate',
  title: 'High 5xx error rate',
  summary:
    'More than 1 % of requests fail with a 5xx (critical above 5 %; a healthy service sits well under 0.5 %). Find which errors and since when, then roll back, switch off the failing feature, or add capacity.',
  category: 'traffic',
  severityHint: 'SEV2',
  symptoms: [
    '5xx share above 1 %, or above 5 %',
    'An error-rate alarm fires',
    'Customers complain and support tickets pile up',
    'One endpoint or one feature fails while the rest works',
  ],
  matchers: {
    healthSignals: [{ signal: 'errors', pattern: '5xx', example: '5xx at 6%', weight: 14 }],
    alarmPatterns: ['5xx', 'error-?rate', 'http-?5\\d\\d', 'server-?errors?'],
    keywords: [
      '5xx',
      'http 500',
      '500s',
      '500 error',
      'error rate',
      'error spike',
      'internal server error',
      'failing requests',
      'requests failing',
      'exception',
    ],
  },
  steps: [
    {
      id: 'error-rate',
      phase: 'diagnosis',
      kind: 'diagnostic',
      diagnostic: 'error_rate_last_hour',
      title: 'See when the errors started and how steep they are',
      detail: 'A step change points to a release or a config change; a slow rise to load or a dependency wearing out.',
    },
    {
      id: 'error-logs',
      phase: 'diagnosis',
      kind: 'diagnostic',
      diagnostic: 'error_logs',
      title: 'Read the errors',
      detail:
        'Group them by message in your head: one error type dominating usually names the cause (timeouts to a dependency, a null in new code, a permission denied).',
    },
    {
      id: 'error-breakdown',
      phase: 'diagnosis',
      kind: 'manual',
      title: 'Count errors by type over the last 15 minutes',
      detail: 'Run the query in CloudWatch Logs Insights on the service log group, or start it from the command line and fetch the results with the query id.',
      commands: [
        {
          label: 'Logs Insights: error count per message',
          lang: 'logs-insights',
          text: `fields @timestamp, @message
| filter @message like /(?i)(error|exception|fatal)/
| stats count() as hits by substr(@message, 0, 120) as what
| sort hits desc
| limit 20`,
        },
        shell(
          'Same query from the command line (then: aws logs get-query-results --query-id ...)',
          (c) =>
            `${sh`aws logs start-query --region ${c.region} --log-group-name ${logGroupOf(c)}`} --start-time "$(date -u -d '-15 minutes' +%s)" --end-time "$(date -u +%s)" --query-string 'fields @message | filter @message like /(?i)(error|exception)/ | stats count() as hits by substr(@message, 0, 120) | sort hits desc | limit 20'`,
        ),
        errorLogs,
        target5xx,
      ],
    },
    {
      id: 'recent-changes',
      phase: 'diagnosis',
      kind: 'diagnostic',
      diagnostic: 'service_status',
      title: 'Check for a deployment around the start of the errors',
    },
    {
      id: 'task-definitions',
      phase: 'diagnosis',
      kind: 'diagnostic',
      diagnostic: 'task_definitions',
      title: 'See what changed in the last release',
    },
    {
      id: 'changes-by-hand',
      phase: 'diagnosis',
      kind: 'manual',
      title: 'Look at recent commits and feature flag changes',
      commands: [serviceDeployments, shell('Last commits of the service repository', () => 'git log --oneline --since="6 hours ago" -20')],
    },
    {
      id: 'dependencies',
      phase: 'diagnosis',
      kind: 'manual',
      title: 'Check the external services it depends on',
      detail:
        'Payment, e-mail, identity and other third-party APIs: their status pages, and a direct request to their health endpoints. Timeouts to them show up as 502/504 or 500 depending on the code.',
      commands: [shell('Call a dependency health endpoint (set DEPENDENCY_URL)', () => 'curl -sS -i --max-time 10 "$DEPENDENCY_URL"')],
    },
    {
      id: 'resources',
      phase: 'diagnosis',
      kind: 'diagnostic',
      diagnostic: 'cpu_last_hour',
      title: 'Rule out resource pressure',
      detail: 'High CPU or memory together with errors means the service is overloaded rather than broken.',
    },
    {
      id: 'post-initial',
      phase: 'diagnosis',
      kind: 'communication',
      update: 'initial',
      title: 'Post the first notice with the share of failing requests',
    },
    {
      id: 'rollback',
      phase: 'resolution',
      kind: 'remediation',
      action: { kind: 'rollback' },
      title: 'Roll back the release',
      when: 'If the errors began with a deployment.',
      caution: 'Check for database migrations in the release before going back.',
    },
    {
      id: 'feature-flag',
      phase: 'resolution',
      kind: 'manual',
      optional: true,
      title: 'Switch off the failing feature',
      when: 'If one feature fails and it sits behind a flag.',
      detail: 'Faster and safer than a rollback when the rest of the release is fine. Note the flag and its old value in the incident.',
    },
    {
      id: 'scale-out',
      phase: 'resolution',
      kind: 'remediation',
      action: { kind: 'scale', params: { mode: 'multiply', multiplier: 2 } },
      title: 'Add capacity',
      optional: true,
      when: 'If the errors come from overload (CPU, memory or connection limits).',
    },
    {
      id: 'restart',
      phase: 'resolution',
      kind: 'remediation',
      action: { kind: 'force_new_deployment' },
      title: 'Restart the tasks',
      optional: true,
      when: 'If the tasks hold broken state (a poisoned connection pool, a stale DNS entry for a dependency).',
    },
    {
      id: 'post-update',
      phase: 'resolution',
      kind: 'communication',
      update: 'update',
      title: 'Post what was done and what the error rate is now',
    },
    {
      id: 'errors-below',
      phase: 'verification',
      kind: 'verification',
      check: { kind: 'metric_below', signal: 'error_rate', line: 'warning', forMinutes: 10 },
      title: 'Errors stay under 1 % for 10 minutes',
    },
    healthUrlAnswers,
    postResolutionNotice,
    {
      id: 'follow-up',
      phase: 'follow_up',
      kind: 'manual',
      title: 'Open the fixes',
      detail: 'The code fix, a test that covers it, and an alert that would have fired earlier if this one came late.',
    },
  ],
  related: ['deployment-failure', 'bad-gateway-unhealthy-targets', 'high-cpu', 'db-connection-pool-exhausted', 'cache-down'],
}
