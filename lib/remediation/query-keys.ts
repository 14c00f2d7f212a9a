import { queryOptions } from '@tanstack/react-query'
import { getJson } from '@/lib/query-client'
import { terminalStatuses, type RemediationPreview, type RemediationView } from './dto'
import type { RemediationParams } from './schemas'

export const remediationKeys = {
  all: ['remediations'] as const,
  one: (id: string) => [...remediationKeys.all, 'one', id] as const,
  preview: (serviceId: string, action: RemediationParams) => [...remediationKeys.all, 'preview', serviceId, action] as const,
}

export const remediationQuery = (id: string) =>
  queryOptions({
    queryKey: remediationKeys.one(id),
    queryFn: () => getJson<RemediationView>(`/api/remediations/${id}`),
    refetchInterval: (q) => (q.state.data && terminalStatuses.includes(q.state.data.status) ? false : 2_000),
    refetchIntervalInBackground: false,
  })

export async function fetchPreview(serviceId: string, action: RemediationParams): Promise<RemediationPreview> {
  const query = new URLSearchParams(
    Object.entries(action)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => [k, String(v)]),
  )
  const res = await fetch(`/api/services/${serviceId}/remediation-preview?${query}`)
  const body = await res.json()
  if (!res.ok) throw new Error(body.message ?? `preview failed (${res.status})`)
  return body as RemediationPreview
}

/** Requests waiting for a second person; shared by the navigation count, the banners and the remediation page. */
export const pendingApprovalsQuery = () =>
  queryOptions({
    queryKey: [...remediationKeys.all, 'list', 'pending=1'],
    queryFn: () => getJson<RemediationView[]>('/api/remediations?pending=1'),
    refetchInterval: 10_000,
    refetchIntervalInBackground: false,
  })
