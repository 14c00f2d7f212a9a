// The dashboard's SQL against its reference (metrics.ts) on varied incidents:
// reopened ones, ones still open at the end of the period, ones resolved after it,
// unacknowledged ones, SEV4s over weekends. Correctness only; the speed is
// measured by `npm run bench:dashboard`, never asserted here.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Actor } from '@/lib/actions/actor'
import { db } from '@/lib/db/client'
import { nextBusinessDayEnd } from '@/lib/incidents/clocks'
import { defaultSeverityPolicy, severities, type Severity } from '@/lib/incidents/policy'
import { businessDaysAfter } from '@/lib/postmortems/due'
import { summarise, type MetricIncident } from './metrics'
import { getDashboard } from './queries'
import { bucketsOf, parseRange } from './range'
import { businessDaysAfterSql, nextBusinessDayEndSql } from './sql'

const MINUTE = 60_000
const DAY = 24 * 60 * MINUTE
// Sunday 15 March 2026, 12:00 UTC.
const NOW = new Date('2026-03-15T12:00:00.000Z')

let viewer: Actor
let owners: { id: string; name: string }[]
let serviceIds: string[]
const fixture: (MetricIncident & { id: string })[] = []

/** A small deterministic generator, so a failure can be replayed. */
function random(seed: number) {
  let s = seed
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648
    return s / 2147483648
  }
}

function makeIncidents(count: number, rnd: () => number) {
  const rows: (MetricIncident & { id: string; number: number })[] = []
  for (let n = 0; n < count; n++) {
    const severity = severities[Math.floor(rnd() * 4)]
    // Whole milliseconds, as timestamp(3) keeps them.
    const declaredAt = new Date(NOW.getTime() - Math.floor(rnd() * 200 * DAY))
    const ackAfter = rnd() < 0.15 ? null : Math.floor(rnd() * 300 * MINUTE) + Math.floor(rnd() * 1000)
    const resolveAfter = Math.floor(rnd() * (severity === 'SEV4' ? 6000 : 600) * MINUTE)
    let resolvedAt: Date | null = new Date(declaredAt.getTime() + (ackAfter ?? 0) + resolveAfter)
    let acknowledgedAt = ackAfter == null ? null : new Date(declaredAt.getTime() + ackAfter)
    let reopenedAt: Date | null = null
    let status: MetricIncident['status'] = 'RESOLVED'
    const kind = rnd()
    if (kind < 0.1) {
      // Reopened and resolved again: reopenedAt lies between the first and the final resolution.
      reopenedAt = new Date(resolvedAt.getTime() + Math.floor(rnd() * 120 * MINUTE))
      resolvedAt = new Date(reopenedAt.getTime() + Math.floor(rnd() * 240 * MINUTE))
    } else if (kind < 0.15) {
      // Reopened and open again.
      reopenedAt = new Date(resolvedAt.getTime() + Math.floor(rnd() * 120 * MINUTE))
      resolvedAt = null
      status = 'IDENTIFIED'
    } else if (kind < 0.22) {
      resolvedAt = null
      status = rnd() < 0.5 ? 'INVESTIGATING' : 'MONITORING'
    }
    if (resolvedAt && resolvedAt > NOW) {
      resolvedAt = null
      status = 'MONITORING'
    }
    if (reopenedAt && reopenedAt > NOW) reopenedAt = null
    if (acknowledgedAt && acknowledgedAt > NOW) acknowledgedAt = null
    rows.push({ id: crypto.randomUUID(), number: 100_000 + n, severity, status, declaredAt, acknowledgedAt, resolvedAt, reopenedAt })
  }
  return rows
}

beforeAll(async () => {
  viewer = await db.user.create({
    data: { email: 'vera@example.com', name: 'Vera', role: 'VIEWER' },
    select: { id: true, email: true, name: true, role: true },
  })
  owners = await Promise.all(
    ['Oscar', 'Olga'].map((name) =>
      db.user.create({ data: { email: `${name.toLowerCase()}@example.com`, name, role: 'RESPONDER' }, select: { id: true, name: true } }),
    ),
  )
  await db.service.createMany({
    data: Array.from({ length: 14 }, (_, i) => ({
      name: `svc-${String(i).padStart(2, '0')}`,
      environment: 'PROD' as const,
      region: 'us-east-1',
      cluster: 'c',
      ecsServiceName: `svc-${i}`,
      team: 't',
    })),
  })
  serviceIds = (await db.service.findMany({ orderBy: { name: 'asc' }, select: { id: true } })).map((s) => s.id)
  const rows = makeIncidents(1500, random(7))
  await db.incident.createMany({
    data: rows.map((r) => ({
      id: r.id,
      number: r.number,
      title: `Incident ${r.number}`,
      severity: r.severity,
      status: r.status,
      impact: 'test',
      declaredAt: r.declaredAt,
      acknowledgedAt: r.acknowledgedAt,
      resolvedAt: r.resolvedAt,
      reopenedAt: r.reopenedAt,
      reopenCount: r.reopenedAt ? 1 : 0,
      lastProgressAt: r.declaredAt,
    })),
  })
  // Service k is named in every incident whose number is divisible by k + 1: svc-00 most, svc-13 least.
  await db.incidentService.createMany({
    data: rows.flatMap((r) => serviceIds.filter((_, k) => r.number % (k + 1) === 0).map((serviceId) => ({ incidentId: r.id, serviceId }))),
  })
  fixture.push(...rows)
})

afterAll(async () => {
  await db.$disconnect()
})

const inPeriod = (from: string, to: string) => fixture.filter((i) => i.declaredAt >= new Date(from) && i.declaredAt < new Date(to))

function expectSameStats(actual: ReturnType<typeof summarise>, expected: ReturnType<typeof summarise>) {
  expect(actual.map((s) => s.severity)).toEqual([...severities])
  actual.forEach((a, k) => {
    const e = expected[k]
    const { mttaMean, mttaMedian, mttaP90, mttrMean, mttrMedian, mttrP90, ...counts } = a
    const { mttaMean: em, mttaMedian: emd, mttaP90: ep, mttrMean: er, mttrMedian: erd, mttrP90: erp, ...expectedCounts } = e
    expect(counts).toEqual(expectedCounts)
    for (const [got, want] of [
      [mttaMean, em],
      [mttaMedian, emd],
      [mttaP90, ep],
      [mttrMean, er],
      [mttrMedian, erd],
      [mttrP90, erp],
    ] as const) {
      if (want == null) expect(got).toBeNull()
      else expect(got).toBeCloseTo(want, 6)
    }
  })
}

describe('MTTA, MTTR and targets in SQL', () => {
  it('has the incidents it claims: reopened, open and unacknowledged ones among them', () => {
    expect(fixture.filter((i) => i.reopenedAt && i.status === 'RESOLVED').length).toBeGreaterThan(50)
    expect(fixture.filter((i) => i.reopenedAt && i.status !== 'RESOLVED').length).toBeGreaterThan(20)
    expect(fixture.filter((i) => i.status !== 'RESOLVED').length).toBeGreaterThan(100)
    expect(fixture.filter((i) => !i.acknowledgedAt && i.status === 'RESOLVED').length).toBeGreaterThan(50)
  })

  it('match the reference for a running period (as of now) and its previous one (as of its end)', async () => {
    const { range } = parseRange({ range: '90d' }, NOW)
    const data = await getDashboard(viewer, range, NOW)
    expect(data.asOf).toBe(NOW.toISOString())
    expectSameStats(data.severities, summarise(inPeriod(range.from, range.to), defaultSeverityPolicy, NOW))
    // The previous period is there for the trend: its means, without medians.
    const previous = summarise(inPeriod(range.previousFrom, range.from), defaultSeverityPolicy, new Date(range.from))
    expectSameStats(
      data.previous,
      previous.map((s) => ({ ...s, mttaMedian: null, mttrMedian: null, mttaP90: null, mttrP90: null })),
    )
    expect(data.severities.reduce((a, s) => a + s.incidents, 0)).toBe(inPeriod(range.from, range.to).length)
  })

  it('match the reference for a past period, where later acknowledgements and resolutions are not counted yet', async () => {
    const { range } = parseRange({ from: '2025-11-01', to: '2025-12-15' }, NOW)
    const data = await getDashboard(viewer, range, NOW)
    const asOf = new Date('2025-12-16T00:00:00.000Z')
    expect(data.asOf).toBe(asOf.toISOString())
    const expected = summarise(inPeriod(range.from, range.to), defaultSeverityPolicy, asOf)
    expectSameStats(data.severities, expected)
    // The period's end cuts some incidents off mid-flight.
    const lateResolved = inPeriod(range.from, range.to).filter((i) => i.status === 'RESOLVED' && i.resolvedAt! > asOf).length
    expect(lateResolved).toBeGreaterThan(0)
    expect(data.severities.reduce((a, s) => a + s.openAtEnd, 0)).toBeGreaterThanOrEqual(lateResolved)
  })

  it('buckets incidents by week with the same per-bucket means', async () => {
    const { range } = parseRange({ range: '30d' }, NOW)
    const data = await getDashboard(viewer, range, NOW)
    const buckets = bucketsOf(range)
    expect(data.buckets.map((b) => b.key)).toEqual(buckets.map((b) => b.key))
    for (const b of data.buckets) {
      const start = new Date(b.key)
      const end = new Date(start.getTime() + 7 * DAY)
      const mine = inPeriod(range.from, range.to).filter((i) => i.declaredAt >= start && i.declaredAt < end)
      const expected = summarise(mine, defaultSeverityPolicy, NOW)
      for (const s of expected) {
        expect(b.counts[s.severity as Severity]).toBe(s.incidents)
        if (s.mttrMean == null) expect(b.mttr[s.severity]).toBeNull()
        else expect(b.mttr[s.severity]).toBeCloseTo(s.mttrMean, 6)
        if (s.mttaMean == null) expect(b.mtta[s.severity]).toBeNull()
        else expect(b.mtta[s.severity]).toBeCloseTo(s.mttaMean, 6)
      }
    }
    expect(data.buckets.reduce((a, b) => a + severities.reduce((x, s) => x + b.counts[s], 0), 0)).toBe(inPeriod(range.from, range.to).length)
  })

  it('ranks the ten services named in the most incidents', async () => {
    const { range } = parseRange({ range: '90d' }, NOW)
    const data = await getDashboard(viewer, range, NOW)
    const period = inPeriod(range.from, range.to)
    const expected = serviceIds
      .map((id, k) => ({ id, total: period.filter((i) => (i as { number?: number }).number! % (k + 1) === 0).length }))
      .sort((a, b) => b.total - a.total)
      .slice(0, 10)
    expect(data.services.map((s) => [s.id, s.total])).toEqual(expected.map((e) => [e.id, e.total]))
    const top = data.services[0]
    expect(severities.reduce((a, s) => a + top.bySeverity[s], 0)).toBe(top.total)
  })
})

describe('business days in SQL', () => {
  it('match the app for every weekday and several counts', async () => {
    const days = Array.from({ length: 21 }, (_, k) => new Date(Date.UTC(2025, 10, 15 + k, (k * 7) % 24, (k * 13) % 60, 0, 123)))
    const rows = await db.$queryRawUnsafe<{ t: Date; next: Date; d1: Date; d5: Date; d12: Date }[]>(
      `SELECT t, ${nextBusinessDayEndSql('t')} AS next, ${businessDaysAfterSql('t', '1')} AS d1, ${businessDaysAfterSql('t', '$2::int')} AS d5, ${businessDaysAfterSql('t', '12')} AS d12
       FROM unnest($1::timestamp[]) AS t ORDER BY t`,
      days.map((d) => d.toISOString()),
      5,
    )
    expect(rows.map((r) => r.t.toISOString())).toEqual(days.map((d) => d.toISOString()))
    for (const r of rows) {
      expect(r.next.toISOString()).toBe(nextBusinessDayEnd(r.t).toISOString())
      expect(r.d1.toISOString()).toBe(businessDaysAfter(r.t, 1).toISOString())
      expect(r.d5.toISOString()).toBe(businessDaysAfter(r.t, 5).toISOString())
      expect(r.d12.toISOString()).toBe(businessDaysAfter(r.t, 12).toISOString())
    }
  })
})

describe('post-mortems and action items', () => {
  // A quiet week of its own in 2024, away from the random incidents.
  const week = parseRange({ from: '2024-06-03', to: '2024-06-09' }, NOW).range
  const at = (iso: string) => new Date(iso)

  beforeAll(async () => {
    const make = (number: number, severity: Severity, resolvedAt: string | null) =>
      db.incident.create({
        data: {
          number,
          title: `Week incident ${number}`,
          severity,
          status: resolvedAt ? 'RESOLVED' : 'INVESTIGATING',
          impact: 'x',
          declaredAt: at('2024-06-04T10:00:00Z'),
          acknowledgedAt: at('2024-06-04T10:05:00Z'),
          resolvedAt: resolvedAt ? at(resolvedAt) : null,
        },
        select: { id: true },
      })
    const published = await make(900_001, 'SEV1', '2024-06-04T11:00:00Z')
    const draftOverdue = await make(900_002, 'SEV2', '2024-06-04T12:00:00Z')
    const notStartedOverdue = await make(900_003, 'SEV2', '2024-06-04T12:00:00Z')
    await make(900_004, 'SEV1', null) // required, waiting for resolution
    await make(900_005, 'SEV3', '2024-06-04T12:00:00Z') // optional, not started: not counted
    const optionalInReview = await make(900_006, 'SEV3', '2024-06-04T12:00:00Z')
    const dueLater = await make(900_007, 'SEV2', '2024-06-04T12:00:00Z')
    await db.postMortem.createMany({
      data: [
        { incidentId: published.id, status: 'PUBLISHED', dueAt: at('2024-06-11T23:59:59.999Z'), publishedAt: at('2024-06-06T09:00:00Z') },
        { incidentId: draftOverdue.id, status: 'DRAFT', dueAt: at('2024-06-11T23:59:59.999Z') },
        { incidentId: optionalInReview.id, status: 'IN_REVIEW', dueAt: null },
        { incidentId: dueLater.id, status: 'DRAFT', dueAt: at('2099-01-01T00:00:00Z') },
      ],
    })
    void notStartedOverdue
    const pm = await db.postMortem.findUniqueOrThrow({ where: { incidentId: draftOverdue.id }, select: { id: true } })
    await db.actionItem.createMany({
      data: [
        { incidentId: draftOverdue.id, postMortemId: pm.id, title: 'a', ownerId: owners[0].id, dueAt: at('2024-07-01T23:59:59.999Z') },
        { incidentId: draftOverdue.id, postMortemId: pm.id, title: 'b', ownerId: owners[0].id, dueAt: at('2099-07-01T23:59:59.999Z'), status: 'IN_PROGRESS' },
        { incidentId: draftOverdue.id, postMortemId: pm.id, title: 'c', ownerId: owners[1].id, dueAt: at('2024-07-01T23:59:59.999Z'), status: 'DONE' },
        { incidentId: draftOverdue.id, postMortemId: pm.id, title: 'd', ownerId: null, dueAt: null },
      ],
    })
  })

  it('counts post-mortems required or started for the period, in their state now', async () => {
    const data = await getDashboard(viewer, week, NOW)
    expect(data.postMortems).toEqual({
      expected: 6,
      required: 5,
      published: 1,
      inReview: 1,
      draft: 2,
      notStarted: 1,
      awaitingResolution: 1,
      due: 1,
      overdue: 2,
    })
  })

  it('counts action items not done yet by owner, overdue first', async () => {
    const data = await getDashboard(viewer, week, NOW)
    expect(data.actionItems).toEqual({
      open: 3,
      overdue: 1,
      owners: [
        { owner: { id: owners[0].id, name: 'Oscar' }, open: 2, overdue: 1 },
        { owner: null, open: 1, overdue: 0 },
      ],
    })
  })
})

describe('now', () => {
  it('lists every open incident with its clocks, by severity and age band and by commander', async () => {
    const data = await getDashboard(viewer, parseRange({}, NOW).range, NOW)
    const open = fixture.filter((i) => i.status !== 'RESOLVED').length + 1 // and the week's unresolved SEV1
    expect(data.now.total).toBe(open)
    expect(data.now.bySeverity.reduce((a, s) => a + s.count, 0)).toBe(open)
    for (const s of data.now.bySeverity) expect(s.byAge.reduce((a, b) => a + b, 0)).toBe(s.count)
    expect(data.now.byCommander).toEqual([{ commander: null, count: open }])
    expect(data.now.incidents.length).toBe(50)
    // Old open incidents are far past their targets; the worst come first.
    expect(data.now.incidents[0]).toMatchObject({ sla: { state: 'overdue' }, overdueClocks: expect.arrayContaining(['Resolution']) })
    expect(data.now.overdue).toBeGreaterThan(0)
  })
})
