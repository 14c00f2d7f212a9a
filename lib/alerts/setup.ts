// Setup instructions an admin copies for each kind of integration. Pure and client-safe.
import type { IntegrationKind } from './schemas'

const eventPattern = JSON.stringify({
  source: ['aws.cloudwatch', 'aws.ecs'],
  'detail-type': ['CloudWatch Alarm State Change', 'ECS Task State Change', 'ECS Deployment State Change'],
})

/** Steps as [label, text to copy]; `token` is shown only right after it was made. */
export function setupSteps(kind: IntegrationKind, base: string, opts: { token?: string | null; topicArns?: string[] } = {}): [string, string][] {
  const token = opts.token ?? '<the token shown when it was made or rotated>'
  const topic = opts.topicArns?.[0] ?? 'arn:aws:sns:<region>:<account>:<topic>'
  switch (kind) {
    case 'SNS':
      return [
        [
          'Subscribe this app to the topic (confirmed automatically)',
          `aws sns subscribe --topic-arn ${topic} --protocol https --notification-endpoint ${base}/api/alerts/sns`,
        ],
        [
          'Send an alarm to the topic',
          `aws cloudwatch put-metric-alarm --alarm-name <env>-<service>-unhealthy … --alarm-actions ${topic} --ok-actions ${topic}`,
        ],
        ['Or send ECS events through the topic (EventBridge rule pattern)', eventPattern],
      ]
    case 'EVENTBRIDGE':
      return [
        [
          'Connection with the token',
          `aws events create-connection --name incident-command --authorization-type API_KEY --auth-parameters '{"ApiKeyAuthParameters":{"ApiKeyName":"X-Alert-Token","ApiKeyValue":"${token}"}}'`,
        ],
        [
          'API destination',
          `aws events create-api-destination --name incident-command --connection-arn <connection arn> --invocation-endpoint ${base}/api/alerts/eventbridge --http-method POST`,
        ],
        ['Rule pattern', eventPattern],
      ]
    case 'ALERTMANAGER':
      return [
        [
          'alertmanager.yml receiver',
          `receivers:\n  - name: incident-command\n    webhook_configs:\n      - url: ${base}/api/alerts/alertmanager\n        send_resolved: true\n        http_config:\n          authorization:\n            credentials: ${token}`,
        ],
      ]
    case 'WEBHOOK':
      return [
        [
          'Send an alert',
          `curl -X POST ${base}/api/alerts/webhook -H 'Authorization: Bearer ${token}' -H 'Content-Type: application/json' \\\n  -d '{"title":"orders API down","status":"firing","severity":"critical","category":"service_down","service":"orders-api","cluster":"shop-prod","reason":"0/3 tasks healthy"}'`,
        ],
      ]
  }
}
