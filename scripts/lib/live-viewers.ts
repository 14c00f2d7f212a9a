// bench:live's viewers, in a process of their own (as real viewers are elsewhere): parsing
// 300 streams in the benchmark's own event loop, beside the writers it times, made the
// bench measure its own queue instead of the server's delivery. The child opens the
// streams, makes the safety-net polls a live page still makes, and when told to stop
// (a line on stdin) prints what each viewer received and when, on the shared epoch clock
// (performance.timeOrigin + performance.now(), comparable across processes).
import { createInterface } from 'node:readline'
import { setMaxListeners } from 'node:events'
import { childEntry, epochMs, sendLine, spawnChild } from './child'

export { epochMs }
const FLAG = '--live-viewers-child'

export type ViewerReport = {
  /** Timeline entry id → when each viewer that received it did, first receipt only (epoch ms). */
  got: Record<string, number[]>
  viewers: number
  broken: number
  firstError: string | null
}

type ChildInput = { base: string; cookie: string; viewers: number; polls: { everyMs: number; path: string }[] }

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((done) => {
    const timer = setTimeout(done, ms)
    signal?.addEventListener('abort', () => (clearTimeout(timer), done()), { once: true })
  })

async function child({ base, cookie, viewers, polls }: ChildInput) {
  const stop = new AbortController()
  setMaxListeners(0, stop.signal)
  const got = new Map<number, number[]>()
  let live = 0
  let broken = 0
  let firstError: string | null = null
  const open = async () => {
    let isLive = false
    const seen = new Set<number>()
    try {
      const res = await fetch(`${base}/api/events`, { headers: { cookie, accept: 'text/event-stream' }, signal: stop.signal })
      if (!res.ok || !res.body) throw new Error(`GET /api/events: HTTP ${res.status}`)
      const decoder = new TextDecoder()
      let buffer = ''
      const reader = res.body.getReader()
      for (;;) {
        const { done, value } = await reader.read()
        if (done) break
        const now = epochMs()
        buffer += decoder.decode(value, { stream: true })
        let cut
        while ((cut = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, cut)
          buffer = buffer.slice(cut + 2)
          const event = /^event: (.*)$/m.exec(block)?.[1]
          const data = /^data: (.*)$/m.exec(block)?.[1]
          if (!event || !data) continue
          const body = JSON.parse(data) as { live?: boolean; k?: string; entries?: { id: number }[] }
          if ((event === 'hello' || event === 'status') && Boolean(body.live) !== isLive) live += (isLive = Boolean(body.live)) ? 1 : -1
          if (event === 'change' && body.k === 'timeline')
            for (const e of body.entries ?? []) {
              if (seen.has(e.id)) continue
              seen.add(e.id)
              const list = got.get(e.id) ?? []
              got.set(e.id, list)
              list.push(now)
            }
        }
      }
    } catch (err) {
      if (stop.signal.aborted) return
      broken++
      firstError ??= err instanceof Error ? err.message : String(err)
    }
  }
  const streams = Array.from({ length: viewers }, open)
  while (live < viewers && broken === 0) await sleep(50)
  await sendLine({ live, broken, firstError })
  // The safety-net polls, spread over their interval.
  const polling = polls.flatMap(({ everyMs, path }) =>
    streams.map(async (_, i) => {
      await sleep((everyMs / viewers) * i, stop.signal)
      while (!stop.signal.aborted) {
        await fetch(`${base}${path}`, { headers: { cookie }, signal: stop.signal })
          .then((r) => r.arrayBuffer())
          .catch(() => {})
        await sleep(everyMs, stop.signal)
      }
    }),
  )
  await new Promise<void>((done) => createInterface({ input: process.stdin }).once('line', () => done()))
  stop.abort()
  await Promise.all([...streams, ...polling])
  await sendLine({ got: Object.fromEntries(got), viewers, broken, firstError } satisfies ViewerReport)
}

/** Starts the viewers in a child process; resolves once every stream is live. `stop()` ends them and gives their report. */
export async function viewersInChild(input: ChildInput) {
  const proc = spawnChild(import.meta.url, FLAG, input)
  const ready = await proc.next<{ live: number; broken: number; firstError: string | null }>()
  return {
    ready,
    pid: proc.pid,
    async stop(): Promise<ViewerReport> {
      const report = proc.next<ViewerReport>()
      proc.send('stop')
      return report
    },
    kill: proc.kill,
  }
}

childEntry(FLAG, child)
