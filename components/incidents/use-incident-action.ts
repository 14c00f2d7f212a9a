'use client'

import { useQueryClient } from '@tanstack/react-query'
import { useAction } from '@/components/ui/use-action'
import { incidentKeys } from '@/lib/incidents/query-keys'

/**
 * Runs a server action for one incident: on success the incident and its timeline
 * refresh at once; on failure (a conflict names what changed) the message shows and
 * the current state is fetched.
 */
export function useIncidentAction(incidentId: string) {
  const queryClient = useQueryClient()
  return useAction(() =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: incidentKeys.detail(incidentId) }),
      queryClient.invalidateQueries({ queryKey: incidentKeys.timeline(incidentId) }),
      queryClient.invalidateQueries({ queryKey: incidentKeys.drafts(incidentId) }),
    ]),
  )
}
