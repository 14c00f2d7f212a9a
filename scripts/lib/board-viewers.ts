// bench:health's viewers, in a process of their own (scripts/lib/child.ts): 100 viewers
// parsing a 2,000-service board in the benchmark's own event loop, beside the AWS simulator
// answering the refresh, timed that loop's queue, not the server. Each viewer polls the
// board as a browser does: it revalidates the snapshot it holds (ETag → 304), reads and
// parses the body when there is a new one, and waits an interval. The child prints what it
// measured once the time is up.
import { childEntry, sendLine, spawnChild } from './child'

const FLAG = '--board-viewers-child'

type Input = { base: string; path: string; cookie: string; viewers: number; intervalMs: number; seconds: number }
export type BoardViewersReport = {
  /** Milliseconds from request to parsed body, one per request. */
  latencies: number[]
  failures: number
  notModified: number
  firstError: string | null
  /** The snapshots seen (their refreshedAt). */
  refreshes: string[]
}

async function child({ base, path, cookie, viewers, intervalMs, seconds }: Input) {
  const report: BoardViewersReport = { latencies: [], failures: 0, notModified: 0, firstError: null, refreshes: [] }
  const refreshes = new Set<string>()
  const end = Date.now() + seconds * 1000
  await Promise.all(
    Array.from({ length: viewers }, async (_, v) => {
      await new Promise((r) => setTimeout(r, (v / viewers) * intervalMs))
      let held: { etag: string; refreshedAt: string } | null = null
      while (Date.now() < end) {
        const started = performance.now()
        try {
          const res: Response = await fetch(`${base}${path}`, { headers: { cookie, ...(held ? { 'if-none-match': held.etag } : {}) } })
          const body: { refreshedAt?: string } = res.status === 304 ? { refreshedAt: held?.refreshedAt } : ((await res.json()) as { refreshedAt?: string })
          report.latencies.push(performance.now() - started)
          if (res.status === 304) report.notModified++
          if ((!res.ok && res.status !== 304) || !body.refreshedAt) {
            report.failures++
            report.firstError ??= `HTTP ${res.status}`
          } else refreshes.add(body.refreshedAt)
          const etag: string | null = res.headers.get('etag')
          if (res.ok && etag && body.refreshedAt) held = { etag, refreshedAt: body.refreshedAt }
        } catch (err) {
          report.latencies.push(performance.now() - started)
          report.failures++
          report.firstError ??= err instanceof Error ? err.message : String(err)
        }
        await new Promise((r) => setTimeout(r, intervalMs))
      }
    }),
  )
  report.refreshes = [...refreshes]
  await sendLine(report)
}

/** Runs the viewers in a child process until their time is up; resolves with what they measured. */
export async function boardViewersInChild(input: Input): Promise<BoardViewersReport> {
  const proc = spawnChild(import.meta.url, FLAG, input)
  try {
    return await proc.next<BoardViewersReport>()
  } finally {
    proc.kill()
  }
}

childEntry(FLAG, child)
