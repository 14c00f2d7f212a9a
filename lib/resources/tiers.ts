// Refresh tiers of the resources beside services, read in the board's refresh
// (lib/health/queries/fleet.ts): one lease and one GetMetricData batch per interval for both.
// A resource in trouble, not read yet, or linked to a service read at the fast rate (open
// incident, firing alarm, page open, in trouble: lib/health/tiers.ts) is read every interval;
// the rest once a minute, as often as their minute datapoints change. A row not read keeps the
// time it was observed, and its values were current then (a datapoint counts two periods after
// its own: a minute-old reading of minute datapoints is still current). Pure.
import type { ResourceHealthRow, ResourceSummary } from './dto'

/** Quiet resources: described and their metrics read this often. */
export const QUIET_RESOURCE_MS = 60_000

/** Whether this resource is read at the fast rate: in trouble, unread, or serving a hot service. */
export function resourceHot(r: Pick<ResourceSummary, 'serviceIds'>, previous: Pick<ResourceHealthRow, 'status'> | undefined, hotServices: ReadonlySet<string>) {
  return !previous || previous.status !== 'healthy' || r.serviceIds.some((id) => hotServices.has(id))
}

/** The resources to read now; the others keep their last row. */
export function resourcesDue<R extends Pick<ResourceSummary, 'id' | 'serviceIds'>>(
  resources: R[],
  previous: ReadonlyMap<string, Pick<ResourceHealthRow, 'status' | 'observedAt'>>,
  hotServices: ReadonlySet<string>,
  now: Date,
): R[] {
  return resources.filter((r) => {
    const prev = previous.get(r.id)
    // A second of slack: refreshes run every interval, give or take the time one takes.
    return resourceHot(r, prev, hotServices) || now.getTime() - Date.parse(prev!.observedAt) >= QUIET_RESOURCE_MS - 1000
  })
}
