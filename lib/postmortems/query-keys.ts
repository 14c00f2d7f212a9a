import { queryOptions } from '@tanstack/react-query'
import { getJson } from '@/lib/query-client'
import type { PostMortemView } from './dto'

export const postMortemKeys = {
  all: ['postmortems'] as const,
  detail: (id: string) => [...postMortemKeys.all, 'detail', id] as const,
}

export const postMortemQuery = (id: string) =>
  queryOptions({ queryKey: postMortemKeys.detail(id), queryFn: () => getJson<PostMortemView>(`/api/postmortems/${id}`), staleTime: 2_000 })

/** How often an open editor looks for someone else's saves (so a conflict shows before typing over it). */
export const POSTMORTEM_POLL_MS = 5_000
/** Autosave waits this long after the last keystroke. */
export const AUTOSAVE_DELAY_MS = 1_500
