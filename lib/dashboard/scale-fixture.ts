// The dashboard at scale, for `npm run bench:dashboard`: by default 100,000 incidents
// declared over the last 365 days (one every ~5 minutes, so 90 days hold ~25,000),
// a mix of severities, reopened and unacknowledged ones, one in a thousand still
// open; 1–2 of 12 services each; five timeline entries each (500,000 entries);
// post-mortems for resolved SEV1/SEV2 (~25,000) with two action items each.
// Plain SQL (generate_series), so it loads in seconds. Expects empty tables.
// Takes the client as a parameter and stays free of 'server-only', so scripts use it.
import type { DbClient } from '@/lib/db/create-client'
import { businessDaysAfterSql } from './sql'

export type DashboardFixture = { viewerId: string; incidents: number; timelineEntries: number; postMortems: number; actionItems: number }

export async function seedDashboardAtScale(db: DbClient, opts: { incidents?: number; now?: Date } = {}): Promise<DashboardFixture> {
  const incidents = opts.incidents ?? 100_000
  const now = (opts.now ?? new Date()).toISOString()
  const viewer = await db.user.create({ data: { email: 'perf@example.com', name: 'Perf', role: 'VIEWER' }, select: { id: true } })
  await db.$executeRawUnsafe(`
    INSERT INTO "User" (id, email, name, role, "updatedAt")
    SELECT gen_random_uuid(), 'person' || g || '@example.com', 'Person ' || g, (CASE WHEN g <= 4 THEN 'COMMANDER' ELSE 'RESPONDER' END)::"Role", now()
    FROM generate_series(1, 12) g`)
  await db.$executeRawUnsafe(`
    INSERT INTO "Service" (id, name, environment, region, cluster, "ecsServiceName", team, "updatedAt")
    SELECT gen_random_uuid(), 'svc-' || g, (CASE WHEN g <= 8 THEN 'PROD' ELSE 'DEV' END)::"Environment", 'us-east-1',
           CASE WHEN g <= 8 THEN 'prod' ELSE 'dev' END, 'svc-' || g, 'team', now()
    FROM generate_series(1, 12) g`)

  // Per-incident numbers come from cheap hashes of g, so every run builds the same data.
  await db.$executeRawUnsafe(
    `
    WITH people AS (SELECT array_agg(id ORDER BY email) AS ids FROM "User" WHERE email LIKE 'person%'),
    base AS (
      SELECT g,
             $2::timestamp - make_interval(secs => (g::float8 * 365 * 86400 / $1)) AS declared,
             (CASE WHEN (g * 7919) % 100 < 5 THEN 'SEV1' WHEN (g * 7919) % 100 < 25 THEN 'SEV2' WHEN (g * 7919) % 100 < 70 THEN 'SEV3' ELSE 'SEV4' END) AS sev
      FROM generate_series(1, $1::int) g
    ),
    timed AS (
      SELECT b.*,
             CASE b.sev WHEN 'SEV1' THEN 1 + (g * 31) % 20 WHEN 'SEV2' THEN 2 + (g * 37) % 45 WHEN 'SEV3' THEN 5 + (g * 41) % 180 ELSE 30 + (g * 43) % 2000 END AS ack_min,
             CASE b.sev WHEN 'SEV1' THEN 20 + (g * 47) % 100 WHEN 'SEV2' THEN 40 + (g * 53) % 360 WHEN 'SEV3' THEN 60 + (g * 59) % 1800 ELSE 200 + (g * 61) % 6000 END AS res_min
      FROM base b
    )
    INSERT INTO "Incident" (id, number, title, severity, status, impact, "commanderId", "declaredById", "declaredAt", "acknowledgedAt",
                            "mitigatedAt", "resolvedAt", "resolutionSummary", "reopenedAt", "reopenCount", "lastProgressAt", "updatedAt")
    SELECT gen_random_uuid(), g,
           (ARRAY['Checkout errors','Slow search','Payment timeouts','Login failures','Queue backlog','Tasks restarting'])[1 + g % 6] || ' #' || g,
           t.sev::"Severity",
           (CASE WHEN g % 1000 = 0 THEN 'INVESTIGATING' ELSE 'RESOLVED' END)::"IncidentStatus",
           'Customers see errors',
           p.ids[1 + g % 4], p.ids[5 + g % 8], t.declared,
           CASE WHEN g % 50 = 7 THEN NULL ELSE t.declared + make_interval(mins => t.ack_min) END,
           CASE WHEN g % 1000 = 0 THEN NULL ELSE t.declared + make_interval(mins => t.res_min * 3 / 4) END,
           CASE WHEN g % 1000 = 0 THEN NULL ELSE t.declared + make_interval(mins => t.ack_min + t.res_min) END,
           CASE WHEN g % 1000 = 0 THEN NULL ELSE 'fixed' END,
           CASE WHEN g % 20 = 3 THEN t.declared + make_interval(mins => t.ack_min + t.res_min / 2) END,
           CASE WHEN g % 20 = 3 THEN 1 ELSE 0 END,
           t.declared, now()
    FROM timed t CROSS JOIN people p`,
    incidents,
    now,
  )
  await db.$executeRawUnsafe(`SELECT setval(pg_get_serial_sequence('"Incident"', 'number'), (SELECT max(number) FROM "Incident"))`)
  await db.$executeRawUnsafe(`
    INSERT INTO "IncidentService" ("incidentId", "serviceId")
    SELECT i.id, s.id FROM "Incident" i JOIN "Service" s ON s.name = 'svc-' || (1 + (i.number * 7) % 12)
    UNION
    SELECT i.id, s.id FROM "Incident" i JOIN "Service" s ON s.name = 'svc-' || (1 + (i.number * 5) % 12) WHERE i.number % 3 = 0`)
  // Five entries per incident, in time order.
  await db.$executeRawUnsafe(`
    INSERT INTO "TimelineEntry" ("incidentId", kind, "actorId", at, text)
    SELECT i.id, k.kind, i."commanderId", COALESCE(CASE k.kind WHEN 'declared' THEN i."declaredAt" WHEN 'acknowledged' THEN i."acknowledgedAt"
                                                   WHEN 'status_changed' THEN i."mitigatedAt" WHEN 'resolved' THEN i."resolvedAt" END,
                                              i."declaredAt" + make_interval(mins => k.n)),
           CASE k.kind WHEN 'declared' THEN 'Declared ' || i.severity || ': ' || i.title WHEN 'acknowledged' THEN 'Acknowledged'
                       WHEN 'status_changed' THEN 'Status changed from Identified to Monitoring' WHEN 'resolved' THEN 'Resolved: fixed'
                       ELSE 'Restarted the tasks; watching the error rate' END
    FROM "Incident" i CROSS JOIN (VALUES ('declared', 0), ('acknowledged', 1), ('note', 2), ('status_changed', 3), ('resolved', 4)) AS k(kind, n)
    ORDER BY i."declaredAt", k.n`)
  await db.$executeRawUnsafe(
    `
    INSERT INTO "PostMortem" (id, "incidentId", status, "dueAt", summary, "includedEntryIds", "publishedAt", "updatedAt")
    SELECT gen_random_uuid(), i.id,
           (CASE WHEN i."resolvedAt" < $1::timestamp - interval '14 days' AND i.number % 10 <> 0 THEN 'PUBLISHED'
                 WHEN i.number % 3 = 0 THEN 'IN_REVIEW' ELSE 'DRAFT' END)::"PostMortemStatus",
           ${businessDaysAfterSql('i."resolvedAt"', '5')},
           'What happened', '{}',
           CASE WHEN i."resolvedAt" < $1::timestamp - interval '14 days' AND i.number % 10 <> 0 THEN i."resolvedAt" + interval '4 days' END,
           now()
    FROM "Incident" i
    WHERE i.status = 'RESOLVED' AND i.severity IN ('SEV1', 'SEV2') AND i.number % 7 <> 0`,
    now,
  )
  await db.$executeRawUnsafe(
    `
    WITH people AS (SELECT array_agg(id ORDER BY email) AS ids FROM "User" WHERE email LIKE 'person%')
    INSERT INTO "ActionItem" (id, "postMortemId", "incidentId", title, "ownerId", "dueAt", status, "doneAt", "updatedAt")
    SELECT gen_random_uuid(), pm.id, pm."incidentId", 'Follow-up ' || k, p.ids[1 + (i.number + k) % 12],
           i."resolvedAt" + interval '20 days',
           (CASE WHEN i."resolvedAt" < $1::timestamp - interval '30 days' AND (i.number + k) % 4 <> 0 THEN 'DONE'
                 WHEN (i.number + k) % 2 = 0 THEN 'IN_PROGRESS' ELSE 'OPEN' END)::"ActionItemStatus",
           CASE WHEN i."resolvedAt" < $1::timestamp - interval '30 days' AND (i.number + k) % 4 <> 0 THEN i."resolvedAt" + interval '10 days' END,
           now()
    FROM "PostMortem" pm JOIN "Incident" i ON i.id = pm."incidentId" CROSS JOIN generate_series(1, 2) k CROSS JOIN people p`,
    now,
  )
  await db.$executeRawUnsafe('ANALYZE')
  const [counts] = await db.$queryRawUnsafe<{ incidents: number; entries: number; pms: number; items: number }[]>(`
    SELECT (SELECT count(*) FROM "Incident")::int AS incidents, (SELECT count(*) FROM "TimelineEntry")::int AS entries,
           (SELECT count(*) FROM "PostMortem")::int AS pms, (SELECT count(*) FROM "ActionItem")::int AS items`)
  return { viewerId: viewer.id, incidents: counts.incidents, timelineEntries: counts.entries, postMortems: counts.pms, actionItems: counts.items }
}
