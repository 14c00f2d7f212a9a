// Client-safe: the certificate views' query keys.
import { queryOptions } from '@tanstack/react-query'
import { getJson } from '@/lib/query-client'
import type { CertificatesView } from './dto'

export const certificateKeys = {
  all: ['certificates'] as const,
  list: (serviceId?: string) => [...certificateKeys.all, serviceId ?? 'all'] as const,
}

/** Polled once a minute: the checks themselves run hourly (and on "Check now"); the days left move with the clock. */
export const certificatesQuery = (serviceId?: string) =>
  queryOptions({
    queryKey: certificateKeys.list(serviceId),
    queryFn: () => getJson<CertificatesView>(serviceId ? `/api/certificates?serviceId=${serviceId}` : '/api/certificates'),
    staleTime: 30_000,
    refetchInterval: 60_000,
    refetchIntervalInBackground: false,
  })
