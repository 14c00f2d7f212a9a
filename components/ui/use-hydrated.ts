'use client'

import { useSyncExternalStore } from 'react'

const noSubscription = () => () => undefined

/** False in the server render and until React runs in the browser; then true. */
export function useHydrated() {
  return useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  )
}
