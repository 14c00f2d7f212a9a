// npm run bench:dashboard — the dashboard at scale, over HTTP against the built app,
// signed in as a viewer: 100,000 incidents over a year (500,000 timeline entries,
// ~25,000 post-mortems, ~50,000 action items). For the last 30 and 90 days it prints
// the p50/p95 of the server time (the route's Server-Timing: every query and the
// shaping, as the page does it) and of the whole request, then the time of the same
// statements run raw on a pg pool of the same size, in parallel as the app runs them.
// Targets: p95 under 300 ms, and no more than 1.5x the raw SQL time.
//   BENCH_REQUESTS (100 per range), BENCH_INCIDENTS (100000)
import pg from 'pg'
import { generatedFleet } from '../lib/simulator'
import { hashPassword } from '../lib/auth/password'
import type { DashboardData } from '../lib/dashboard/dto'
import { presetRange, type RangePreset } from '../lib/dashboard/range'
import { seedDashboardAtScale } from '../lib/dashboard/scale-fixture'
import { dashboardStatements, openIncidentsStatement } from '../lib/dashboard/sql'
import type { SeverityPolicyRow } from '../lib/incidents/dto'
import { completePolicy } from '../lib/incidents/policy'
import { runBench } from './lib/bench'
import { percentile, signInCookie } from './lib/session'

const requests = Number(process.env.BENCH_REQUESTS ?? 100)
const incidents = Number(process.env.BENCH_INCIDENTS ?? 100_000)
const warmups = 5
const targetP95Ms = 300
const maxRatio = 1.5
/** The app's pool size (lib/db/create-client.ts); the raw runs get the same. */
const POOL = 10

type Timing = { server: number[]; total: number[]; raw: number[] }

runBench(
  'dashboard',
  async ({ log, databaseUrl, db, serve, onStop }) => {
    const raw = new pg.Pool({ connectionString: databaseUrl, max: POOL })
    let stopping = false
    // Postgres stopping at the end ends idle connections; only an error before then matters.
    raw.on('error', (err) => {
      if (!stopping) log(`raw pool: ${err.message}`)
    })
    onStop(() => {
      stopping = true
      return raw.end()
    })
    const failures: string[] = []
    let started = performance.now()
    const fixture = await seedDashboardAtScale(db, { incidents })
    log(
      `seeded ${fixture.incidents} incidents, ${fixture.timelineEntries} timeline entries, ${fixture.postMortems} post-mortems, ${fixture.actionItems} action items in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    )
    const { email } = await db.user.update({
      where: { id: fixture.viewerId },
      data: { passwordHash: await hashPassword('bench-password') },
      select: { email: true },
    })

    const app = await serve()
    const base = app.base
    const cookie = await signInCookie(base, email, 'bench-password')

    // The page itself renders at this scale (once, not timed).
    const page = await fetch(`${base}/dashboard?range=90d`, { headers: { cookie } })
    const html = await page.text()
    if (!page.ok || !html.includes('MTTA and MTTR by severity')) failures.push(`GET /dashboard?range=90d answered ${page.status} without the charts`)

    const { rows: policyRows } = await raw.query<SeverityPolicyRow>(
      `SELECT severity::text AS severity, description, "ackWithinMinutes", "resolveWithinMinutes", "updateEveryMinutes", "updatesAtStartAndEnd", "escalateAfterMinutes", "postmortemRequired", version FROM "SeverityPolicy"`,
    )
    const policy = completePolicy(policyRows)

    const results = new Map<RangePreset, Timing>()
    for (const preset of ['30d', '90d'] as const) {
      const range = presetRange(preset)
      const [{ n: expected }] = (
        await raw.query<{ n: number }>(`SELECT count(*)::int AS n FROM "Incident" WHERE "declaredAt" >= $1::timestamp AND "declaredAt" < $2::timestamp`, [
          range.from,
          range.to,
        ])
      ).rows
      const timing: Timing = { server: [], total: [], raw: [] }

      /** One dashboard request; its server and total times, or null when it failed (recorded). */
      const hit = async () => {
        const t0 = performance.now()
        try {
          const res = await fetch(`${base}/api/dashboard?range=${preset}`, { headers: { cookie } })
          const body = await res.text()
          const total = performance.now() - t0
          if (!res.ok) return void failures.push(`${preset}: HTTP ${res.status} ${body.slice(0, 120)}`)
          const data = JSON.parse(body) as DashboardData
          const counted = data.severities.reduce((a, s) => a + s.incidents, 0)
          if (counted !== expected) return void failures.push(`${preset}: the dashboard counted ${counted} incidents, the database has ${expected}`)
          const server = Number(/dashboard;dur=([\d.]+)/.exec(res.headers.get('server-timing') ?? '')?.[1])
          if (!Number.isFinite(server)) return void failures.push(`${preset}: no Server-Timing header`)
          return { server, total }
        } catch (err) {
          failures.push(`${preset}: ${err instanceof Error ? err.message : String(err)}`)
          return null
        }
      }

      /** The same statements, raw, in parallel on a pool of the app's size. */
      const rawRun = async () => {
        const t0 = performance.now()
        await Promise.all([
          raw.query(
            'SELECT severity, description, "ackWithinMinutes", "resolveWithinMinutes", "updateEveryMinutes", "updatesAtStartAndEnd", "escalateAfterMinutes", "postmortemRequired", version FROM "SeverityPolicy"',
          ),
          ...[...dashboardStatements(range, policy, new Date()), openIncidentsStatement(500)].map((s) => raw.query(s.text, s.values)),
        ])
        return performance.now() - t0
      }

      for (let i = 0; i < warmups; i++) await hit()
      started = performance.now()
      for (let i = 0; i < requests; i++) {
        const r = await hit()
        if (r) {
          timing.server.push(r.server)
          timing.total.push(r.total)
        }
      }
      log(`${preset}: ${requests} sequential requests in ${((performance.now() - started) / 1000).toFixed(1)} s (${expected} incidents in range)`)
      for (let i = 0; i < warmups; i++) await rawRun()
      for (let i = 0; i < requests; i++) timing.raw.push(await rawRun())
      for (const list of Object.values(timing)) list.sort((a, b) => a - b)
      results.set(preset, timing)
    }

    const fmt = (ms: number) => ms.toFixed(1)
    const row = (cells: string[]) => log(cells.map((c, i) => (i === 0 ? c.padEnd(26) : c.padStart(10))).join(' '))
    row(['', 'n', 'p50 ms', 'p95 ms', 'max ms', 'target'])
    const verdicts: boolean[] = []
    for (const preset of ['30d', '90d'] as const) {
      const t = results.get(preset)!
      const p95 = percentile(t.server, 95)
      const ratio = p95 / percentile(t.raw, 95)
      verdicts.push(p95 < targetP95Ms, ratio <= maxRatio)
      row([
        `${preset} server time`,
        String(t.server.length),
        fmt(percentile(t.server, 50)),
        fmt(p95),
        fmt(t.server.at(-1) ?? 0),
        `${p95 < targetP95Ms ? 'ok' : 'MISSED'} <${targetP95Ms}`,
      ])
      row([`${preset} whole request`, String(t.total.length), fmt(percentile(t.total, 50)), fmt(percentile(t.total, 95)), fmt(t.total.at(-1) ?? 0), ''])
      row([
        `${preset} raw SQL`,
        String(t.raw.length),
        fmt(percentile(t.raw, 50)),
        fmt(percentile(t.raw, 95)),
        fmt(t.raw.at(-1) ?? 0),
        `×${ratio.toFixed(2)} ${ratio <= maxRatio ? 'ok' : 'MISSED'} ≤${maxRatio}`,
      ])
    }
    log(`targets: server p95 < ${targetP95Ms} ms, and server p95 ≤ ${maxRatio}× the raw SQL p95 (same statements, parallel, pool of ${POOL})`)
    if (failures.length) {
      log(`${failures.length} problem(s):`)
      const seen = new Map<string, number>()
      for (const f of failures) seen.set(f, (seen.get(f) ?? 0) + 1)
      for (const [what, n] of seen) log(`  ${n} × ${what}`)
      if (app.output.length) {
        log("the app's last output:")
        for (const line of app.output) log(`  | ${line}`)
      }
    }
    const p = (preset: RangePreset, key: keyof Timing, pct: number) => fmt(percentile(results.get(preset)![key], pct))
    console.log(
      `bench:dashboard incidents=${fixture.incidents} timeline_entries=${fixture.timelineEntries} d30_p50_ms=${p('30d', 'server', 50)} d30_p95_ms=${p('30d', 'server', 95)} d90_p50_ms=${p('90d', 'server', 50)} d90_p95_ms=${p('90d', 'server', 95)} raw_sql_d30_ms=${p('30d', 'raw', 95)} raw_sql_d90_ms=${p('90d', 'raw', 95)} ratio_d90=${(percentile(results.get('90d')!.server, 95) / percentile(results.get('90d')!.raw, 95)).toFixed(2)}`,
    )
    const missed = verdicts.filter((v) => !v).length
    if (failures.length) return `${failures.length} request(s) went wrong`
    if (missed) console.error(`bench:dashboard: ${missed} target(s) missed`)
  },
  { simulator: { fleet: generatedFleet(12), seed: 3 } },
)
