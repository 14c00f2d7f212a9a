import { describe, expect, it, vi } from 'vitest'

// sns.ts reaches the outbound guard, which reads the configuration; none is needed here.
vi.hoisted(() => {
  process.env.SKIP_ENV_VALIDATION = '1'
})
import { labelFingerprint, parseEventBridge, parseSnsAlarm, PayloadError } from './parse'
import { effectiveCategory, incidentTitle, routeAlert } from './signals'
import { freshness, isSnsUrl, stringToSign, type SnsEnvelope } from './sns'

const NOW = new Date('2030-05-01T10:00:00Z')

describe('CloudWatch alarms', () => {
  it('reads an EventBridge alarm state change with its ECS dimensions', () => {
    const { signals } = parseEventBridge(
      {
        'detail-type': 'CloudWatch Alarm State Change',
        source: 'aws.cloudwatch',
        time: '2030-05-01T09:59:00Z',
        region: 'eu-west-1',
        resources: ['arn:aws:cloudwatch:eu-west-1:1:alarm:prod-orders-crashing'],
        detail: {
          alarmName: 'prod-orders-crashing',
          state: { value: 'ALARM', reason: 'tasks stopped' },
          configuration: {
            metrics: [{ metricStat: { metric: { name: 'RunningTaskCount', dimensions: { ClusterName: 'shop-prod', ServiceName: 'orders' } } } }],
          },
        },
      },
      NOW,
    )
    expect(signals[0]).toMatchObject({
      fingerprint: 'alarm:arn:aws:cloudwatch:eu-west-1:1:alarm:prod-orders-crashing',
      state: 'FIRING',
      category: 'crash_loop',
      severity: 'CRITICAL',
      hint: { region: 'eu-west-1', cluster: 'shop-prod', serviceName: 'orders' },
    })
  })

  it('a 5xx rate alarm is critical only at or above the critical error rate', () => {
    const alarm = (threshold: number) =>
      parseSnsAlarm({ AlarmName: 'orders-5xx', NewStateValue: 'ALARM', Trigger: { MetricName: 'ErrorRatePercent', Threshold: threshold, Dimensions: [] } }, NOW)
        .signals[0]
    expect(alarm(5).severity).toBe('CRITICAL')
    expect(alarm(2).severity).toBe('WARNING')
  })

  it('INSUFFICIENT_DATA changes nothing; a broken alarm is refused with the field named', () => {
    expect(parseSnsAlarm({ AlarmName: 'a', NewStateValue: 'INSUFFICIENT_DATA' }, NOW).signals).toEqual([])
    expect(() => parseSnsAlarm({ AlarmName: 'a', NewStateValue: 'RED' }, NOW)).toThrow(PayloadError)
    expect(() => parseSnsAlarm({ AlarmName: 'a', NewStateValue: 'RED' }, NOW)).toThrow(/NewStateValue/)
  })
})

describe('fingerprints and routing', () => {
  it('a label set has one fingerprint whatever the order of its labels', () => {
    expect(labelFingerprint({ a: '1', b: '2' })).toBe(labelFingerprint({ b: '2', a: '1' }))
    expect(labelFingerprint({ a: '1', b: '2' })).not.toBe(labelFingerprint({ a: '1', b: '3' }))
  })

  it('declares only firing, prod, user-hurting alerts', () => {
    const a = { state: 'FIRING', severity: 'CRITICAL', category: 'service_down' as const, title: 'down', reason: 'r' }
    expect(routeAlert(a, 'PROD')).toMatchObject({ action: 'declare', severity: 'SEV2', runbookId: 'bad-gateway-unhealthy-targets' })
    expect(routeAlert(a, 'STAGING').action).toBe('inbox')
    expect(routeAlert({ ...a, state: 'RESOLVED' }, 'PROD').action).toBe('inbox')
    expect(routeAlert({ ...a, severity: 'WARNING' }, 'PROD').action).toBe('inbox')
    expect(routeAlert({ ...a, category: 'other' }, 'PROD').action).toBe('inbox')
    expect(routeAlert({ ...a, severity: 'WARNING', category: 'deployment_failed' }, 'PROD').action).toBe('declare')
    expect(effectiveCategory('task_stopped', 2)).toBe('task_stopped')
    expect(effectiveCategory('task_stopped', 3)).toBe('crash_loop')
  })

  it('names an incident from stopped tasks counted into a crash loop as a crash loop', () => {
    const stopped = { title: 'ECS task stopped: orders-api on shop-prod', category: 'task_stopped' }
    expect(incidentTitle(stopped, 'crash_loop', 3)).toBe('Crash loop: orders-api on shop-prod (3 tasks stopped)')
    expect(incidentTitle(stopped, 'task_stopped', 1)).toBe(stopped.title)
    expect(incidentTitle({ title: 'orders-api down', category: 'service_down' }, 'service_down', 4)).toBe('orders-api down')
  })
})

describe('SNS', () => {
  it('accepts certificate and subscription URLs on SNS hosts only', () => {
    expect(isSnsUrl('https://sns.us-east-1.amazonaws.com/SimpleNotificationService-abc.pem', { pem: true })).toBe(true)
    expect(isSnsUrl('https://sns.cn-north-1.amazonaws.com.cn/x.pem', { pem: true })).toBe(true)
    for (const bad of [
      'http://sns.us-east-1.amazonaws.com/x.pem',
      'https://sns.us-east-1.amazonaws.com.evil.com/x.pem',
      'https://evil.com/sns.us-east-1.amazonaws.com/x.pem',
      'https://sns.us-east-1.amazonaws.com:8443/x.pem',
      'https://user@sns.us-east-1.amazonaws.com/x.pem',
      'https://s3.amazonaws.com/x.pem',
      'https://sns.us-east-1.amazonaws.com/x.txt',
    ])
      expect(isSnsUrl(bad, { pem: true }), bad).toBe(false)
  })

  it('signs the documented keys in order, leaving out an absent Subject', () => {
    const m = { Type: 'Notification', MessageId: 'm', TopicArn: 't', Message: 'hello', Timestamp: 'ts' } as SnsEnvelope
    expect(stringToSign(m)).toBe('Message\nhello\nMessageId\nm\nTimestamp\nts\nTopicArn\nt\nType\nNotification\n')
    const c = { ...m, Type: 'SubscriptionConfirmation', SubscribeURL: 'u', Token: 'k' } as SnsEnvelope
    expect(stringToSign(c)).toBe('Message\nhello\nMessageId\nm\nSubscribeURL\nu\nTimestamp\nts\nToken\nk\nTopicArn\nt\nType\nSubscriptionConfirmation\n')
  })

  it('refuses messages older than an hour or from the future', () => {
    const at = (iso: string) => freshness({ Timestamp: iso } as SnsEnvelope, NOW)
    expect(at('2030-05-01T09:05:00Z').ok).toBe(true)
    expect(at('2030-05-01T08:59:00Z').ok).toBe(false)
    expect(at('2030-05-01T10:10:00Z').ok).toBe(false)
  })
})
