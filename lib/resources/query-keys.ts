import { queryOptions } from '@tanstack/react-query'
import { getJson } from '@/lib/query-client'
import type { ResourceHealth, ResourceLogLines } from './dto'

export const resourceKeys = {
  all: ['resources'] as const,
  health: () => [...resourceKeys.all, 'health'] as const,
  logs: (resourceId: string) => [...resourceKeys.all, 'logs', resourceId] as const,
}

export const resourceHealthQuery = () =>
  queryOptions({ queryKey: resourceKeys.health(), queryFn: () => getJson<ResourceHealth>('/api/health/resources'), staleTime: 5_000 })

export const resourceLogsQuery = (resourceId: string) =>
  queryOptions({
    queryKey: resourceKeys.logs(resourceId),
    queryFn: () => getJson<ResourceLogLines>(`/api/resources/${encodeURIComponent(resourceId)}/logs`),
    staleTime: 5_000,
  })
