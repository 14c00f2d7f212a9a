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
import { readFileSync } from 'node:fs'
import { hashPassword } from '../lib/auth/password'
import { createPgListener } from '../lib/db/listen'
import { LIVE_CHANNEL, parseLiveChange } from '../lib/live/events'
import { generatedFleet } from '../lib/simulator'
import { catalogSimulatorFleet, runBench } from './lib/bench'
import { epochMs, viewersInChild } from './lib/live-viewers'
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
  async ({ log, sim, db, serve, databaseUrl, onStop }) => {
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
              committedAt = epochMs()
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

    // Phase 1: push. The viewers run in a child process (scripts/lib/live-viewers.ts); the
    // bench listens to Postgres itself too, to tell the notification's delay from the app's.
    const cursor = await latestId()
    const notified = new Map<number, number>()
    const listener = createPgListener(databaseUrl, LIVE_CHANNEL)
    onStop(() => listener.close())
    listener.subscribe((payload) => {
      const change = parseLiveChange(payload)
      if (change?.k === 'timeline' && !notified.has(change.e)) notified.set(change.e, epochMs())
    })
    await listener.ready()
    log(`opening ${viewers} streams in a child process…`)
    const crowd = await viewersInChild({
      base,
      cookie,
      viewers,
      polls: [
        { everyMs: liveDetailMs, path: `/api/incidents/${incident.id}` },
        { everyMs: liveTimelineMs, path: `/api/incidents/${incident.id}/timeline?after=${cursor}` },
      ],
    })
    onStop(async () => crowd.kill())
    if (crowd.ready.live < viewers) return `only ${crowd.ready.live} of ${viewers} streams were live (${crowd.ready.firstError ?? 'no error'})`
    log(`push: ${viewers} streams live; ${responders} responders writing a note every ${noteEveryMs / 1000} s each for ${seconds} s…`)
    let cpu0 = cpuSeconds(pid)
    const pushCommits = await drive(seconds * 1000, 'push')
    const pushCpu = cpuSeconds(pid) - cpu0
    await sleep(graceMs)
    const report = await crowd.stop()
    const delays: number[] = []
    const toListener: number[] = []
    const toFirst: number[] = []
    const spread: number[] = []
    let lost = 0
    for (const [id, at] of pushCommits) {
      const times = report.got[id] ?? []
      lost += viewers - times.length
      for (const t of times) delays.push(Math.max(0, t - at))
      if (notified.has(id)) toListener.push(notified.get(id)! - at)
      if (times.length) {
        toFirst.push(Math.min(...times) - at)
        spread.push(Math.max(...times) - Math.min(...times))
      }
    }
    if (report.broken) log(`${report.broken} stream(s) ended early: ${report.firstError}`)
    for (const list of [delays, toListener, toFirst, spread]) list.sort((a, b) => a - b)
    const ms = (list: number[], p: number) => percentile(list, p).toFixed(0)
    log(
      `push: ${pushCommits.size} notes × ${viewers} viewers; delivery p50 ${ms(delays, 50)} ms, p95 ${ms(delays, 95)} ms, max ${(delays.at(-1) ?? 0).toFixed(0)} ms; lost ${lost}; server CPU ${pushCpu.toFixed(2)} s`,
    )
    log(
      `push, where the time goes (p50/p95 ms): commit → NOTIFY at a listener ${ms(toListener, 50)}/${ms(toListener, 95)}; commit → first viewer ${ms(toFirst, 50)}/${ms(toFirst, 95)}; first → last viewer ${ms(spread, 50)}/${ms(spread, 95)}`,
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
        const now = epochMs()
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
