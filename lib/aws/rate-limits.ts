// AWS's request rate limits, as token buckets per account and region. Rates from the AWS
// documentation where published (ECS, GetMetricData, FilterLogEvents, Lambda), conservative
// guesses elsewhere. Two users: the simulator throttles a client that calls too often, as AWS
// would (`take`), and the app's own clients pace themselves under the same rates so that a
// burst (a cold start reading 2,000 services at once) waits its turn instead of being
// throttled (`reserve`, lib/aws/pace.ts).

/** The APIs, by the simulator's names for them. */
export type RateApi = 'ecs' | 'cloudwatch' | 'logs' | 'elbv2' | 'lambda' | 'rds' | 'elasticache' | 'dynamodb'

export type RateRule = { name: string; api: RateApi; ops?: RegExp; capacity: number; perSecond: number }

export const rateRules: RateRule[] = [
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

  /** `burst`: the share of each bucket's capacity this limiter allows at once (the app leaves AWS's burst for others). */
  constructor(
    private readonly now: () => number = () => Date.now(),
    private readonly burst = 1,
  ) {}

  private bucket(api: RateApi, operation: string, region: string) {
    const rule = rateRules.find((r) => r.api === api && (!r.ops || r.ops.test(operation)))
    if (!rule) return null
    const capacity = Math.max(1, rule.capacity * this.burst)
    const key = `${region}/${rule.name}`
    const t = this.now()
    const bucket = this.buckets.get(key) ?? { tokens: capacity, at: t }
    bucket.tokens = Math.min(capacity, bucket.tokens + ((t - bucket.at) / 1000) * rule.perSecond)
    bucket.at = t
    this.buckets.set(key, bucket)
    return { bucket, rule }
  }

  /** False when this call is over the limit (and so should be throttled). */
  take(api: RateApi, operation: string, region: string): boolean {
    const b = this.bucket(api, operation, region)
    if (!b) return true
    if (b.bucket.tokens < 1) return false
    b.bucket.tokens -= 1
    return true
  }

  /** Takes a token now or in the future: how many milliseconds to wait before the call (0: at once). */
  reserve(api: RateApi, operation: string, region: string): number {
    const b = this.bucket(api, operation, region)
    if (!b) return 0
    b.bucket.tokens -= 1
    return b.bucket.tokens >= 0 ? 0 : Math.ceil((-b.bucket.tokens / b.rule.perSecond) * 1000)
  }
}
