// The status board's rows on the wire (lib/health/board-body.ts sends them): a table, each key
// named once and each row the list of its values, with `metricsAt` as a list too. Pure and
// client-safe: the board's query decodes it back to rows, every value as it was.
import type { FleetHealth, ServiceHealthRow } from './dto'

/** What the board receives per service: everything but the findings. */
export type BoardRow = Omit<ServiceHealthRow, 'findings'>
export type BoardHealth = Omit<FleetHealth, 'services'> & { services: BoardRow[] }

type MetricsAt = NonNullable<BoardRow['metricsAt']>
/** Every key of a board row, in the order of the wire's columns (the compiler checks that none is missing). */
export const boardColumns = Object.keys({
  serviceId: 1,
  name: 1,
  environment: 1,
  region: 1,
  cluster: 1,
  ecsServiceName: 1,
  team: 1,
  status: 1,
  reason: 1,
  observedAt: 1,
  seen: 1,
  serviceStatus: 1,
  lastKnown: 1,
  desired: 1,
  running: 1,
  pending: 1,
  cpuPercent: 1,
  memoryPercent: 1,
  errorRatePercent: 1,
  latencyMs: 1,
  hasLoadBalancer: 1,
  metricsAt: 1,
  rolloutState: 1,
} satisfies Record<keyof BoardRow, 1>) as (keyof BoardRow)[]
export const metricsAtKeys = Object.keys({ cpu: 1, memory: 1, loadBalancer: 1, errors: 1, latency: 1 } satisfies Record<
  keyof MetricsAt,
  1
>) as (keyof MetricsAt)[]

/** The board as sent: the rows as a table (`columns` names each position of a row). */
export type BoardWire = Omit<BoardHealth, 'services'> & { columns: string[]; rows: unknown[][] }

/** Pure: the rows of a board as sent, back to rows (the board's query does this). */
export function decodeBoard({ columns: cols, rows, ...rest }: BoardWire): BoardHealth {
  const services = rows.map((values) => {
    const row = Object.fromEntries(cols.map((c, i) => [c, values[i]])) as Record<string, unknown>
    const at = row.metricsAt as (string | null)[] | null
    row.metricsAt = at && Object.fromEntries(metricsAtKeys.map((k, i) => [k, at[i]]))
    return row as BoardRow
  })
  return { ...rest, services }
}
