'use client'

import { useRouter } from 'next/navigation'
import { useAction } from '@/components/ui/use-action'

/**
 * Runs a server action from a page whose data the server renders (the post-mortem
 * and the action item list, admin pages): whatever the outcome, the page's data
 * reloads (router.refresh); on failure the message shows, with the fields it names.
 */
export function useRefreshAction() {
  const router = useRouter()
  return useAction(() => router.refresh())
}
