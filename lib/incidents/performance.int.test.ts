// The list and the live timeline stay fast at scale: 10,000 incidents (30,000 notes)
// and one incident with 5,000 timeline entries. Times are medians of several runs
// after a warm-up; the limits are generous so a slow CI machine still passes, and
// the query plans are checked so a lost index fails even on a fast one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Actor } from '@/lib/actions/actor'
import { db } from '@/lib/db/client'
import { getIncident, getOlderTimeline, getTimeline, listIncidents } from './queries'

let viewer: Actor
let busyIncident: string
let serviceId: string
let commanderId: string
const timings: Record<string, number> = {}

async function median(label: string, run: () => Promise<unknown>, times = 5) {
  await run()
  const ms: number[] = []
  for (let i = 0; i < times; i++) {
    const start = performance.now()
    await run()
    ms.push(performance.now() - start)
  }
  ms.sort((a, b) => a - b)
  timings[label] = Math.round(ms[Math.floor(times / 2)] * 10) / 10
  return timings[label]
}

async function plan(sql: string, ...params: unknown[]) {
  const rows = await db.$queryRawUnsafe<{ 'QUERY PLAN': string }[]>(`EXPLAIN ${sql}`, ...params)
  return rows.map((r) => r['QUERY PLAN']).join('\n')
}

beforeAll(async () => {
  const user = await db.user.create({ data: { email: 'perf@example.com', name: 'Perf', role: 'VIEWER' }, select: { id: true, email: true, name: true, role: true } })
  viewer = user
  const commanders = await Promise.all(
    [1, 2, 3].map((i) => db.user.create({ data: { email: `c${i}@example.com`, name: `Commander ${i}`, role: 'COMMANDER' }, select: { id: true } })),
  )
  commanderId = commanders[0].id
  await db.$executeRawUnsafe(`
    INSERT INTO "Service" (id, name, environment, region, cluster, "ecsServiceName", team, "updatedAt")
    SELECT gen_random_uuid(), 'svc-' || g, (CASE WHEN g % 2 = 0 THEN 'PROD' ELSE 'DEV' END)::"Environment", 'us-east-1',
           'cluster-' || (g % 2), 'svc-' || g, 'team', now()
    FROM generate_series(1, 20) g`)
  serviceId = (await db.service.findFirstOrThrow({ where: { name: 'svc-4' }, select: { id: true } })).id
  // 10,000 incidents, one in a hundred still open, declared seven minutes apart.
  await db.$executeRawUnsafe(
    `
    INSERT INTO "Incident" (id, title, severity, status, impact, "commanderId", "declaredById", "declaredAt", "acknowledgedAt",
                            "resolvedAt", "resolutionSummary", "lastProgressAt", "updatedAt")
    SELECT gen_random_uuid(),
           (ARRAY['Checkout errors','Slow search','Payment timeouts','Login failures','Queue backlog'])[1 + g % 5] || ' #' || g,
           (ARRAY['SEV1','SEV2','SEV3','SEV4'])[1 + g % 4]::"Severity",
           (CASE WHEN g % 100 = 0 THEN 'INVESTIGATING' ELSE 'RESOLVED' END)::"IncidentStatus",
           'Customers see errors on ' || (ARRAY['checkout','search','login','orders'])[1 + g % 4],
           (ARRAY[$1, $2, $3]::uuid[])[1 + g % 3], $1::uuid,
           now() - make_interval(mins => g * 7), now() - make_interval(mins => g * 7 - 2),
           CASE WHEN g % 100 = 0 THEN NULL ELSE now() - make_interval(mins => g * 7 - 60) END,
           CASE WHEN g % 100 = 0 THEN NULL ELSE 'fixed' END,
           now() - make_interval(mins => g * 7), now()
    FROM generate_series(1, 10000) g`,
    commanders[0].id,
    commanders[1].id,
    commanders[2].id,
  )
  await db.$executeRawUnsafe(`
    INSERT INTO "IncidentService" ("incidentId", "serviceId")
    SELECT i.id, s.id FROM "Incident" i JOIN "Service" s ON s.name = 'svc-' || (1 + i.number % 20)
    UNION
    SELECT i.id, s.id FROM "Incident" i JOIN "Service" s ON s.name = 'svc-' || (1 + (i.number * 7) % 20)`)
  // A declared entry and three notes per incident.
  await db.$executeRawUnsafe(`
    INSERT INTO "TimelineEntry" ("incidentId", kind, "actorId", at, text)
    SELECT i.id, k.kind, i."declaredById", i."declaredAt" + make_interval(mins => k.n),
           CASE WHEN k.kind = 'declared' THEN 'Declared ' || i.title
                ELSE (ARRAY['Pool exhausted on the primary','Restarted the tasks','Rolled back the deploy','Raised memory to 2 GB','Cleared the queue'])[1 + (i.number + k.n) % 5] || ' (' || i.number || ')' END
    FROM "Incident" i CROSS JOIN (VALUES ('declared', 0), ('note', 1), ('note', 2), ('note', 3)) AS k(kind, n)
    ORDER BY i."declaredAt", k.n`)
  // One long incident: 5,000 timeline entries.
  busyIncident = (await db.incident.findFirstOrThrow({ where: { status: 'INVESTIGATING' }, orderBy: { declaredAt: 'desc' }, select: { id: true } })).id
  await db.$executeRawUnsafe(
    `
    INSERT INTO "TimelineEntry" ("incidentId", kind, "actorId", at, text)
    SELECT $1::uuid, 'note', $2::uuid, now() - make_interval(secs => 5000 - g), 'progress note ' || g
    FROM generate_series(1, 4996) g`,
    busyIncident,
    commanders[0].id,
  )
  await db.$executeRawUnsafe('ANALYZE')
}, 120_000)

afterAll(async () => {
  console.log('incident queries at scale (median ms):', timings)
  await db.$disconnect()
})

describe('at scale', () => {
  it('has the data it claims', async () => {
    expect(await db.incident.count()).toBe(10_000)
    expect(await db.timelineEntry.count({ where: { incidentId: busyIncident } })).toBe(5_000)
    expect(await db.timelineEntry.count({ where: { kind: 'note' } })).toBeGreaterThanOrEqual(30_000)
  })

  it('lists the first page (open first, newest first) fast', async () => {
    const page = await listIncidents(viewer, {})
    expect(page.items).toHaveLength(25)
    expect(page.items.filter((i) => i.status !== 'RESOLVED')).toHaveLength(25)
    expect(page.total).toBe(10_000)
    expect(await median('list first page', () => listIncidents(viewer, {}))).toBeLessThan(250)
  })

  it('pages deep into the resolved range fast', async () => {
    let cursor: string | null = null
    for (let i = 0; i < 20; i++) cursor = (await listIncidents(viewer, { limit: 100 }, cursor)).nextCursor
    const page = await listIncidents(viewer, { limit: 100 }, cursor)
    expect(page.items[0].status).toBe('RESOLVED')
    expect(await median('list page 21 of 100', () => listIncidents(viewer, { limit: 100 }, cursor))).toBeLessThan(250)
  })

  it('filters fast: severity, service, environment, commander, date range', async () => {
    const since = new Date(Date.now() - 14 * 24 * 60 * 60_000).toISOString()
    expect(await median('filter severity', () => listIncidents(viewer, { severity: 'SEV1' }))).toBeLessThan(250)
    expect(await median('filter service', () => listIncidents(viewer, { serviceId }))).toBeLessThan(250)
    expect(await median('filter environment', () => listIncidents(viewer, { environment: 'PROD', state: 'resolved' }))).toBeLessThan(250)
    expect(await median('filter commander', () => listIncidents(viewer, { commanderId }))).toBeLessThan(250)
    expect(await median('filter date range', () => listIncidents(viewer, { from: since }))).toBeLessThan(250)
  })

  it('searches titles and 30,000 notes fast enough, including a search that matches nothing', async () => {
    const hits = await listIncidents(viewer, { q: 'rolled back the deploy (4241)' })
    expect(hits.items.map((i) => i.number)).toEqual([4241])
    expect(await median('search note', () => listIncidents(viewer, { q: 'rolled back the deploy (4241)' }))).toBeLessThan(500)
    expect(await median('search title', () => listIncidents(viewer, { q: 'payment timeouts' }))).toBeLessThan(500)
    expect(await median('search no match', () => listIncidents(viewer, { q: 'no such words anywhere' }))).toBeLessThan(500)
  })

  it('searches notes through the trigram index where pg_trgm is installed', async (ctx) => {
    const [{ installed }] = await db.$queryRawUnsafe<{ installed: boolean }[]>(
      `SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm') AS installed`,
    )
    if (!installed) ctx.skip()
    const notePlan = await plan(`SELECT "incidentId" FROM "TimelineEntry" WHERE kind = 'note' AND text ILIKE ('%' || $1 || '%')`, 'no such words anywhere')
    expect(notePlan).toContain('TimelineEntry_note_text_trgm_idx')
  })

  it('opens an incident fast', async () => {
    expect(await median('get incident', () => getIncident(viewer, busyIncident))).toBeLessThan(100)
  })

  it('polls a 5,000-entry timeline with the index: only the new entries, fast', async () => {
    const latest = await getTimeline(viewer, busyIncident)
    expect(latest.entries).toHaveLength(200)
    expect(latest.hasMore).toBe(true)
    const afterId = latest.cursor! - 3
    const poll = await getTimeline(viewer, busyIncident, afterId)
    expect(poll.entries.map((e) => e.id)).toEqual([afterId + 1, afterId + 2, afterId + 3])
    expect(await median('timeline latest 200', () => getTimeline(viewer, busyIncident))).toBeLessThan(150)
    expect(await median('timeline poll', () => getTimeline(viewer, busyIncident, latest.cursor))).toBeLessThan(50)
    expect(await median('timeline older page', () => getOlderTimeline(viewer, busyIncident, latest.entries[0].id))).toBeLessThan(150)
    // Polling reads an index from the cursor on, whether the incident is busy or quiet.
    const pollPlan = await plan(`SELECT id FROM "TimelineEntry" WHERE "incidentId" = $1::uuid AND id > $2 ORDER BY id LIMIT 201`, busyIncident, latest.cursor)
    expect(pollPlan).toMatch(/Index (Only )?Scan/)
    expect(pollPlan).not.toMatch(/Seq Scan/)
    const quiet = await db.incident.findFirstOrThrow({ where: { status: 'RESOLVED' }, select: { id: true } })
    const quietPlan = await plan(`SELECT id FROM "TimelineEntry" WHERE "incidentId" = $1::uuid AND id > 0 ORDER BY id LIMIT 201`, quiet.id)
    expect(quietPlan).toContain('TimelineEntry_incidentId_id_idx')
  })

  it('reads each list range from the (status, declaredAt, id) index', async () => {
    const resolvedPlan = await plan(
      `SELECT id FROM "Incident" WHERE status = 'RESOLVED' ORDER BY "declaredAt" DESC, id DESC LIMIT 26`,
    )
    expect(resolvedPlan).toContain('Incident_status_declaredAt_id_idx')
    expect(resolvedPlan).not.toMatch(/Seq Scan/)
  })
})
