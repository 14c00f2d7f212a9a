import { queryOptions } from '@tanstack/react-query'
import { getJson } from '@/lib/query-client'
import type { DashboardData } from './dto'
import type { DashboardRange } from './range'

export const dashboardKeys = {
  all: ['dashboard'] as const,
  range: (range: Pick<DashboardRange, 'preset' | 'firstDay' | 'lastDay'>) => [...dashboardKeys.all, range.preset, range.firstDay, range.lastDay] as const,
}

/** The URL search of a range, as the page and the route handler read it. */
export function rangeSearch(range: Pick<DashboardRange, 'preset' | 'firstDay' | 'lastDay'>) {
  return range.preset === 'custom' ? `from=${range.firstDay}&to=${range.lastDay}` : `range=${range.preset}`
}

export const dashboardQuery = (range: Pick<DashboardRange, 'preset' | 'firstDay' | 'lastDay'>) =>
  queryOptions({ queryKey: dashboardKeys.range(range), queryFn: () => getJson<DashboardData>(`/api/dashboard?${rangeSearch(range)}`), staleTime: 15_000 })

/** The open-incident figures change; the dashboard refreshes this often while visible. */
export const DASHBOARD_POLL_MS = 30_000
