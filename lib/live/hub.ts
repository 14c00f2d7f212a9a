// The in-process fan-out of live events: one Postgres listener in, any number of open
// streams (app/api/events) out. Each notification becomes one numbered event, kept in a
// short ring so a stream that reconnects to the same instance can be given what it missed;
// its SSE text is built once and shared by every stream (a timeline event reads its new
// entries once here, not once per viewer).
import { randomBytes } from 'node:crypto'
import type { ListenerState, PgListener } from '@/lib/db/listen'
import type { TimelineEntryDto } from '@/lib/incidents/dto'
import { parseLiveChange, type LiveChange } from './events'

export type HubEvent = {
  id: string
  seq: number
  change: LiveChange
  text(): Promise<string>
  /** The event as UTF-8, encoded once for every stream of this instance. */
  bytes(): Promise<Uint8Array>
}

export type LiveHub = {
  boot: string
  live(): boolean
  /** Events after `seq` still held, or null when some were already dropped (the caller must resync). */
  since(seq: number): HubEvent[] | null
  lastSeq(): number
  subscribe(onEvent: (event: HubEvent) => void, onStatus: (live: boolean) => void): () => void
}

/** Reads the entries of one incident from `fromId` on (at most a page), for a timeline event. */
export type EntryLoader = (incidentId: string, fromId: number) => Promise<TimelineEntryDto[]>

export function sseBlock(event: string, data: unknown, id?: string) {
  return `${id ? `id: ${id}\n` : ''}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`
}

export function createLiveHub(listener: PgListener, opts: { loadEntries?: EntryLoader; keep?: number; onError?: (err: unknown) => void } = {}): LiveHub {
  const boot = randomBytes(6).toString('hex')
  const keep = opts.keep ?? 512
  const ring: HubEvent[] = []
  const events = new Set<(event: HubEvent) => void>()
  const statuses = new Set<(live: boolean) => void>()
  let seq = 0

  const encoder = new TextEncoder()
  const make = (change: LiveChange): HubEvent => {
    const id = `${boot}.${++seq}`
    let text: Promise<string> | null = null
    let bytes: Promise<Uint8Array> | null = null
    const event: HubEvent = {
      id,
      seq,
      change,
      text: () =>
        (text ??= (async () => {
          if (change.k !== 'timeline' || !opts.loadEntries) return sseBlock('change', change, id)
          try {
            const entries = await opts.loadEntries(change.i, change.e)
            return sseBlock('change', { ...change, entries }, id)
          } catch (err) {
            // Without the entries the browser refetches the timeline itself.
            opts.onError?.(err)
            return sseBlock('change', change, id)
          }
        })()),
      bytes: () => (bytes ??= event.text().then((t) => encoder.encode(t))),
    }
    return event
  }

  listener.subscribe(
    (payload) => {
      const change = parseLiveChange(payload)
      if (!change) return
      const event = make(change)
      ring.push(event)
      if (ring.length > keep) ring.shift()
      for (const cb of events) {
        try {
          cb(event)
        } catch (err) {
          opts.onError?.(err)
        }
      }
    },
    (state: ListenerState) => {
      const live = state === 'listening'
      // Notifications sent while the connection was down are lost: nobody may resume past this point.
      if (!live) {
        ring.length = 0
        seq++
      }
      for (const cb of statuses) cb(live)
    },
  )

  return {
    boot,
    live: () => listener.state() === 'listening',
    lastSeq: () => seq,
    since(after) {
      if (after === seq) return []
      if (after > seq || ring.length === 0 || ring[0].seq > after + 1) return null
      return ring.filter((e) => e.seq > after)
    },
    subscribe(onEvent, onStatus) {
      events.add(onEvent)
      statuses.add(onStatus)
      return () => {
        events.delete(onEvent)
        statuses.delete(onStatus)
      }
    },
  }
}
