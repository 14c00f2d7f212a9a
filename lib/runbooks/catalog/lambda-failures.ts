import { sh } from '@/lib/commands/shell'
import { shell, variable } from '../templates'
import type { Runbook, ShellCommand } from '../types'

const fn = variable('FUNCTION_NAME')

const lambdaMetric = (label: string, metric: string, statistic: 'Sum' | 'Maximum' | 'Average'): ShellCommand =>
  shell(
    label,
    (c) =>
      `${sh`aws cloudwatch get-metric-statistics --region ${c.region} --namespace AWS/Lambda --metric-name ${metric}`} --dimensions Name=FunctionName,Value=${fn} --statistics ${statistic} --period 300 --start-time "$(date -u -d '-1 hour' +%FT%TZ)" --end-time "$(date -u +%FT%TZ)" --query 'sort_by(Datapoints,&Timestamp)[].[Timestamp,${statistic}]' --output table`,
  )

export const lambdaFailures: Runbook = {
  id: 'lambda-failures',
  title: 'Lambda function failures',
  summary:
    'A Lambda function errors, times out or is throttled. Read its logs and error metrics, invoke it by hand to see the failure, and fix the timeout, package, permission or missing resource behind it.',
  category: 'serverless',
  severityHint: 'SEV3',
  symptoms: [
    'An errors alarm fires for a function',
    'The Errors or Throttles metric of the function rises',
    'An SNS alert or a dead-letter queue fills with failed events',
    'Work the function should do (a queue drained, a file processed) stops happening',
  ],
  matchers: {
    alarmPatterns: ['lambda', '(?<!5xx)-errors$', '-throttles$', 'dead-?letter', 'dlq'],
    keywords: [
      'lambda',
      'lambda function',
      'serverless',
      'task timed out',
      'timed out after',
      'importmoduleerror',
      'runtime.importmoduleerror',
      'throttles',
      'dead letter',
      'dlq',
      'invocation',
    ],
  },
  steps: [
    {
      id: 'logs',
      phase: 'diagnosis',
      kind: 'manual',
      title: 'Read the function logs',
      detail: 'Set FUNCTION_NAME to the full function name first. The REPORT lines show duration and memory used per invocation.',
      commands: [
        shell(
          'Follow the function logs (last 30 minutes)',
          (c) => `aws logs tail "/aws/lambda/$FUNCTION_NAME" ${sh`--region ${c.region}`} --since 30m --follow`,
        ),
        shell(
          'Errors and timeouts only',
          (c) => `aws logs tail "/aws/lambda/$FUNCTION_NAME" ${sh`--region ${c.region}`} --since 1h --filter-pattern '?ERROR ?"Task timed out" ?Exception'`,
        ),
      ],
    },
    {
      id: 'metrics',
      phase: 'diagnosis',
      kind: 'manual',
      title: 'Look at errors, throttles and duration over the last hour',
      commands: [
        lambdaMetric('Errors per 5 minutes', 'Errors', 'Sum'),
        lambdaMetric('Throttles per 5 minutes', 'Throttles', 'Sum'),
        lambdaMetric('Longest duration (ms)', 'Duration', 'Maximum'),
        lambdaMetric('Invocations per 5 minutes', 'Invocations', 'Sum'),
      ],
    },
    {
      id: 'configuration',
      phase: 'diagnosis',
      kind: 'manual',
      title: 'Check the configuration and the last change',
      detail: 'Timeout, memory, runtime, layers, role and the last modified time. A change just before the errors is the first suspect.',
      commands: [
        shell(
          'Configuration of the function',
          (c) =>
            `${sh`aws lambda get-function-configuration --region ${c.region}`} --function-name ${fn} --query '{runtime:Runtime,timeout:Timeout,memory:MemorySize,role:Role,layers:Layers[].Arn,modified:LastModified,state:State,lastUpdate:LastUpdateStatus}'`,
        ),
        shell(
          'Reserved concurrency (0 means it is switched off)',
          (c) => `${sh`aws lambda get-function-concurrency --region ${c.region}`} --function-name ${fn}`,
        ),
      ],
    },
    {
      id: 'match-error',
      phase: 'diagnosis',
      kind: 'manual',
      title: 'Match the error to its usual cause',
      detail:
        '"Task timed out after N seconds": the work takes longer than the timeout (or waits on a slow dependency); raise the timeout or speed it up. Runtime.ImportModuleError: a dependency is missing from the package or layer; rebuild and redeploy it. AccessDenied / AccessDeniedException: the execution role lacks a permission; add it. ResourceNotFoundException: a table, topic or queue it uses does not exist (wrong name or environment); create it or fix the name. Throttles: the concurrency limit is reached; raise reserved concurrency or the account limit.',
    },
    {
      id: 'invoke',
      phase: 'diagnosis',
      kind: 'manual',
      title: 'Invoke it by hand and read the tail of its log',
      caution: 'The function really runs: use a payload that does no harm, or invoke it in a non-production environment.',
      commands: [
        shell(
          'Invoke with an empty event and print the last 4 KB of its log',
          (c) =>
            `${sh`aws lambda invoke --region ${c.region}`} --function-name ${fn} --payload '{}' --cli-binary-format raw-in-base64-out --log-type Tail --query LogResult --output text /tmp/lambda-out.json | base64 -d`,
        ),
        shell('What it returned', () => 'cat /tmp/lambda-out.json'),
      ],
    },
    {
      id: 'post-initial',
      phase: 'diagnosis',
      kind: 'communication',
      update: 'initial',
      title: 'Post the first notice if users feel it',
      optional: true,
    },
    {
      id: 'raise-timeout',
      phase: 'resolution',
      kind: 'manual',
      optional: true,
      title: 'Raise the timeout or the memory',
      when: 'If invocations time out, or run out of memory (memory used equals memory size in the REPORT lines).',
      detail: 'More memory also gives more CPU. The timeout cannot exceed 900 seconds.',
      commands: [
        shell(
          'Set timeout and memory (set TIMEOUT_SECONDS and MEMORY_MB)',
          (c) =>
            `${sh`aws lambda update-function-configuration --region ${c.region}`} --function-name ${fn} --timeout "$TIMEOUT_SECONDS" --memory-size "$MEMORY_MB"`,
        ),
      ],
    },
    {
      id: 'fix-env',
      phase: 'resolution',
      kind: 'manual',
      optional: true,
      title: 'Correct an environment variable',
      caution: 'This call replaces every variable of the function: pass all of them, not just the one you change. Read them first.',
      commands: [
        shell(
          'Current variables',
          (c) => `${sh`aws lambda get-function-configuration --region ${c.region}`} --function-name ${fn} --query 'Environment.Variables'`,
        ),
        shell(
          'Write the full set back (edit env.json first)',
          (c) => `${sh`aws lambda update-function-configuration --region ${c.region}`} --function-name ${fn} --environment file://env.json`,
        ),
      ],
    },
    {
      id: 'previous-version',
      phase: 'resolution',
      kind: 'manual',
      optional: true,
      title: 'Point the alias back at the previous version',
      when: 'If a new version broke it and callers use an alias.',
      commands: [
        shell(
          'Versions of the function',
          (c) =>
            `${sh`aws lambda list-versions-by-function --region ${c.region}`} --function-name ${fn} --query 'Versions[-5:].[Version,LastModified,Description]' --output table`,
        ),
        shell(
          'Move the alias (set ALIAS and PREVIOUS_VERSION)',
          (c) => `${sh`aws lambda update-alias --region ${c.region}`} --function-name ${fn} --name "$ALIAS" --function-version "$PREVIOUS_VERSION"`,
        ),
      ],
    },
    {
      id: 'fix-permissions',
      phase: 'resolution',
      kind: 'manual',
      optional: true,
      title: 'Grant the missing permission or create the missing resource',
      when: 'If the error is AccessDenied or ResourceNotFoundException.',
      detail: 'Change the execution role (or the resource policy) in the infrastructure code, apply it, and invoke again.',
    },
    {
      id: 'post-update',
      phase: 'resolution',
      kind: 'communication',
      update: 'update',
      title: 'Post the cause and the fix',
    },
    {
      id: 'errors-zero',
      phase: 'verification',
      kind: 'manual',
      title: 'Errors and throttles back to zero for 5 minutes',
      detail: 'Also replay the events that failed meanwhile (from the dead-letter queue or the source) if the function does not retry them.',
      commands: [lambdaMetric('Errors per 5 minutes', 'Errors', 'Sum'), lambdaMetric('Throttles per 5 minutes', 'Throttles', 'Sum')],
    },
    {
      id: 'follow-up',
      phase: 'follow_up',
      kind: 'manual',
      title: 'Record the outcome in the incident',
      detail: 'What failed, what changed, which events were lost or replayed, and a ticket for the lasting fix.',
    },
  ],
  related: ['high-error-rate', 'dynamodb-throttling'],
}
