// A service's health as the shared cache last saw it (read by `latestFleetReading` in fleet.ts), for a record made at `now` (an alert
// joining an incident). Never refreshes and never calls AWS: what the last fleet refresh
// observed, with its time, or "unknown" when there is no reading or it is too old to stand for now.
import { formatUtc } from '@/lib/incidents/clocks'
import type { FleetHealth } from './dto'
import type { HealthStatus } from './rules'

/** Older than this, a reading does not describe "now". */
export const SNAPSHOT_MAX_AGE_MS = 5 * 60_000

export type HealthSnapshot = { status: HealthStatus; reason: string; observedAt: string | null; text: string }

export type FleetReading = { value: Pick<FleetHealth, 'services'>; refreshedAt: Date } | null

/** Pure: the snapshot of one service from a fleet reading made at `refreshedAt` (or none). */
export function snapshotOf(fleet: FleetReading, serviceId: string, now: Date): HealthSnapshot {
  const unknown = (why: string): HealthSnapshot => ({ status: 'unknown', reason: why, observedAt: null, text: `Health: unknown (${why})` })
  if (!fleet) return unknown('no health reading yet')
  const row = fleet.value.services?.find((s) => s.serviceId === serviceId)
  if (!row) return unknown('this service is not in the last health reading')
  const observedAt = row.observedAt ?? fleet.refreshedAt.toISOString()
  if (now.getTime() - new Date(observedAt).getTime() > SNAPSHOT_MAX_AGE_MS) return unknown(`the last reading, ${formatUtc(observedAt)}, is too old`)
  return { status: row.status, reason: row.reason, observedAt, text: `Health at ${formatUtc(observedAt)}: ${row.status} — ${row.reason}` }
}
