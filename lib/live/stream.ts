// One viewer's Server-Sent Events stream over the instance's live hub. It opens with
// `hello` (resumed: whether the events after Last-Event-ID could be replayed, so the
// browser knows whether it may have missed some), then sends `change` events in order,
// `status` when the instance stops or starts listening to Postgres, and a comment every
// `heartbeatMs` so proxies keep the connection open. It ends after `maxAgeMs`, so a
// viewer whose session ended stops receiving (the browser reconnects with its cookie).
import { parseEventId, type LiveHello } from './events'
import { sseBlock, type HubEvent, type LiveHub } from './hub'

/** A stream that falls this far behind (a stalled reader) is closed; the browser reconnects and resyncs. */
const MAX_QUEUED = 1_000

export function openLiveStream(hub: LiveHub, opts: { lastEventId: string | null; signal?: AbortSignal; heartbeatMs?: number; maxAgeMs?: number }) {
  const encoder = new TextEncoder()
  let stop = () => {}
  return new ReadableStream<Uint8Array>({
    start(controller) {
      let open = true
      let queued = 0
      let chain: Promise<void> = Promise.resolve()
      const write = (text: string | Uint8Array) => {
        if (!open) return
        try {
          controller.enqueue(typeof text === 'string' ? encoder.encode(text) : text)
        } catch {
          // The reader went away without telling us: stop listening for it.
          stop()
        }
      }
      const send = (event: HubEvent) => {
        if (++queued > MAX_QUEUED) return stop()
        chain = chain.then(async () => {
          const bytes = await event.bytes()
          queued--
          write(bytes)
        })
      }
      const last = parseEventId(opts.lastEventId)
      const missed = last && last.boot === hub.boot ? hub.since(last.seq) : null
      const hello: LiveHello = { resumed: missed !== null && hub.live(), live: hub.live() }
      // The hello carries the current position, so a reconnect with nothing new still resumes.
      write(`retry: 2000\n\n${sseBlock('hello', hello, `${hub.boot}.${hub.lastSeq()}`)}`)
      const unsubscribe = hub.subscribe(send, (live) => {
        chain = chain.then(() => write(sseBlock('status', { live })))
      })
      for (const event of missed ?? []) send(event)
      const heartbeat = setInterval(() => write(': heartbeat\n\n'), opts.heartbeatMs ?? 15_000)
      const maxAge = setTimeout(() => stop(), opts.maxAgeMs ?? 10 * 60_000)
      stop = () => {
        if (!open) return
        open = false
        unsubscribe()
        clearInterval(heartbeat)
        clearTimeout(maxAge)
        opts.signal?.removeEventListener('abort', stop)
        void chain.finally(() => {
          try {
            controller.close()
          } catch {
            // already closed by the reader
          }
        })
      }
      opts.signal?.addEventListener('abort', stop)
    },
    cancel() {
      stop()
    },
  })
}
