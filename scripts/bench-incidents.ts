// npm run bench:incidents — the incident pages at scale, over HTTP against the built app,
// signed in: 10,000 incidents (30,000 notes) and one incident with 5,000 timeline entries.
// Prints p50/p95 of the list page, the busy incident's page and its timeline poll.
//   BENCH_REQUESTS (200 sequential per URL), BENCH_CONCURRENCY (10 at once in a short
//   second phase; 0 skips it), BENCH_INCIDENTS (10000), BENCH_TIMELINE_ENTRIES (5000)
import { generatedFleet } from '../lib/simulator'
import { hashPassword } from '../lib/auth/password'
import { seedIncidentsAtScale } from '../lib/incidents/scale-fixture'
import { runBench } from './lib/bench'
import { percentile, signInCookie } from './lib/session'

const requests = Number(process.env.BENCH_REQUESTS ?? 200)
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 10)
const incidents = Number(process.env.BENCH_INCIDENTS ?? 10_000)
const timelineEntries = Number(process.env.BENCH_TIMELINE_ENTRIES ?? 5_000)
const warmups = 5
const targetP95Ms = 150

type Target = { key: 'list' | 'incident' | 'timeline_poll'; label: string; path: string; check: (body: string) => string | null }
type Result = { sequential: number[]; concurrent: number[] }
type Failure = { path: string; status: number; detail: string }

runBench(
  'incidents',
  async ({ log, db, serve }) => {
    const failures: Failure[] = []
    let started = performance.now()
    const fixture = await seedIncidentsAtScale(db, { incidents, busyEntries: timelineEntries })
    const email = (
      await db.user.update({ where: { id: fixture.viewerId }, data: { passwordHash: await hashPassword('bench-password') }, select: { email: true } })
    ).email
    const busy = await db.incident.findUniqueOrThrow({ where: { id: fixture.busyIncidentId }, select: { title: true } })
    const latest = await db.timelineEntry.findFirstOrThrow({ where: { incidentId: fixture.busyIncidentId }, orderBy: { id: 'desc' }, select: { id: true } })
    const [incidentCount, busyCount] = await Promise.all([db.incident.count(), db.timelineEntry.count({ where: { incidentId: fixture.busyIncidentId } })])
    log(`seeded ${incidentCount} incidents, ${busyCount} timeline entries on the busy one, in ${((performance.now() - started) / 1000).toFixed(1)} s`)

    const app = await serve()
    const base = app.base
    const cookie = await signInCookie(base, email, 'bench-password')

    const targets: Target[] = [
      { key: 'list', label: 'GET /incidents', path: '/incidents', check: (body) => (body.includes('Incidents') ? null : 'no "Incidents" heading in the page') },
      {
        key: 'incident',
        label: 'GET /incidents/<busy>',
        path: `/incidents/${fixture.busyIncidentId}`,
        check: (body) => (body.includes(busy.title) ? null : `the page does not show the incident's title "${busy.title}"`),
      },
      {
        key: 'timeline_poll',
        label: 'GET …/timeline?after=<latest>',
        path: `/api/incidents/${fixture.busyIncidentId}/timeline?after=${latest.id}`,
        check: (body) => {
          const json = JSON.parse(body) as { entries?: unknown; cursor?: unknown; hasMore?: unknown }
          if (!Array.isArray(json.entries) || json.entries.length !== 0) return `expected no new entries, got ${body.slice(0, 120)}`
          if (json.cursor !== latest.id || json.hasMore !== false) return `expected cursor ${latest.id} and hasMore false, got ${body.slice(0, 120)}`
          return null
        },
      },
    ]

    /** One request; its time to the last byte, or null when it failed (recorded). */
    async function hit(target: Target): Promise<number | null> {
      const t0 = performance.now()
      try {
        const res = await fetch(`${base}${target.path}`, { headers: { cookie }, redirect: 'manual' })
        const body = await res.text()
        const ms = performance.now() - t0
        const problem =
          res.status < 200 || res.status >= 300
            ? `HTTP ${res.status}${res.headers.get('location') ? ` → ${res.headers.get('location')}` : ''}`
            : target.check(body)
        if (problem) {
          failures.push({ path: target.path, status: res.status, detail: problem })
          return null
        }
        return ms
      } catch (err) {
        failures.push({ path: target.path, status: 0, detail: err instanceof Error ? err.message : String(err) })
        return null
      }
    }

    const results = new Map<Target['key'], Result>()
    for (const target of targets) {
      for (let i = 0; i < warmups; i++) await hit(target)
      const result: Result = { sequential: [], concurrent: [] }
      started = performance.now()
      for (let i = 0; i < requests; i++) {
        const ms = await hit(target)
        if (ms !== null) result.sequential.push(ms)
      }
      log(`${target.label}: ${requests} sequential requests in ${((performance.now() - started) / 1000).toFixed(1)} s`)
      if (concurrency > 0) {
        const perWorker = 5
        await Promise.all(
          Array.from({ length: concurrency }, async () => {
            for (let i = 0; i < perWorker; i++) {
              const ms = await hit(target)
              if (ms !== null) result.concurrent.push(ms)
            }
          }),
        )
      }
      result.sequential.sort((a, b) => a - b)
      result.concurrent.sort((a, b) => a - b)
      results.set(target.key, result)
    }

    const fmt = (ms: number) => ms.toFixed(1)
    const row = (cells: string[]) => log(cells.map((c, i) => (i === 0 ? c.padEnd(32) : c.padStart(10))).join(' '))
    row(['', 'n', 'p50 ms', 'p95 ms', 'max ms', ...(concurrency > 0 ? [`c${concurrency} p50`, `c${concurrency} p95`] : []), 'target'])
    for (const target of targets) {
      const r = results.get(target.key)!
      const p95 = percentile(r.sequential, 95)
      row([
        target.label,
        String(r.sequential.length),
        fmt(percentile(r.sequential, 50)),
        fmt(p95),
        fmt(r.sequential.at(-1) ?? 0),
        ...(concurrency > 0 ? [fmt(percentile(r.concurrent, 50)), fmt(percentile(r.concurrent, 95))] : []),
        `${p95 < targetP95Ms ? 'ok' : 'MISSED'} <${targetP95Ms}`,
      ])
    }
    log(`target: p95 < ${targetP95Ms} ms for each (sequential, time to the last byte, signed in as a viewer)`)
    if (failures.length) {
      log(`${failures.length} request(s) failed:`)
      const seen = new Map<string, number>()
      for (const f of failures) seen.set(`${f.path}: ${f.detail}`, (seen.get(`${f.path}: ${f.detail}`) ?? 0) + 1)
      for (const [what, n] of seen) log(`  ${n} × ${what}`)
      if (app.output.length) {
        log("the app's last output:")
        for (const line of app.output) log(`  | ${line}`)
      }
    }
    const p = (key: Target['key'], pct: number) => fmt(percentile(results.get(key)!.sequential, pct))
    console.log(
      `bench:incidents incidents=${incidentCount} timeline_entries=${busyCount} list_p50_ms=${p('list', 50)} list_p95_ms=${p('list', 95)} incident_p50_ms=${p('incident', 50)} incident_p95_ms=${p('incident', 95)} timeline_poll_p50_ms=${p('timeline_poll', 50)} timeline_poll_p95_ms=${p('timeline_poll', 95)}`,
    )
    if (failures.length) return `${failures.length} request(s) did not answer 2xx with the expected body`
  },
  { simulator: { fleet: generatedFleet(20), seed: 3 } },
)
