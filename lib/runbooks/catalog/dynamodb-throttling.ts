import { sh } from '@/lib/commands/shell'
import { grepLogs, shell } from '../templates'
import type { Runbook, ShellCommand } from '../types'

const tableMetric = (label: string, metric: string, statistic: 'Sum' | 'Average' | 'Maximum'): ShellCommand =>
  shell(
    label,
    (c) =>
      `${sh`aws cloudwatch get-metric-statistics --region ${c.region} --namespace AWS/DynamoDB --metric-name ${metric}`} --dimensions Name=TableName,Value="$TABLE" --statistics ${statistic} --period 300 --start-time "$(date -u -d '-1 hour' +%FT%TZ)" --end-time "$(date -u +%FT%TZ)" --query 'sort_by(Datapoints,&Timestamp)[].[Timestamp,${statistic}]' --output table`,
  )

export const dynamodbThrottling: Runbook = {
  id: 'dynamodb-throttling',
  title: 'DynamoDB throttling',
  summary:
    'Requests to a DynamoDB table are throttled or slow. Compare consumed with provisioned capacity, look for a hot partition, then add capacity or switch to on-demand while access patterns get fixed.',
  category: 'data',
  severityHint: 'SEV3',
  symptoms: [
    'ProvisionedThroughputExceededException or ThrottlingException in the logs',
    'Throttled requests or UserErrors / SystemErrors in the table metrics',
    'Latency of database calls rises for one table',
  ],
  matchers: {
    alarmPatterns: ['dynamo', 'throttl', '(read|write)-?capacity', 'consumed-?(read|write)'],
    keywords: ['dynamodb', 'dynamo', 'throttling', 'throttled requests', 'provisionedthroughputexceeded', 'hot partition', 'read capacity', 'write capacity'],
  },
  steps: [
    {
      id: 'error-logs',
      phase: 'diagnosis',
      kind: 'diagnostic',
      diagnostic: 'error_logs',
      params: { pattern: '?ProvisionedThroughputExceeded ?ThrottlingException ?"Rate exceeded"' },
      title: 'Find the throttling errors and the table they name',
    },
    {
      id: 'capacity',
      phase: 'diagnosis',
      kind: 'manual',
      title: 'Compare consumed and provisioned capacity (set TABLE)',
      detail: 'Consumed at the provisioned line means the table is too small; throttling well below it means one partition is hot.',
      commands: [
        shell(
          'Billing mode and provisioned capacity',
          (c) =>
            `${sh`aws dynamodb describe-table --region ${c.region}`} --table-name "$TABLE" --query 'Table.{mode:BillingModeSummary.BillingMode,read:ProvisionedThroughput.ReadCapacityUnits,write:ProvisionedThroughput.WriteCapacityUnits,indexes:GlobalSecondaryIndexes[].IndexName}'`,
        ),
        tableMetric('Consumed reads per 5 minutes', 'ConsumedReadCapacityUnits', 'Sum'),
        tableMetric('Consumed writes per 5 minutes', 'ConsumedWriteCapacityUnits', 'Sum'),
        tableMetric('Throttled requests', 'ThrottledRequests', 'Sum'),
        tableMetric('Client errors', 'UserErrors', 'Sum'),
      ],
    },
    {
      id: 'hot-keys',
      phase: 'diagnosis',
      kind: 'manual',
      optional: true,
      title: 'Find the hot keys',
      detail:
        'CloudWatch Contributor Insights for DynamoDB lists the most accessed and most throttled keys. Also look for scans where a query would do, and indexes that take more writes than the table.',
      commands: [
        shell(
          'Turn on Contributor Insights for the table',
          (c) => `${sh`aws dynamodb update-contributor-insights --region ${c.region}`} --table-name "$TABLE" --contributor-insights-action ENABLE`,
        ),
      ],
    },
    {
      id: 'latency',
      phase: 'diagnosis',
      kind: 'diagnostic',
      diagnostic: 'latency_last_hour',
      title: 'See what the service feels',
    },
    {
      id: 'add-capacity',
      phase: 'resolution',
      kind: 'manual',
      title: 'Add capacity or switch to on-demand',
      detail:
        'On-demand absorbs spikes without planning; raising provisioned capacity is cheaper for steady load. Decreases are limited per day, so do not overshoot wildly.',
      commands: [
        shell(
          'Switch the table to on-demand',
          (c) => `${sh`aws dynamodb update-table --region ${c.region}`} --table-name "$TABLE" --billing-mode PAY_PER_REQUEST`,
        ),
        shell(
          'Or raise provisioned capacity (set READ_UNITS and WRITE_UNITS)',
          (c) =>
            `${sh`aws dynamodb update-table --region ${c.region}`} --table-name "$TABLE" --provisioned-throughput ReadCapacityUnits="$READ_UNITS",WriteCapacityUnits="$WRITE_UNITS"`,
        ),
      ],
    },
    {
      id: 'backoff',
      phase: 'resolution',
      kind: 'manual',
      optional: true,
      title: 'Make clients back off',
      detail: 'Retries with exponential backoff and jitter (the AWS SDKs do this by default; check it was not turned off) keep a burst from becoming a storm.',
      commands: [grepLogs('Throttling in the last 10 minutes', '?ProvisionedThroughputExceeded ?ThrottlingException', 10)],
    },
    {
      id: 'errors-below',
      phase: 'verification',
      kind: 'verification',
      check: { kind: 'metric_below', signal: 'error_rate', line: 'warning', forMinutes: 10 },
      title: 'Errors under 1 % for 10 minutes',
    },
    {
      id: 'latency-below',
      phase: 'verification',
      kind: 'verification',
      check: { kind: 'metric_below', signal: 'latency', line: 'warning', forMinutes: 10 },
      title: 'Latency under 500 ms',
    },
    {
      id: 'no-throttles',
      phase: 'verification',
      kind: 'manual',
      title: 'Throttled requests back to zero',
      commands: [tableMetric('Throttled requests', 'ThrottledRequests', 'Sum')],
    },
    {
      id: 'follow-up',
      phase: 'follow_up',
      kind: 'manual',
      title: 'Fix the access pattern',
      detail:
        'Spread writes over more partition keys, replace scans with queries on an index, enable auto scaling on provisioned tables, and alarm on throttled requests.',
    },
  ],
  related: ['database-performance', 'lambda-failures', 'high-error-rate'],
}
