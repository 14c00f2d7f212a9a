// The demo history behind a first start's dashboard: added once, all resolved,
// believable, and consistent with the rules the app itself follows.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Actor } from '@/lib/actions/actor'
import { db } from '@/lib/db/client'
import { timelineKinds } from '@/lib/incidents/timeline'
import { seedDemo } from '@/prisma/seed'
import { DEMO_HISTORY_KEY } from '@/prisma/demo-history'
import { getDashboard } from './queries'
import { parseRange, presetRange } from './range'

const DAY = 24 * 60 * 60_000
// Monday 30 November 2026, 03:30 UTC: early in the day, when a history that began
// exactly 90 days before `now` started before the "90 days" range did.
const NOW = new Date('2026-11-30T03:30:00.000Z')

let viewer: Actor
let seconds = 0

beforeAll(async () => {
  const started = performance.now()
  await seedDemo(db, NOW)
  seconds = (performance.now() - started) / 1000
  viewer = await db.user.findUniqueOrThrow({ where: { email: 'viewer@example.com' }, select: { id: true, email: true, name: true, role: true } })
}, 60_000)

afterAll(async () => {
  await db.$disconnect()
})

describe('demo history', () => {
  it('adds about 90 days of resolved incidents on the demo services, once', async () => {
    console.log(`[demo history] seedDemo took ${seconds.toFixed(2)} s`)
    const count = await db.incident.count()
    expect(count).toBeGreaterThan(60)
    expect(count).toBeLessThan(200)
    expect(await db.incident.count({ where: { status: { not: 'RESOLVED' } } })).toBe(0)
    const again = await seedDemo(db, NOW)
    expect(again.history).toEqual({ incidents: 0, timelineEntries: 0, postMortems: 0, actionItems: 0 })
    expect(await db.incident.count()).toBe(count)
    expect(await db.appMeta.count({ where: { key: DEMO_HISTORY_KEY } })).toBe(1)
    const oldest = await db.incident.findFirstOrThrow({ orderBy: { declaredAt: 'asc' }, select: { declaredAt: true } })
    expect(NOW.getTime() - oldest.declaredAt.getTime()).toBeGreaterThan(85 * DAY)
    expect(NOW.getTime() - oldest.declaredAt.getTime()).toBeLessThan(91 * DAY)
    const services = await db.incidentService.groupBy({ by: ['serviceId'], _count: true })
    expect(services.length).toBeGreaterThanOrEqual(10)
  })

  it('writes timelines in order with known kinds, times inside each incident', async () => {
    const kinds = await db.timelineEntry.groupBy({ by: ['kind'], _count: true })
    for (const k of kinds) expect(timelineKinds).toContain(k.kind)
    const outOfOrder = await db.$queryRawUnsafe<{ n: number }[]>(`
      SELECT count(*)::int AS n FROM "TimelineEntry" a JOIN "TimelineEntry" b ON b.id = a.id + 1 WHERE b.at < a.at`)
    expect(outOfOrder[0].n).toBe(0)
    const incidents = await db.incident.findMany({
      select: { id: true, declaredAt: true, acknowledgedAt: true, mitigatedAt: true, resolvedAt: true, reopenedAt: true },
    })
    for (const i of incidents) {
      expect(i.acknowledgedAt!.getTime()).toBeGreaterThanOrEqual(i.declaredAt.getTime())
      expect(i.mitigatedAt!.getTime()).toBeGreaterThan(i.acknowledgedAt!.getTime())
      expect(i.resolvedAt!.getTime()).toBeGreaterThan(i.mitigatedAt!.getTime())
      if (i.reopenedAt) expect(i.resolvedAt!.getTime()).toBeGreaterThan(i.reopenedAt.getTime())
    }
    expect(incidents.some((i) => i.reopenedAt)).toBe(true)
  })

  it('puts nothing in the future', async () => {
    const [latest] = await db.$queryRawUnsafe<{ t: Date }[]>(`
      SELECT greatest(
        (SELECT max(greatest("declaredAt", "acknowledgedAt", "mitigatedAt", "resolvedAt", "reopenedAt", "lastUpdatePostedAt")) FROM "Incident"),
        (SELECT max(at) FROM "TimelineEntry"),
        (SELECT max(greatest("createdAt", "publishedAt")) FROM "PostMortem"),
        (SELECT max(greatest("createdAt", "doneAt")) FROM "ActionItem")) AS t`)
    expect(latest.t.getTime()).toBeLessThanOrEqual(NOW.getTime())
    expect(await db.incident.count({ where: { declaredAt: { gte: new Date(NOW.getTime() - 7 * DAY) } } })).toBeGreaterThan(0)
  })

  it('gives required post-mortems due dates and action items owners, some of them late', async () => {
    const pms = await db.postMortem.findMany({ select: { status: true, dueAt: true, includedEntryIds: true, incident: { select: { severity: true } } } })
    expect(pms.filter((p) => p.status === 'PUBLISHED').length).toBeGreaterThan(5)
    for (const p of pms) {
      if (p.incident.severity === 'SEV1' || p.incident.severity === 'SEV2') expect(p.dueAt).not.toBeNull()
      expect(p.includedEntryIds.length).toBeGreaterThan(3)
    }
    const items = await db.actionItem.findMany({ select: { status: true, dueAt: true, ownerId: true } })
    expect(items.length).toBeGreaterThan(10)
    expect(items.some((i) => i.status !== 'DONE' && i.dueAt! < NOW)).toBe(true)
    expect(items.some((i) => i.status === 'DONE')).toBe(true)
  })

  it('fills the dashboard', async () => {
    const data = await getDashboard(viewer, parseRange({ range: '90d' }, NOW).range, NOW)
    const total = data.severities.reduce((a, s) => a + s.incidents, 0)
    expect(total).toBe(await db.incident.count())
    expect(data.severities.every((s) => s.incidents > 0 && s.mttrMean != null)).toBe(true)
    expect(data.services.length).toBe(10)
    expect(data.postMortems.published).toBeGreaterThan(0)
    expect(data.actionItems.open).toBeGreaterThan(0)
    expect(data.now.total).toBe(0)
  })

  it('lies inside the "90 days" range whatever the hour it is seeded at', async () => {
    for (const now of [new Date('2026-12-31T00:00:00.000Z'), new Date('2027-01-01T23:59:59.999Z')]) {
      // A fresh history: the marker and every incident (their timelines, post-mortems and action items go with them).
      await db.$executeRawUnsafe(`TRUNCATE "Incident" CASCADE`)
      await db.appMeta.deleteMany({ where: { key: DEMO_HISTORY_KEY } })
      const added = await seedDemo(db, now)
      expect(added.history.incidents).toBeGreaterThan(60)
      const range = presetRange('90d', now)
      const oldest = await db.incident.findFirstOrThrow({ orderBy: { declaredAt: 'asc' }, select: { declaredAt: true } })
      expect(oldest.declaredAt.getTime()).toBeGreaterThanOrEqual(Date.parse(range.from))
      expect(oldest.declaredAt.getTime()).toBeLessThan(Date.parse(range.from) + 3 * DAY)
      const data = await getDashboard(viewer, range, now)
      expect(data.severities.reduce((a, s) => a + s.incidents, 0)).toBe(added.history.incidents)
    }
  })
})
