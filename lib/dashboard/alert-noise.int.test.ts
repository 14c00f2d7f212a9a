// The dashboard's alert figures in real Postgres, at pinned times: alerts received against
// incidents per service (noise), and MTTA counted from the first alert where the incident
// came from one (else from its declaration), the same in SQL as in the reference (metrics.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Actor } from '@/lib/actions/actor'
import { db } from '@/lib/db/client'
import { defaultSeverityPolicy } from '@/lib/incidents/policy'
import { summarise, type MetricIncident } from './metrics'
import { getDashboard } from './queries'
import { parseRange } from './range'

const MINUTE = 60_000
// Wednesday 10 June 2026, 12:00 UTC; the period is the week of 1 June.
const NOW = new Date('2026-06-10T12:00:00.000Z')
const at = (iso: string) => new Date(`${iso}Z`)

let viewer: Actor
const services: Record<string, string> = {}
const reference: MetricIncident[] = []

async function incident(
  name: string,
  p: { serviceId: string; declaredAt: Date; ackAfterMin: number; alerts?: { firstSeenAt: Date; count: number; fingerprint: string }[] },
) {
  const acknowledgedAt = new Date(p.declaredAt.getTime() + p.ackAfterMin * MINUTE)
  const row = await db.incident.create({
    data: {
      title: name,
      severity: 'SEV2',
      status: 'INVESTIGATING',
      impact: 'test',
      declaredAt: p.declaredAt,
      acknowledgedAt,
      lastProgressAt: p.declaredAt,
      services: { create: [{ serviceId: p.serviceId }] },
    },
    select: { id: true },
  })
  for (const a of p.alerts ?? []) {
    await db.alert.create({
      data: {
        source: 'sns',
        fingerprint: a.fingerprint,
        serviceId: p.serviceId,
        severity: 'CRITICAL',
        state: 'FIRING',
        title: a.fingerprint,
        reason: 'test',
        firstSeenAt: a.firstSeenAt,
        lastSeenAt: new Date(a.firstSeenAt.getTime() + 30 * MINUTE),
        count: a.count,
        incidentId: row.id,
      },
    })
  }
  const firstAlertAt = p.alerts?.length ? new Date(Math.min(...p.alerts.map((a) => a.firstSeenAt.getTime()))) : null
  reference.push({ severity: 'SEV2', status: 'INVESTIGATING', declaredAt: p.declaredAt, acknowledgedAt, resolvedAt: null, reopenedAt: null, firstAlertAt })
}

beforeAll(async () => {
  viewer = await db.user.create({
    data: { email: 'noise-viewer@example.com', name: 'Nina', role: 'VIEWER' },
    select: { id: true, email: true, name: true, role: true },
  })
  for (const name of ['orders', 'payments', 'search']) {
    services[name] = (
      await db.service.create({
        data: { name, environment: 'PROD', region: 'us-east-1', cluster: 'shop', ecsServiceName: name, team: 'shop' },
        select: { id: true },
      })
    ).id
  }
  // orders: an alarm 7 minutes before the declaration (another 2 minutes before), acknowledged 3 minutes after it: MTTA 10 min.
  await incident('orders down', {
    serviceId: services.orders,
    declaredAt: at('2026-06-02T10:00:00'),
    ackAfterMin: 3,
    alerts: [
      { fingerprint: 'orders-a', firstSeenAt: at('2026-06-02T09:53:00'), count: 40 },
      { fingerprint: 'orders-b', firstSeenAt: at('2026-06-02T09:58:00'), count: 9 },
    ],
  })
  // orders again, declared by hand, no alert: MTTA 5 min from the declaration.
  await incident('orders slow', { serviceId: services.orders, declaredAt: at('2026-06-03T08:00:00'), ackAfterMin: 5 })
  // payments: an alert attached an hour after the declaration does not move the start: MTTA 4 min.
  await incident('payments errors', {
    serviceId: services.payments,
    declaredAt: at('2026-06-04T14:00:00'),
    ackAfterMin: 4,
    alerts: [{ fingerprint: 'payments-late', firstSeenAt: at('2026-06-04T15:00:00'), count: 2 }],
  })
  // search: alerts in the inbox, never an incident.
  await db.alert.create({
    data: {
      source: 'webhook',
      fingerprint: 'search-flap',
      serviceId: services.search,
      severity: 'WARNING',
      state: 'RESOLVED',
      title: 'search latency',
      reason: 'flapping',
      firstSeenAt: at('2026-06-01T06:00:00'),
      lastSeenAt: at('2026-06-05T06:00:00'),
      count: 25,
    },
  })
  // An alert from long before the period does not count.
  await db.alert.create({
    data: {
      source: 'webhook',
      fingerprint: 'search-old',
      serviceId: services.search,
      severity: 'WARNING',
      state: 'RESOLVED',
      title: 'old',
      reason: 'old',
      firstSeenAt: at('2026-04-01T06:00:00'),
      lastSeenAt: at('2026-04-01T07:00:00'),
      count: 99,
    },
  })
})

afterAll(async () => {
  await db.$disconnect()
})

describe('dashboard: alerts against incidents, MTTA from the first alert', () => {
  it('counts alert firings and incidents per service for the period, noisiest first', async () => {
    const { range } = parseRange({ from: '2026-06-01', to: '2026-06-07' }, NOW)
    const data = await getDashboard(viewer, range, NOW)
    expect(data.noise.map((n) => [n.name, n.firings, n.alerts, n.incidents])).toEqual([
      ['orders', 49, 2, 2],
      ['search', 25, 1, 0],
      ['payments', 2, 1, 1],
    ])
  })

  it('measures MTTA from the first alert where there is one, as the reference does, and says for how many', async () => {
    const { range } = parseRange({ from: '2026-06-01', to: '2026-06-07' }, NOW)
    const data = await getDashboard(viewer, range, NOW)
    const sev2 = data.severities.find((s) => s.severity === 'SEV2')!
    // (10 + 5 + 4) / 3 minutes.
    expect(sev2.mttaMean).toBeCloseTo(19 / 3, 6)
    expect(sev2.mttaMedian).toBeCloseTo(5, 6)
    const expected = summarise(reference, defaultSeverityPolicy, new Date(range.to)).find((s) => s.severity === 'SEV2')!
    expect(sev2.mttaMean).toBeCloseTo(expected.mttaMean!, 6)
    expect(sev2.mttaMedian).toBeCloseTo(expected.mttaMedian!, 6)
    expect(data.mttaBasis).toEqual({ incidents: 3, fromAlert: 1 })
    // Daily buckets for a week: 2 June holds the incident that came from alerts.
    const day = (key: string) => data.buckets.find((b) => b.key.startsWith(key))!
    expect(day('2026-06-02').mtta.SEV2).toBeCloseTo(10, 6)
    expect(day('2026-06-03').mtta.SEV2).toBeCloseTo(5, 6)
  })

  it('outside the period there is no noise and no incident', async () => {
    const { range } = parseRange({ from: '2026-05-01', to: '2026-05-07' }, NOW)
    const data = await getDashboard(viewer, range, NOW)
    expect(data.noise).toEqual([])
    expect(data.mttaBasis).toEqual({ incidents: 0, fromAlert: 0 })
  })
})
