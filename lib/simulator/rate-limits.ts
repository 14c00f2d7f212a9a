// AWS's request rate limits, as token buckets per account and region, so a client that
// calls too often is throttled here as it would be in AWS. Rates from the AWS documentation
// where published (ECS, GetMetricData, FilterLogEvents, Lambda), conservative guesses elsewhere.
import type { FaultApi } from './faults'

type Rule = { name: string; api: FaultApi; ops?: RegExp; capacity: number; perSecond: number }

export const rateRules: Rule[] = [
  { name: 'ecs-register', api: 'ecs', ops: /^RegisterTaskDefinition$/, capacity: 5, perSecond: 1 },
  { name: 'ecs-write', api: 'ecs', ops: /^(UpdateService|CreateService|DeleteService)$/, capacity: 10, perSecond: 5 },
  { name: 'ecs-read', api: 'ecs', capacity: 50, perSecond: 20 },
  { name: 'cw-metric-data', api: 'cloudwatch', ops: /^GetMetricData$/, capacity: 50, perSecond: 50 },
  { name: 'cw-alarms', api: 'cloudwatch', capacity: 20, perSecond: 9 },
  { name: 'logs-filter', api: 'logs', ops: /^FilterLogEvents$/, capacity: 10, perSecond: 5 },
  { name: 'logs', api: 'logs', capacity: 20, perSecond: 10 },
  { name: 'elb-read', api: 'elbv2', capacity: 40, perSecond: 20 },
  // Lambda: GetFunction has its own 100 per second; the other control-plane calls share 15.
  { name: 'lambda-get-function', api: 'lambda', ops: /^GetFunction$/, capacity: 100, perSecond: 100 },
  { name: 'lambda-control', api: 'lambda', capacity: 15, perSecond: 15 },
  { name: 'rds-describe', api: 'rds', capacity: 40, perSecond: 20 },
  { name: 'elasticache-describe', api: 'elasticache', capacity: 40, perSecond: 20 },
  { name: 'dynamodb-control', api: 'dynamodb', capacity: 20, perSecond: 10 },
]

export class RateLimiter {
  private buckets = new Map<string, { tokens: number; at: number }>()

  constructor(private readonly now: () => number = () => Date.now()) {}

  /** False when this call is over the limit (and so should be throttled). */
  take(api: FaultApi, operation: string, region: string): boolean {
    const rule = rateRules.find((r) => r.api === api && (!r.ops || r.ops.test(operation)))
    if (!rule) return true
    const key = `${region}/${rule.name}`
    const t = this.now()
    const bucket = this.buckets.get(key) ?? { tokens: rule.capacity, at: t }
    bucket.tokens = Math.min(rule.capacity, bucket.tokens + ((t - bucket.at) / 1000) * rule.perSecond)
    bucket.at = t
    this.buckets.set(key, bucket)
    if (bucket.tokens < 1) return false
    bucket.tokens -= 1
    return true
  }
}
