import { queryOptions } from '@tanstack/react-query'
import { getJson } from '@/lib/query-client'
import type { InboxAlert } from './dto'

/** What the inbox page shows: the alerts waiting, and the open incidents one may be attached to. */
export type InboxView = { alerts: InboxAlert[]; openIncidents: { id: string; label: string }[] }

export const alertKeys = {
  // Live alert events invalidate everything under ['alerts'] (components/live/apply-change.ts).
  all: ['alerts'] as const,
  inbox: ['alerts', 'inbox'] as const,
}

/** While the live stream is down, the inbox polls this often. */
export const INBOX_POLL_MS = 15_000

export const inboxQuery = () => queryOptions({ queryKey: alertKeys.inbox, queryFn: () => getJson<InboxView>('/api/alerts/inbox'), staleTime: 2_000 })
