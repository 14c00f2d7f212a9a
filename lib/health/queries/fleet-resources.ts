import 'server-only'
// The resources beside services in the board's refresh (lib/health/queries/fleet.ts): one
// lease and one GetMetricData batch per interval for both. Per region, the resources due
// (lib/resources/tiers.ts) are described while ECS is, and their metrics ride in the same
// calls as the services read at the fast rate (same window: minute datapoints over the last
// ten minutes). A resource not due keeps its last row and the time it was observed.
import { serviceMetricsReader } from '@/lib/aws/cloudwatch'
import { readMetricsTogether, type MetricReader } from '@/lib/aws/metric-batch'
import { resourceMetricsReader, type ResourceMetrics } from '@/lib/aws/resource-metrics'
import type { MetricTarget, ServiceMetrics } from '@/lib/aws/types'
import type { ResourceHealthRow, ResourceSummary } from '@/lib/resources/dto'
import { describeResources, resourceMetricsWindow, resourceRows } from '@/lib/resources/queries/reading'
import { resourcesDue } from '@/lib/resources/tiers'
import { HOT_METRICS_PERIOD_S } from '../tiers'

/** What the refresh knows of the resources: the catalog's, the last rows, and which services are read at the fast rate. */
export type ResourcePart = { list: ResourceSummary[]; previous: Map<string, ResourceHealthRow>; hotServices: Set<string> }

type Settled<T> = { value: T | null; error: string | null }
const none: MetricReader<Record<string, never>> = { groups: [], read: () => ({}) }

/**
 * One region's fast metrics, services' and resources' in one batch, and the resources' rows. `hotTargets`: the services
 * whose minute metrics are due; `errors` gets the resources' problems (the services' are reported by the caller).
 */
export async function readFastMetrics(
  region: string,
  hotTargets: MetricTarget[],
  part: ResourcePart | undefined,
  now: Date,
  errors: string[],
  messageOf: (err: unknown) => string,
): Promise<{ services: Settled<Record<string, ServiceMetrics>>; resources: ResourceHealthRow[] }> {
  const list = part?.list.filter((r) => r.region === region) ?? []
  const due = part ? resourcesDue(list, part.previous, part.hotServices, now) : []
  const [described, services] = await Promise.all([
    due.length ? describeResources(region, due, errors) : null,
    hotTargets.length ? serviceMetricsReader(region, hotTargets, HOT_METRICS_PERIOD_S) : none,
  ])
  const resources = described?.targets.length ? resourceMetricsReader(described.targets, HOT_METRICS_PERIOD_S) : none
  let read: Settled<[Record<string, ServiceMetrics>, Record<string, ResourceMetrics>]>
  try {
    read = { value: await readMetricsTogether(region, resourceMetricsWindow(now), services, resources), error: null }
  } catch (err) {
    read = { value: null, error: messageOf(err) }
  }
  const fresh = new Map(
    (described ? resourceRows(described, { value: read.value?.[1] ?? null, error: read.error }, errors, now) : []).map((r) => [r.resourceId, r]),
  )
  return {
    services: { value: read.value?.[0] ?? null, error: read.error },
    resources: list.map((r) => fresh.get(r.id) ?? part!.previous.get(r.id)!),
  }
}
