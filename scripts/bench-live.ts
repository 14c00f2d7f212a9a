// npm run bench:live — live push against polling, over HTTP against the built app.
// One SEV1 incident watched by BENCH_VIEWERS (300) signed-in viewers while 4 responders add
// notes (each every BENCH_NOTE_MS, 2 s) and one board viewer polls the status board every
// 10 s (so the shared health cache refreshes). Two phases of BENCH_SECONDS (30) each:
//   push:    every viewer holds one stream (GET /api/events) and, like the browser while the
//            stream is live, polls the incident every 60 s (its clocks) and its timeline
//            every 5 min (a safety net);
//   polling: every viewer polls the incident and its timeline every 3 s (today's page).
// Measures, for push, the delay from each note's commit to its arrival at every viewer (the
// "commit" time is when the writing transaction's last statement returned, just before
// COMMIT: an upper bound) and the notes some viewer never received; for both, the app
// server's CPU time (utime + stime of its process, /proc/<pid>/stat).
// Ends with: bench:live viewers=… delivery_p95_ms=… lost=… cpu_ratio_vs_polling=…
import { setMaxListeners } from 'node:events'
import { readFileSync } from 'node:fs'
import { hashPassword } from '../lib/auth/password'
import { generatedFleet } from '../lib/simulator'
import { catalogSimulatorFleet, runBench } from './lib/bench'
import { percentile, signInCookie } from './lib/session'

const viewers = Number(process.env.BENCH_VIEWERS ?? 300)
const seconds = Number(process.env.BENCH_SECONDS ?? 30)
const noteEveryMs = Number(process.env.BENCH_NOTE_MS ?? 2_000)
const responders = 4
const pollMs = 3_000
const liveDetailMs = 60_000
const liveTimelineMs = 300_000
const boardMs = 10_000
const graceMs = 3_000

/** CPU seconds (user + system) the process has used so far. */
function cpuSeconds(pid: number) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  // After the command: state is field 3, utime 14 and stime 15 (1-based), so 11 and 12 here.
  return (Number(fields[11]) + Number(fields[12])) / 100
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((done) => {
    const timer = setTimeout(done, ms)
    signal?.addEventListener('abort', () => (clearTimeout(timer), done()), { once: true })
  })

runBench(
  'live',
  async ({ log, sim, db, serve }) => {
    const password = await hashPassword('bench-password')
    await db.user.create({ data: { email: 'viewer@bench.invalid', name: 'Bench viewer', role: 'VIEWER', passwordHash: password } })
    const writers = await Promise.all(
      Array.from({ length: responders }, (_, i) =>
        db.user.create({
          data: { email: `responder${i}@bench.invalid`, name: `Responder ${i}`, role: 'RESPONDER', passwordHash: password },
          select: { id: true },
        }),
      ),
    )
    await catalogSimulatorFleet(db, sim)
    const incident = await db.incident.create({ data: { title: 'Checkout down', severity: 'SEV1', impact: 'Every order fails' }, select: { id: true } })
    await db.timelineEntry.create({ data: { incidentId: incident.id, kind: 'declared', actorId: writers[0].id, at: new Date(), text: 'Declared SEV1' } })

    const app = await serve({ REMEDIATION_WORKER: '0' })
    if (!app.pid) return 'no pid for the app server'
    const pid = app.pid
    const base = app.base
    const cookie = await signInCookie(base, 'viewer@bench.invalid', 'bench-password')
    const get = async (path: string) => {
      const res = await fetch(`${base}${path}`, { headers: { cookie } })
      const body = await res.text()
      if (!res.ok) throw new Error(`${path}: HTTP ${res.status}`)
      return body
    }
    await get('/api/health/services')
    const latestId = async () =>
      (await db.timelineEntry.findFirstOrThrow({ where: { incidentId: incident.id }, orderBy: { id: 'desc' }, select: { id: true } })).id

    /** Responders writing notes and the board polling, for `ms`; returns each note's id and commit time. */
    async function drive(ms: number, phase: string, commits = new Map<number, number>()) {
      const end = performance.now() + ms
      const board = (async () => {
        while (performance.now() < end) {
          await get('/api/health/services').catch(() => {})
          await sleep(Math.min(boardMs, Math.max(0, end - performance.now())))
        }
      })()
      await Promise.all(
        writers.map(async (w, n) => {
          await sleep((noteEveryMs / responders) * n)
          for (let i = 0; performance.now() < end; i++) {
            let committedAt = 0
            const row = await db.$transaction(async (tx) => {
              await tx.$queryRaw`SELECT id FROM "Incident" WHERE id = ${incident.id}::uuid FOR UPDATE`
              const entry = await tx.timelineEntry.create({
                data: { incidentId: incident.id, kind: 'note', actorId: w.id, at: new Date(), text: `${phase} note ${i} from responder ${n}` },
                select: { id: true },
              })
              committedAt = performance.now()
              return entry
            })
            commits.set(row.id, committedAt)
            await sleep(noteEveryMs)
          }
        }),
      )
      await board
      return commits
    }

    // Phase 1: push.
    type Viewer = { got: Map<number, number>; live: boolean; abort: AbortController; done: Promise<void>; error?: string }
    const cursor = await latestId()
    const open = (): Viewer => {
      const v: Viewer = { got: new Map(), live: false, abort: new AbortController(), done: Promise.resolve() }
      v.done = (async () => {
        const res = await fetch(`${base}/api/events`, { headers: { cookie, accept: 'text/event-stream' }, signal: v.abort.signal })
        if (!res.ok || !res.body) throw new Error(`GET /api/events: HTTP ${res.status}`)
        const decoder = new TextDecoder()
        let buffer = ''
        const reader = res.body.getReader()
        for (;;) {
          const { done, value } = await reader.read()
          if (done) break
          const now = performance.now()
          buffer += decoder.decode(value, { stream: true })
          let cut
          while ((cut = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, cut)
            buffer = buffer.slice(cut + 2)
            const event = /^event: (.*)$/m.exec(block)?.[1]
            const data = /^data: (.*)$/m.exec(block)?.[1]
            if (!event || !data) continue
            const body = JSON.parse(data) as { live?: boolean; k?: string; entries?: { id: number }[] }
            if (event === 'hello' || event === 'status') v.live = Boolean(body.live)
            if (event === 'change' && body.k === 'timeline') for (const e of body.entries ?? []) if (!v.got.has(e.id)) v.got.set(e.id, now)
          }
        }
      })().catch((err) => {
        if (!v.abort.signal.aborted) v.error = err instanceof Error ? err.message : String(err)
      })
      return v
    }
    log(`opening ${viewers} streams…`)
    const streams: Viewer[] = []
    for (let i = 0; i < viewers; i++) streams.push(open())
    for (let i = 0; streams.some((v) => !v.live); i++) {
      if (i > 300) return `only ${streams.filter((v) => v.live).length} of ${viewers} streams were live after 30 s`
      await sleep(100)
    }
    // The safety-net polls a live page still makes, spread over the interval.
    const stopLivePolls = new AbortController()
    setMaxListeners(0, stopLivePolls.signal)
    const every = (ms: number, path: string) =>
      streams.map(async (_, i) => {
        await sleep((ms / viewers) * i, stopLivePolls.signal)
        while (!stopLivePolls.signal.aborted) {
          await get(path).catch(() => {})
          await sleep(ms, stopLivePolls.signal)
        }
      })
    const livePolls = [
      ...every(liveDetailMs, `/api/incidents/${incident.id}`),
      ...every(liveTimelineMs, `/api/incidents/${incident.id}/timeline?after=${cursor}`),
    ]
    log(`push: ${viewers} streams live; ${responders} responders writing a note every ${noteEveryMs / 1000} s each for ${seconds} s…`)
    let cpu0 = cpuSeconds(pid)
    const pushCommits = await drive(seconds * 1000, 'push')
    const pushCpu = cpuSeconds(pid) - cpu0
    stopLivePolls.abort()
    await sleep(graceMs)
    const delays: number[] = []
    let lost = 0
    for (const [id, at] of pushCommits) {
      for (const v of streams) {
        const got = v.got.get(id)
        if (got === undefined) lost++
        else delays.push(Math.max(0, got - at))
      }
    }
    const broken = streams.filter((v) => v.error)
    if (broken.length) log(`${broken.length} stream(s) ended early: ${broken[0].error}`)
    for (const v of streams) v.abort.abort()
    await Promise.all(streams.map((v) => v.done))
    await Promise.all(livePolls)
    delays.sort((a, b) => a - b)
    log(
      `push: ${pushCommits.size} notes × ${viewers} viewers; delivery p50 ${percentile(delays, 50).toFixed(0)} ms, p95 ${percentile(delays, 95).toFixed(0)} ms, max ${(delays.at(-1) ?? 0).toFixed(0)} ms; lost ${lost}; server CPU ${pushCpu.toFixed(2)} s`,
    )

    // Phase 2: polling, as the page does without the stream.
    await sleep(2_000)
    const pollCursor = await latestId()
    const stopPolls = new AbortController()
    const seenByPoll: number[] = []
    const pollCommits = new Map<number, number>()
    const polls = Array.from({ length: viewers }, async (_, i) => {
      let after = pollCursor
      await sleep((pollMs / viewers) * i)
      while (!stopPolls.signal.aborted) {
        const [, timeline] = await Promise.all([get(`/api/incidents/${incident.id}`), get(`/api/incidents/${incident.id}/timeline?after=${after}`)]).catch(
          () => [null, null],
        )
        const now = performance.now()
        if (timeline) {
          const page = JSON.parse(timeline) as { entries: { id: number }[]; cursor: number | null }
          for (const e of page.entries) {
            const at = pollCommits.get(e.id)
            if (at !== undefined) seenByPoll.push(now - at)
          }
          after = page.cursor ?? after
        }
        await sleep(pollMs)
      }
    })
    await sleep(pollMs)
    log(`polling: ${viewers} viewers polling the incident and its timeline every ${pollMs / 1000} s for ${seconds} s…`)
    cpu0 = cpuSeconds(pid)
    await drive(seconds * 1000, 'poll', pollCommits)
    const pollCpu = cpuSeconds(pid) - cpu0
    stopPolls.abort()
    await Promise.all(polls)
    seenByPoll.sort((a, b) => a - b)
    log(
      `polling: ${pollCommits.size} notes; delivery p95 ${percentile(seenByPoll, 95).toFixed(0)} ms (of the notes matched); server CPU ${pollCpu.toFixed(2)} s`,
    )

    const p95 = percentile(delays, 95)
    const ratio = pollCpu > 0 ? pushCpu / pollCpu : 0
    log(`targets: delivery p95 < 1000 ms, lost 0, CPU ratio <= 0.5`)
    if (lost > 0 || p95 >= 1000 || ratio > 0.5) {
      if (app.output.length) for (const line of app.output.slice(-10)) log(`  | ${line}`)
    }
    console.log(`bench:live viewers=${viewers} delivery_p95_ms=${p95.toFixed(0)} lost=${lost} cpu_ratio_vs_polling=${ratio.toFixed(2)}`)
  },
  { simulator: { fleet: generatedFleet(20), seed: 3 }, dbConnections: 6 },
)
