// One LISTEN connection to Postgres that hands every notification on a channel to the
// callbacks subscribed in this process. It is a dedicated pg Client, outside the Prisma
// pool (a pooled connection cannot keep listening). When the connection drops it
// reconnects with a doubling wait (250 ms to 10 s) and says so through onState, so
// subscribers know that notifications sent in between were missed.
// No 'server-only' import: the integration test and bench:live use it outside Next.js.
import pg from 'pg'

export type ListenerState = 'connecting' | 'listening' | 'down'

export type PgListener = {
  /** Calls `onMessage` with each payload; returns the unsubscribe function. */
  subscribe(onMessage: (payload: string) => void, onState?: (state: ListenerState) => void): () => void
  state(): ListenerState
  /** Resolves once the connection listens (the first time, or again after a drop). */
  ready(): Promise<void>
  close(): Promise<void>
}

const CHANNEL = /^[a-z_][a-z0-9_]*$/

export function createPgListener(
  connectionString: string,
  channel: string,
  opts: { onError?: (err: unknown) => void; minDelayMs?: number; maxDelayMs?: number } = {},
): PgListener {
  if (!CHANNEL.test(channel)) throw new Error(`not a channel name: ${channel}`)
  const minDelay = opts.minDelayMs ?? 250
  const maxDelay = opts.maxDelayMs ?? 10_000
  const messages = new Set<(payload: string) => void>()
  const states = new Set<(state: ListenerState) => void>()
  let state: ListenerState = 'connecting'
  let client: pg.Client | null = null
  let closed = false
  let delay = minDelay
  let timer: ReturnType<typeof setTimeout> | null = null
  let waiters: (() => void)[] = []

  const setState = (next: ListenerState) => {
    if (next === state) return
    state = next
    for (const cb of states) cb(next)
    if (next === 'listening') {
      for (const done of waiters) done()
      waiters = []
    }
  }

  const retry = () => {
    if (closed || timer) return
    setState('down')
    timer = setTimeout(() => {
      timer = null
      void connect()
    }, delay)
    timer.unref?.()
    delay = Math.min(maxDelay, delay * 2)
  }

  async function connect() {
    if (closed) return
    const c = new pg.Client({ connectionString, keepAlive: true })
    client = c
    c.on('notification', (msg) => {
      if (msg.channel !== channel || msg.payload == null) return
      for (const cb of messages) cb(msg.payload)
    })
    const lost = (err?: unknown) => {
      if (client !== c) return
      client = null
      if (err) opts.onError?.(err)
      c.end().catch(() => {})
      retry()
    }
    c.on('error', lost)
    c.on('end', () => lost())
    try {
      await c.connect()
      await c.query(`LISTEN ${channel}`)
      if (client !== c) return
      delay = minDelay
      setState('listening')
    } catch (err) {
      lost(err)
    }
  }

  void connect()

  return {
    subscribe(onMessage, onState) {
      messages.add(onMessage)
      if (onState) states.add(onState)
      return () => {
        messages.delete(onMessage)
        if (onState) states.delete(onState)
      }
    },
    state: () => state,
    ready: () => (state === 'listening' ? Promise.resolve() : new Promise<void>((done) => waiters.push(done))),
    async close() {
      closed = true
      if (timer) clearTimeout(timer)
      const c = client
      client = null
      await c?.end().catch(() => {})
    },
  }
}
