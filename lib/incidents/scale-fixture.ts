// Incidents at scale, for the scale integration test and `npm run bench:incidents`:
// by default 10,000 incidents (one in a hundred still open, declared seven minutes
// apart) on 20 services, a declared entry and three notes each (30,000 notes), and one
// open incident with 5,000 timeline entries. Expects empty tables (numbers from 1).
// Takes the client as a parameter and stays free of 'server-only', so scripts use it too.
// Times count back from `now` (tests pass their own), never from the database's clock.
import type { DbClient } from '@/lib/db/create-client'

export type ScaleFixture = {
  /** A VIEWER with no password; give it a passwordHash to sign in as it. */
  viewerId: string
  /** Three COMMANDERs; every incident is commanded by one of them. */
  commanderIds: string[]
  /** The service named svc-4. */
  serviceId: string
  /** The newest open incident, with `busyEntries` timeline entries. */
  busyIncidentId: string
}

export async function seedIncidentsAtScale(db: DbClient, opts: { incidents?: number; busyEntries?: number; now?: Date } = {}): Promise<ScaleFixture> {
  const incidents = opts.incidents ?? 10_000
  const now = (opts.now ?? new Date()).toISOString()
  const busyEntries = opts.busyEntries ?? 5_000
  if (incidents < 100) throw new Error('seedIncidentsAtScale needs at least 100 incidents (one in a hundred is open)')
  if (busyEntries < 4) throw new Error('seedIncidentsAtScale: the busy incident already has 4 entries')

  const viewer = await db.user.create({ data: { email: 'perf@example.com', name: 'Perf', role: 'VIEWER' }, select: { id: true } })
  const commanders = await Promise.all(
    [1, 2, 3].map((i) => db.user.create({ data: { email: `c${i}@example.com`, name: `Commander ${i}`, role: 'COMMANDER' }, select: { id: true } })),
  )
  await db.$executeRawUnsafe(
    `
    INSERT INTO "Service" (id, name, environment, region, cluster, "ecsServiceName", team, "updatedAt")
    SELECT gen_random_uuid(), 'svc-' || g, (CASE WHEN g % 2 = 0 THEN 'PROD' ELSE 'DEV' END)::"Environment", 'us-east-1',
           'cluster-' || (g % 2), 'svc-' || g, 'team', $1::timestamp
    FROM generate_series(1, 20) g`,
    now,
  )
  const serviceId = (await db.service.findFirstOrThrow({ where: { name: 'svc-4' }, select: { id: true } })).id
  // One in a hundred still open, declared seven minutes apart.
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
           $5::timestamp - make_interval(mins => g * 7), $5::timestamp - make_interval(mins => g * 7 - 2),
           CASE WHEN g % 100 = 0 THEN NULL ELSE $5::timestamp - make_interval(mins => g * 7 - 60) END,
           CASE WHEN g % 100 = 0 THEN NULL ELSE 'fixed' END,
           $5::timestamp - make_interval(mins => g * 7), $5::timestamp
    FROM generate_series(1, $4::int) g`,
    commanders[0].id,
    commanders[1].id,
    commanders[2].id,
    incidents,
    now,
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
  // One long incident: the newest open one gets the rest of its entries, newest last.
  const busyIncidentId = (await db.incident.findFirstOrThrow({ where: { status: 'INVESTIGATING' }, orderBy: { declaredAt: 'desc' }, select: { id: true } })).id
  await db.$executeRawUnsafe(
    `
    INSERT INTO "TimelineEntry" ("incidentId", kind, "actorId", at, text)
    SELECT $1::uuid, 'note', $2::uuid, $4::timestamp - make_interval(secs => $3::int - g), 'progress note ' || g
    FROM generate_series(1, $3::int - 4) g`,
    busyIncidentId,
    commanders[0].id,
    busyEntries,
    now,
  )
  await db.$executeRawUnsafe('ANALYZE')
  return { viewerId: viewer.id, commanderIds: commanders.map((c) => c.id), serviceId, busyIncidentId }
}
