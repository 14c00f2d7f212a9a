import 'server-only'
// Live health of the resources beside services: read in the board's refresh, one lease and one
// GetMetricData batch per interval for services and resources together (lib/health/queries/fleet.ts),
// shared by every viewer and instance; quiet resources are read once a minute (lib/resources/tiers.ts).
import type { Actor } from '@/lib/actions/actor'
import { getHealthReading } from '@/lib/health/queries/fleet'
import type { ResourceHealth } from '../dto'

/** Every resource's health as of the board's last refresh. `clock`: the metrics window's end (tests pass the simulator's). */
export async function getResourceHealth(actor: Actor, { clock }: { clock?: () => Date } = {}): Promise<ResourceHealth> {
  const reading = await getHealthReading(actor, { clock })
  return {
    resources: reading.resources,
    errors: reading.resourceErrors,
    refreshedAt: reading.refreshedAt,
    stale: reading.stale,
    intervalMs: reading.intervalMs,
  }
}
