import { queryOptions } from '@tanstack/react-query'
import { getJson } from '@/lib/query-client'
import { decodeBoard, type BoardWire } from './board-wire'
import type { FleetHealth } from './dto'
import type { MetricRange, ServiceDetail, ServiceMetrics } from './detail-dto'

export const healthKeys = {
  all: ['health'] as const,
  fleet: () => [...healthKeys.all, 'fleet'] as const,
  service: (id: string) => [...healthKeys.all, 'service', id] as const,
  metrics: (id: string, range: MetricRange) => [...healthKeys.all, 'metrics', id, range] as const,
}

export const fleetHealthQuery = () =>
  queryOptions({
    queryKey: healthKeys.fleet(),
    queryFn: async (): Promise<FleetHealth> => decodeBoard(await getJson<BoardWire>('/api/health/services')) as FleetHealth,
    staleTime: 5_000,
  })

export const serviceDetailQuery = (id: string) =>
  queryOptions({ queryKey: healthKeys.service(id), queryFn: () => getJson<ServiceDetail>(`/api/services/${id}/health`), staleTime: 5_000 })

export const serviceMetricsQuery = (id: string, range: MetricRange) =>
  queryOptions({
    queryKey: healthKeys.metrics(id, range),
    queryFn: () => getJson<ServiceMetrics>(`/api/services/${id}/metrics?range=${range}`),
    staleTime: 30_000,
  })
