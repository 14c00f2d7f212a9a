import { queryOptions } from '@tanstack/react-query'
import { getJson } from '@/lib/query-client'
import type { IncidentDetail, StatusUpdateDraft, TimelinePage } from './dto'
import type { OpenIncidentRef } from './dto'
import type { StatusUpdateKind } from './status-update'

export const incidentKeys = {
  all: ['incidents'] as const,
  detail: (id: string) => [...incidentKeys.all, 'detail', id] as const,
  timeline: (id: string) => [...incidentKeys.all, 'timeline', id] as const,
  drafts: (id: string) => [...incidentKeys.all, 'draft', id] as const,
  draft: (id: string, kind: StatusUpdateKind) => [...incidentKeys.drafts(id), kind] as const,
}

export const incidentDetailQuery = (id: string) =>
  queryOptions({ queryKey: incidentKeys.detail(id), queryFn: () => getJson<IncidentDetail>(`/api/incidents/${id}`), staleTime: 2_000 })

export const timelineAfter = (id: string, after: number | null) =>
  getJson<TimelinePage>(`/api/incidents/${id}/timeline${after != null ? `?after=${after}` : ''}`)

export const draftQuery = (id: string, kind: StatusUpdateKind) =>
  queryOptions({
    queryKey: incidentKeys.draft(id, kind),
    queryFn: () => getJson<StatusUpdateDraft>(`/api/incidents/${id}/draft?kind=${kind}`),
    staleTime: Infinity,
  })

export { INCIDENT_POLL_MS } from './polling'

/** Open incidents with the services they name (the board shows them on each row). */
export const openIncidentsQuery = () =>
  queryOptions({
    queryKey: [...incidentKeys.all, 'open-by-service'],
    queryFn: () => getJson<OpenIncidentRef[]>('/api/incidents/open'),
    refetchInterval: 10_000,
    refetchIntervalInBackground: false,
  })
