import { queryOptions } from '@tanstack/react-query'
import { getJson } from '@/lib/query-client'
import type { ResourceHealth } from './dto'

export const resourceKeys = {
  all: ['resources'] as const,
  health: () => [...resourceKeys.all, 'health'] as const,
}

export const resourceHealthQuery = () =>
  queryOptions({ queryKey: resourceKeys.health(), queryFn: () => getJson<ResourceHealth>('/api/health/resources'), staleTime: 5_000 })
