// What each live event does to the TanStack Query cache (pure and client-safe): a timeline
// event that carries its entries is merged into the incident's timeline as it stands; every
// other event invalidates the queries it touches, and only the ones on screen refetch.
import type { QueryClient } from '@tanstack/react-query'
import type { FleetHealth } from '@/lib/health/dto'
import { dashboardKeys } from '@/lib/dashboard/query-keys'
import { healthKeys } from '@/lib/health/query-keys'
import type { IncidentDetail, TimelineEntryDto } from '@/lib/incidents/dto'
import { incidentKeys } from '@/lib/incidents/query-keys'
import { isProgress } from '@/lib/incidents/timeline'
import type { LiveChange } from '@/lib/live/events'
import { remediationKeys } from '@/lib/remediation/query-keys'
import type { ResourceHealth } from '@/lib/resources/dto'
import { resourceKeys } from '@/lib/resources/query-keys'

/** Entries by id, oldest first, without duplicates. */
export function mergeEntries(held: TimelineEntryDto[], incoming: TimelineEntryDto[]) {
  const known = new Set(held.map((e) => e.id))
  const fresh = incoming.filter((e) => !known.has(e.id))
  if (!fresh.length) return held
  return [...held, ...fresh].sort((a, b) => a.id - b.id)
}

type TimelinePage = { entries: TimelineEntryDto[]; hasMore: boolean }

/**
 * A timeline poll: every entry after the newest one held, page by page, merged at the end with
 * the cache as it stands then (not as it stood when the fetch began), so an entry a live event
 * added meanwhile stays, whatever order the two arrive in.
 */
export async function fetchNewerEntries(
  client: QueryClient,
  incidentId: string,
  initial: TimelineEntryDto[],
  fetchPage: (incidentId: string, after: number | null) => Promise<TimelinePage>,
) {
  const key = incidentKeys.timeline(incidentId)
  let after = (client.getQueryData<TimelineEntryDto[]>(key) ?? initial).at(-1)?.id ?? null
  const fetched: TimelineEntryDto[] = []
  for (let more = true; more;) {
    const page = await fetchPage(incidentId, after)
    fetched.push(...page.entries)
    after = page.entries.at(-1)?.id ?? after
    more = page.hasMore && page.entries.length > 0
  }
  return mergeEntries(client.getQueryData<TimelineEntryDto[]>(key) ?? initial, fetched)
}

export function applyLiveChange(client: QueryClient, change: LiveChange) {
  switch (change.k) {
    case 'timeline': {
      const key = incidentKeys.timeline(change.i)
      const held = client.getQueryData<TimelineEntryDto[]>(key)
      if (held && change.entries?.length) {
        // A fetch on its way meanwhile merges its answer with the cache as it stands when it ends, so this stays.
        client.setQueryData(key, mergeEntries(held, change.entries))
      } else void client.invalidateQueries({ queryKey: key })
      const entries = change.entries ?? []
      if (entries.some((e) => e.kind.startsWith('runbook'))) void client.invalidateQueries({ queryKey: [...incidentKeys.all, 'runbooks', change.i] })
      // Progress resets the no-progress clock: refetch the incident when its page is warning about it.
      const detail = client.getQueryData<IncidentDetail>(incidentKeys.detail(change.i))
      if (detail?.clocks.escalation.escalate && entries.some((e) => isProgress(e.kind)))
        void client.invalidateQueries({ queryKey: incidentKeys.detail(change.i) })
      return
    }
    case 'incident': {
      const detail = client.getQueryData<IncidentDetail>(incidentKeys.detail(change.i))
      if (!detail || detail.version < change.v) void client.invalidateQueries({ queryKey: incidentKeys.detail(change.i) })
      void client.invalidateQueries({ queryKey: [...incidentKeys.all, 'open-by-service'] })
      void client.invalidateQueries({ queryKey: dashboardKeys.all })
      return
    }
    case 'remediation':
      void client.invalidateQueries({ queryKey: remediationKeys.one(change.r) })
      void client.invalidateQueries({ queryKey: [...remediationKeys.all, 'list'] })
      return
    case 'alert':
      void client.invalidateQueries({ queryKey: ['alerts'] })
      return
    case 'health': {
      // One refresh reads services and resources together. The trigger's timestamp has no zone: it is UTC, like every timestamp the app stores.
      const newer = (held: { refreshedAt: string } | undefined) => !held || !change.t || Date.parse(held.refreshedAt) < Date.parse(`${change.t}Z`)
      if (newer(client.getQueryData<FleetHealth>(healthKeys.fleet()))) void client.invalidateQueries({ queryKey: healthKeys.fleet() })
      // The board's Resources section and a service's Dependencies.
      if (newer(client.getQueryData<ResourceHealth>(resourceKeys.health()))) void client.invalidateQueries({ queryKey: resourceKeys.health() })
      void client.invalidateQueries({ queryKey: [...healthKeys.all, 'service'] })
      return
    }
  }
}
