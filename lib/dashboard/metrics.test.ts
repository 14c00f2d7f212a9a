import { describe, expect, it } from 'vitest'
import { defaultSeverityPolicy, policyFor, type Severity } from '@/lib/incidents/policy'
import { combine, measureIncident, median, p90, percentile, share, summarise, type MetricIncident } from './metrics'

// Wednesday 19 November 2025, 10:00 UTC.
const T = new Date('2025-11-19T10:00:00.000Z')
const at = (minutes: number) => new Date(T.getTime() + minutes * 60_000)
const policy = (s: Severity) => policyFor(defaultSeverityPolicy, s)

function incident(over: Partial<MetricIncident> = {}): MetricIncident {
  return { severity: 'SEV1', status: 'RESOLVED', declaredAt: T, acknowledgedAt: at(5), resolvedAt: at(45), reopenedAt: null, ...over }
}

describe('one incident', () => {
  const farLater = at(100_000)

  it('measures acknowledgement and resolution from the declaration, against the SEV1 targets (15 min, 1 h)', () => {
    expect(measureIncident(incident(), policy('SEV1'), farLater)).toEqual({ ackMinutes: 5, resolveMinutes: 45, reopened: false, ack: 'met', resolve: 'met' })
    expect(measureIncident(incident({ acknowledgedAt: at(16), resolvedAt: at(61) }), policy('SEV1'), farLater)).toMatchObject({
      ack: 'missed',
      resolve: 'missed',
    })
  })

  it('is met exactly on the deadline and missed a moment after', () => {
    expect(measureIncident(incident({ acknowledgedAt: at(15), resolvedAt: at(60) }), policy('SEV1'), farLater)).toMatchObject({ ack: 'met', resolve: 'met' })
    const late = incident({ acknowledgedAt: new Date(at(15).getTime() + 1), resolvedAt: new Date(at(60).getTime() + 1) })
    expect(measureIncident(late, policy('SEV1'), farLater)).toMatchObject({ ack: 'missed', resolve: 'missed' })
  })

  it('counts resolving an unacknowledged incident as acknowledging it then', () => {
    expect(measureIncident(incident({ acknowledgedAt: null, resolvedAt: at(10) }), policy('SEV1'), farLater)).toMatchObject({ ackMinutes: 10, ack: 'met' })
  })

  it('measures a reopened incident from its declaration to its final resolution', () => {
    // Resolved at +40, reopened at +90, resolved again at +150: 150 minutes in all, past the 60-minute target.
    const reopened = incident({ reopenedAt: at(90), resolvedAt: at(150) })
    expect(measureIncident(reopened, policy('SEV1'), farLater)).toEqual({ ackMinutes: 5, resolveMinutes: 150, reopened: true, ack: 'met', resolve: 'missed' })
  })

  it('counts a reopened incident that is open again as open, and its missed target as missed', () => {
    const open = incident({ status: 'INVESTIGATING', reopenedAt: at(90), resolvedAt: null })
    expect(measureIncident(open, policy('SEV1'), at(120))).toEqual({ ackMinutes: 5, resolveMinutes: null, reopened: true, ack: 'met', resolve: 'missed' })
  })

  describe('still open at the end of the period', () => {
    it('is open, and pending while its deadline is ahead', () => {
      const open = incident({ status: 'IDENTIFIED', acknowledgedAt: null, resolvedAt: null })
      expect(measureIncident(open, policy('SEV1'), at(10))).toEqual({
        ackMinutes: null,
        resolveMinutes: null,
        reopened: false,
        ack: 'pending',
        resolve: 'pending',
      })
    })

    it('has missed once a deadline passed before the period ended', () => {
      const open = incident({ status: 'IDENTIFIED', acknowledgedAt: null, resolvedAt: null })
      expect(measureIncident(open, policy('SEV1'), at(30))).toMatchObject({ ack: 'missed', resolve: 'pending' })
      expect(measureIncident(open, policy('SEV1'), at(61))).toMatchObject({ ack: 'missed', resolve: 'missed' })
    })

    it('ignores what happened after the period: resolved later counts as open then', () => {
      const later = incident({ acknowledgedAt: at(20), resolvedAt: at(200) })
      expect(measureIncident(later, policy('SEV1'), at(10))).toEqual({
        ackMinutes: null,
        resolveMinutes: null,
        reopened: false,
        ack: 'pending',
        resolve: 'pending',
      })
      expect(measureIncident(later, policy('SEV1'), at(100))).toEqual({
        ackMinutes: 20,
        resolveMinutes: null,
        reopened: false,
        ack: 'missed',
        resolve: 'missed',
      })
    })

    it('does not see a reopening after the period', () => {
      expect(measureIncident(incident({ reopenedAt: at(300), resolvedAt: at(320) }), policy('SEV1'), at(200))).toMatchObject({
        reopened: false,
        resolveMinutes: null,
      })
    })
  })

  it('gives SEV4 until the end of the next business day to acknowledge, and no resolution target', () => {
    // Friday 21 November 2025, 18:00 → due Monday 24th, 23:59:59.999.
    const friday = new Date('2025-11-21T18:00:00Z')
    const sev4 = (ack: string | null, resolved: string | null): MetricIncident => ({
      severity: 'SEV4',
      status: resolved ? 'RESOLVED' : 'INVESTIGATING',
      declaredAt: friday,
      acknowledgedAt: ack ? new Date(ack) : null,
      resolvedAt: resolved ? new Date(resolved) : null,
      reopenedAt: null,
    })
    const end = new Date('2025-12-31T00:00:00Z')
    expect(measureIncident(sev4('2025-11-24T23:59:59.999Z', '2025-11-28T00:00:00Z'), policy('SEV4'), end)).toMatchObject({ ack: 'met', resolve: 'none' })
    expect(measureIncident(sev4('2025-11-25T00:00:00Z', null), policy('SEV4'), end)).toMatchObject({ ack: 'missed', resolve: 'none', resolveMinutes: null })
    expect(measureIncident(sev4(null, null), policy('SEV4'), new Date('2025-11-24T12:00:00Z'))).toMatchObject({ ack: 'pending' })
  })

  it('never reports negative times', () => {
    expect(measureIncident(incident({ acknowledgedAt: at(-3) }), policy('SEV1'), farLater).ackMinutes).toBe(0)
  })
})

describe('median', () => {
  it('matches percentile_cont(0.5): the middle value, or the mean of the middle two', () => {
    expect(median([])).toBeNull()
    expect(median([7])).toBe(7)
    expect(median([9, 1, 5])).toBe(5)
    expect(median([4, 1, 3, 2])).toBe(2.5)
  })
})

describe('p90', () => {
  it('matches percentile_cont(0.9): the value at 0.9 × (n − 1) of the sorted list, interpolated', () => {
    expect(p90([])).toBeNull()
    expect(p90([7])).toBe(7)
    // 1..11: position 9 exactly, the tenth value.
    expect(p90([11, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10])).toBe(10)
    // 10, 20, 30, 40: position 2.7, between 30 and 40.
    expect(p90([40, 10, 30, 20])).toBeCloseTo(37, 10)
    // One slow SEV4 among quick ones: the mean says 4 h, the median 5 min, the p90 the tail.
    const acks = [5, 5, 5, 5, 5, 5, 5, 5, 5, 2355]
    expect(median(acks)).toBe(5)
    expect(p90(acks)).toBeCloseTo(5 + (2355 - 5) * 0.1, 10)
  })

  it('refuses a fraction outside 0..1', () => {
    expect(() => percentile([1], 1.5)).toThrow(RangeError)
    expect(() => percentile([1], Number.NaN)).toThrow(RangeError)
  })
})

describe('a period', () => {
  const end = at(24 * 60)
  const incidents: MetricIncident[] = [
    incident({ acknowledgedAt: at(5), resolvedAt: at(30) }),
    incident({ acknowledgedAt: at(10), resolvedAt: at(90) }),
    incident({ acknowledgedAt: at(30), resolvedAt: at(60), reopenedAt: at(50) }),
    // Still open at the end, long past its targets.
    incident({ status: 'MONITORING', acknowledgedAt: null, resolvedAt: null }),
    incident({ severity: 'SEV2', acknowledgedAt: at(20), resolvedAt: at(200) }),
  ]

  it('gives MTTA and MTTR per severity over the incidents acknowledged / resolved, and counts the open ones apart', () => {
    const [sev1, sev2, sev3] = summarise(incidents, defaultSeverityPolicy, end)
    expect(sev1).toEqual({
      severity: 'SEV1',
      incidents: 4,
      acknowledged: 3,
      mttaMean: 15,
      mttaMedian: 10,
      // 5, 10, 30: position 1.8, between 10 and 30.
      mttaP90: 26,
      resolved: 3,
      mttrMean: 60,
      mttrMedian: 60,
      // 30, 60, 90 (the reopened one counts to its last resolution): position 1.8.
      mttrP90: 84,
      openAtEnd: 1,
      reopened: 1,
      ackMet: 2,
      ackMissed: 2,
      resolveMet: 2,
      resolveMissed: 2,
      resolveTargeted: 4,
    })
    expect(sev2).toMatchObject({ incidents: 1, mttaMean: 20, mttrMean: 200, ackMet: 1, resolveMet: 1 })
    expect(sev3).toMatchObject({ incidents: 0, mttaMean: null, mttrMean: null, mttaMedian: null })
  })

  it('gives the share within target over the decided incidents only', () => {
    expect(share(2, 2)).toBe(0.5)
    expect(share(0, 0)).toBeNull()
    const pendingOnly = summarise([incident({ status: 'INVESTIGATING', acknowledgedAt: null, resolvedAt: null })], defaultSeverityPolicy, at(5))[0]
    expect(share(pendingOnly.ackMet, pendingOnly.ackMissed)).toBeNull()
  })

  it('combines severities with means weighted by how many incidents each has', () => {
    const all = combine(summarise(incidents, defaultSeverityPolicy, end))
    expect(all).toMatchObject({ incidents: 5, acknowledged: 4, resolved: 4, openAtEnd: 1 })
    expect(all.mttaMean).toBeCloseTo((5 + 10 + 30 + 20) / 4)
    expect(all.mttrMean).toBeCloseTo((30 + 90 + 60 + 200) / 4)
  })
})
