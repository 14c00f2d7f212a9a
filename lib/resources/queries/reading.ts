import 'server-only'
// Reading the resources beside services from AWS: per region one describe call per kind, then
// their metrics in batched GetMetricData calls. The board's refresh (lib/health/queries/fleet.ts)
// reads them in its own batch beside the services' (lib/health/queries/fleet-resources.ts);
// loadResourceHealth reads them on their own (tests).
import { targetGroupLoadBalancers } from '@/lib/aws/elb'
import { isAwsError } from '@/lib/aws/errors'
import { getResourceMetrics, type ResourceMetricKind, type ResourceMetricTarget, type ResourceMetrics } from '@/lib/aws/resource-metrics'
import { describeDynamoTables, describeLambdaFunctions, lambdaAccountLimits, listCacheClusters, listDbInstances } from '@/lib/aws/resources'
import type { ResourceHealth, ResourceHealthRow, ResourceSummary } from '../dto'
import { resourceRunbooks, type ResourceKind } from '../kinds'
import { assessResource, type ConcurrencyLimit, type ResourceReading } from '../rules'

const messageOf = (err: unknown) => (isAwsError(err) || err instanceof Error ? err.message : String(err))
const settle = <T>(p: Promise<T>) =>
  p.then(
    (value) => ({ value, error: null as string | null }),
    (error: unknown) => ({ value: null, error: messageOf(error) }),
  )

const metricKind: Record<ResourceKind, ResourceMetricKind> = {
  LAMBDA: 'lambda',
  RDS: 'rds',
  ELASTICACHE: 'elasticache',
  DYNAMODB: 'dynamodb',
  LOAD_BALANCER: 'alb',
}
const kindWords: Record<ResourceKind, string> = {
  LAMBDA: 'function',
  RDS: 'DB instance',
  ELASTICACHE: 'cache cluster',
  DYNAMODB: 'table',
  LOAD_BALANCER: 'load balancer',
}

type Described = { state: string | null; missing?: string | null; blind?: string | null; concurrencyLimit?: ConcurrencyLimit | null }

/** Resource metrics are minute datapoints (the thresholds are per minute: lib/resources/thresholds.ts). */
const RESOURCE_PERIOD_S = 60

/** A region's resources described (the calls before their metrics): what AWS says of each, and which metrics to read. */
export type DescribedResources = { region: string; resources: ResourceSummary[]; described: Map<string, Described>; targets: ResourceMetricTarget[] }

/** Describes these resources of one region: one call per kind, in parallel; problems go to `errors`. */
export async function describeResources(region: string, resources: ResourceSummary[], errors: string[]): Promise<DescribedResources> {
  const of = (k: ResourceKind) => resources.filter((r) => r.kind === k)
  const lbs = of('LOAD_BALANCER')
  const tgs = [...new Set(lbs.flatMap((r) => r.config.targetGroupArns ?? []))]
  // Describe calls first (the load balancer's ARN comes from its target groups), in parallel.
  const [lambdas, account, dbs, caches, tables, lbOfTg] = await Promise.all([
    of('LAMBDA').length
      ? settle(
          describeLambdaFunctions(
            region,
            of('LAMBDA').map((r) => r.awsId),
          ),
        )
      : null,
    of('LAMBDA').length ? settle(lambdaAccountLimits(region)) : null,
    of('RDS').length ? settle(listDbInstances(region)) : null,
    of('ELASTICACHE').length ? settle(listCacheClusters(region)) : null,
    of('DYNAMODB').length
      ? settle(
          describeDynamoTables(
            region,
            of('DYNAMODB').map((r) => r.awsId),
          ),
        )
      : null,
    tgs.length ? settle(targetGroupLoadBalancers(region, tgs)) : null,
  ])
  for (const [what, r] of [
    ['Lambda', lambdas],
    ['Lambda account settings', account],
    ['RDS', dbs],
    ['ElastiCache', caches],
    ['DynamoDB', tables],
    ['ELB target groups', lbOfTg],
  ] as const)
    if (r?.error) errors.push(`${what} in ${region}: ${r.error}`)

  const lbArnOf = (r: ResourceSummary) =>
    r.arn?.startsWith('arn:') ? r.arn : ((r.config.targetGroupArns ?? []).map((tg) => lbOfTg?.value?.[tg]).find((a): a is string => Boolean(a)) ?? null)
  const describe = (r: ResourceSummary): Described => {
    const missing = `AWS has no ${kindWords[r.kind]} ${r.awsId} in ${region}`
    switch (r.kind) {
      case 'LAMBDA': {
        if (lambdas?.error) return { state: null, blind: `cannot describe the function: ${lambdas.error}`, concurrencyLimit: null }
        const fn = lambdas?.value?.[r.awsId]
        if (!fn) return { state: null, missing }
        // Reserved concurrency caps the function; without it, the account's unreserved pool.
        if (fn.reservedConcurrency != null) return { state: fn.state, concurrencyLimit: { limit: fn.reservedConcurrency, source: 'reserved' } }
        const pool = account?.value?.unreservedConcurrentExecutions
        if (pool == null)
          return {
            state: fn.state,
            concurrencyLimit: null,
            blind: `cannot read the account's concurrency limit: ${account?.error ?? 'GetAccountSettings did not say'}`,
          }
        return { state: fn.state, concurrencyLimit: { limit: pool, source: 'unreserved', accountLimit: account!.value!.concurrentExecutions } }
      }
      case 'RDS': {
        if (dbs?.error) return { state: null, blind: `cannot describe DB instances: ${dbs.error}` }
        const d = dbs?.value?.find((x) => x.id === r.awsId)
        return d ? { state: d.status } : { state: null, missing }
      }
      case 'ELASTICACHE': {
        if (caches?.error) return { state: null, blind: `cannot describe cache clusters: ${caches.error}` }
        const c = caches?.value?.find((x) => x.id === r.awsId)
        return c ? { state: c.status } : { state: null, missing }
      }
      case 'DYNAMODB':
        if (tables?.error) return { state: null, blind: `cannot describe the table: ${tables.error}` }
        return tables?.value?.[r.awsId] ? { state: tables.value[r.awsId]!.status } : { state: null, missing }
      case 'LOAD_BALANCER':
        if (lbOfTg?.error) return { state: null, blind: `cannot read its target groups: ${lbOfTg.error}` }
        return lbArnOf(r) ? { state: null } : { state: null, missing: `no target group of ${r.name} is attached to a load balancer in ${region}` }
    }
  }

  const described = new Map(resources.map((r) => [r.id, describe(r)]))
  const targets = resources
    .filter((r) => !described.get(r.id)!.missing && (r.kind !== 'LOAD_BALANCER' || lbArnOf(r)))
    .map((r) => ({
      key: r.id,
      kind: metricKind[r.kind],
      id: r.kind === 'LOAD_BALANCER' ? lbArnOf(r)! : r.awsId,
      targetGroupArns: r.config.targetGroupArns,
    }))
  return { region, resources, described, targets }
}

/** The window and period of resource metrics: minute datapoints over the last 10 minutes. */
export const resourceMetricsWindow = (now: Date) => ({ start: new Date(now.getTime() - 10 * 60_000), end: now, periodSeconds: RESOURCE_PERIOD_S })

/** The rows of described resources, from their metrics as read (a refused read: `error`, and each says it is blind to metrics). */
export function resourceRows(
  { region, resources, described }: DescribedResources,
  metrics: { value: Record<string, ResourceMetrics> | null; error: string | null },
  errors: string[],
  now: Date,
): ResourceHealthRow[] {
  if (metrics.error) errors.push(`CloudWatch metrics in ${region}: ${metrics.error}`)
  return resources.map((r) => {
    const d = described.get(r.id)!
    const m = metrics.value?.[r.id]
    const metricsError = metrics.error ?? (m?.error ? m.error.message : null)
    const at = (t: number | null | undefined) => (t == null ? null : new Date(t).toISOString())
    const reading: ResourceReading = {
      periodSeconds: RESOURCE_PERIOD_S,
      values: m && !metricsError ? m.latest : {},
      at: m && !metricsError ? Object.fromEntries(Object.entries(m.latestAt).map(([k, t]) => [k, at(t)])) : {},
      state: d.state,
      missing: d.missing,
      blind: [...(d.blind ? [d.blind] : []), ...(metricsError ? [`blind to metrics: ${metricsError}`] : [])],
      concurrencyLimit: r.kind === 'LAMBDA' ? d.concurrencyLimit : undefined,
    }
    const verdict = assessResource(r.kind, reading, r.config, now)
    const fresh = Object.fromEntries(
      Object.entries(reading.values).filter(([k, v]) => v != null && reading.at[k] && now.getTime() - Date.parse(reading.at[k]!) <= 3 * 60_000) as [
        string,
        number,
      ][],
    )
    return {
      resourceId: r.id,
      kind: r.kind,
      name: r.name,
      awsId: r.awsId,
      region: r.region,
      environment: r.environment,
      team: r.team,
      status: verdict.status,
      reason: verdict.reason,
      findings: verdict.findings,
      observedAt: now.toISOString(),
      state: d.state,
      values: fresh,
      serviceIds: r.serviceIds,
      database: r.database,
      runbooks:
        verdict.status === 'critical' || verdict.status === 'degraded'
          ? runbooksFor(
              r.kind,
              verdict.findings.map((f) => f.signal),
            )
          : [],
    }
  })
}

async function loadRegion(region: string, resources: ResourceSummary[], errors: string[], now: Date): Promise<ResourceHealthRow[]> {
  const d = await describeResources(region, resources, errors)
  const metrics = d.targets.length ? await settle(getResourceMetrics(region, d.targets, resourceMetricsWindow(now))) : { value: {}, error: null }
  return resourceRows(d, metrics, errors, now)
}

/** The runbooks an unhealthy resource suggests; for a database, the one its finding points to first. */
export function runbooksFor(kind: ResourceKind, signals: string[]): string[] {
  if (kind !== 'RDS') return resourceRunbooks[kind]
  // Lock contention piles up connections and slows queries alike: its runbook (live blocking chains) comes second.
  return signals.includes('connections')
    ? ['db-connection-pool-exhausted', 'db-lock-contention', 'database-performance']
    : ['database-performance', 'db-lock-contention', 'db-connection-pool-exhausted']
}

/** The health of these resources as of `now` (the metrics window ends there). */
export async function loadResourceHealth(resources: ResourceSummary[], now: Date = new Date()): Promise<Pick<ResourceHealth, 'resources' | 'errors'>> {
  const errors: string[] = []
  const regions = [...new Set(resources.map((r) => r.region))]
  const rows = (
    await Promise.all(
      regions.map((region) =>
        loadRegion(
          region,
          resources.filter((r) => r.region === region),
          errors,
          now,
        ),
      ),
    )
  ).flat()
  const order = new Map(resources.map((r, i) => [r.id, i]))
  return { resources: rows.sort((a, b) => order.get(a.resourceId)! - order.get(b.resourceId)!), errors }
}
