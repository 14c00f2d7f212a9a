'use client'

import { useQueryClient } from '@tanstack/react-query'
import { createContext, useContext, useEffect, useState, type ReactNode } from 'react'
import type { LiveChange, LiveHello, LiveStatus } from '@/lib/live/events'
import { applyLiveChange } from './apply-change'

// One EventSource per tab (app/api/events), opened by the console layout. While the stream
// is live, the pages poll far less often (useLivePoll); when it drops they go back to their
// usual intervals until it is back, and whatever may have been missed is refetched.

export type LiveState = 'connecting' | 'live' | 'reconnecting'

/** While live, polls are only a safety net (and keep clocks such as an incident's age current): this often at most. */
export const LIVE_POLL_MS = 60_000

const LiveContext = createContext<LiveState>('connecting')

export function useLiveState() {
  return useContext(LiveContext)
}

/** A query's refetchInterval: `ms` while the stream is down, `liveMs` (or `ms` if longer) while it is live. */
export function useLivePoll(ms: number, liveMs = LIVE_POLL_MS) {
  return useLiveState() === 'live' ? Math.max(ms, liveMs) : ms
}

export function LiveProvider({ children }: Readonly<{ children: ReactNode }>) {
  const client = useQueryClient()
  const [state, setState] = useState<LiveState>('connecting')

  useEffect(() => {
    if (typeof EventSource === 'undefined') return
    let source: EventSource | null = null
    let retry: ReturnType<typeof setTimeout> | null = null
    let wait = 2_000
    let live = false
    let everLive = false
    const resync = () => void client.invalidateQueries()
    const become = (next: boolean) => {
      if (next && !live && everLive) resync()
      live = next
      everLive ||= next
      setState(next ? 'live' : 'reconnecting')
    }
    const open = () => {
      const es = new EventSource('/api/events')
      source = es
      es.addEventListener('hello', (e) => {
        const hello = JSON.parse((e as MessageEvent<string>).data) as LiveHello
        // Not resumed: events may have been missed (or this is the first connection) — refetch what is on screen.
        if (!hello.resumed) resync()
        live = hello.live
        everLive ||= hello.live
        setState(hello.live ? 'live' : 'reconnecting')
        wait = 2_000
      })
      es.addEventListener('status', (e) => become((JSON.parse((e as MessageEvent<string>).data) as LiveStatus).live))
      es.addEventListener('change', (e) => applyLiveChange(client, JSON.parse((e as MessageEvent<string>).data) as LiveChange))
      es.onerror = () => {
        live = false
        setState('reconnecting')
        // The browser retries by itself unless the answer was not a stream (signed out, a 5xx): then we do, less and less often.
        if (es.readyState === EventSource.CLOSED) {
          es.close()
          retry = setTimeout(open, wait)
          wait = Math.min(60_000, wait * 2)
        }
      }
    }
    open()
    return () => {
      if (retry) clearTimeout(retry)
      source?.close()
    }
  }, [client])

  return <LiveContext.Provider value={state}>{children}</LiveContext.Provider>
}

/** "Live" or "Reconnecting…" in the header: whether changes arrive as they happen or by polling. */
export function LiveIndicator() {
  const state = useLiveState()
  const live = state === 'live'
  return (
    <span
      role="status"
      data-testid="live-indicator"
      data-state={state}
      title={live ? 'Changes appear as they happen' : 'Not connected: pages refresh every few seconds until the live connection is back'}
      className={`inline-flex shrink-0 items-center gap-1.5 rounded-full px-2 py-0.5 text-xs font-medium ${live ? 'bg-green-900/60 text-green-100' : 'bg-amber-900/60 text-amber-100'}`}
    >
      <span aria-hidden className={`h-2 w-2 rounded-full ${live ? 'bg-green-400' : 'bg-amber-400'}`} />
      {live ? 'Live' : state === 'connecting' ? 'Connecting…' : 'Reconnecting…'}
    </span>
  )
}
