import { describe, expect, it } from 'vitest'
import { asOfFor, bucketsOf, incidentsHref, parseRange, presetRange } from './range'

// Wednesday 19 November 2025, 10:30 UTC.
const now = new Date('2025-11-19T10:30:00Z')

describe('ranges', () => {
  it('takes the last N days as whole UTC days, today included', () => {
    const r = presetRange('7d', now)
    expect(r).toMatchObject({
      preset: '7d',
      from: '2025-11-13T00:00:00.000Z',
      to: '2025-11-20T00:00:00.000Z',
      firstDay: '2025-11-13',
      lastDay: '2025-11-19',
      days: 7,
      previousFrom: '2025-11-06T00:00:00.000Z',
      bucket: 'day',
    })
    expect(presetRange('90d', now)).toMatchObject({ days: 90, bucket: 'week', firstDay: '2025-08-22' })
  })

  it('reads chosen dates with both days included, and refuses bad ones with a reason', () => {
    expect(parseRange({ from: '2025-11-01', to: '2025-11-30' }, now)).toEqual({
      range: expect.objectContaining({ preset: 'custom', days: 30, to: '2025-12-01T00:00:00.000Z', label: '2025-11-01 to 2025-11-30' }),
      problem: null,
    })
    expect(parseRange({ from: '2025-11-30', to: '2025-11-01' }, now).problem).toMatch(/must not be after/)
    expect(parseRange({ from: '2025-11-30' }, now).problem).toMatch(/both dates/)
    expect(parseRange({ from: '2024-01-01', to: '2025-11-01' }, now).problem).toMatch(/at most 366/)
    expect(parseRange({ range: '12y' }, now)).toMatchObject({ range: { preset: '30d' }, problem: expect.stringMatching(/Unknown range/) })
    expect(parseRange({}, now)).toMatchObject({ range: { preset: '30d' }, problem: null })
  })

  it('takes figures at the end of a past range, and now during a running one', () => {
    expect(asOfFor(presetRange('7d', now), now)).toEqual(now)
    expect(asOfFor(parseRange({ from: '2025-10-01', to: '2025-10-31' }, now).range, now).toISOString()).toBe('2025-11-01T00:00:00.000Z')
  })

  it('buckets by day up to two weeks and by ISO week (Monday) beyond, clipped to the range for links', () => {
    const days = bucketsOf(presetRange('7d', now))
    expect(days).toHaveLength(7)
    expect(days[0]).toEqual({ key: '2025-11-13T00:00:00.000Z', label: 'Nov 13', firstDay: '2025-11-13', lastDay: '2025-11-13' })
    // 2025-10-21 (a Tuesday) to 2025-11-19 (a Wednesday): five weeks starting on Mondays.
    const weeks = bucketsOf(presetRange('30d', now))
    expect(weeks.map((w) => w.key.slice(0, 10))).toEqual(['2025-10-20', '2025-10-27', '2025-11-03', '2025-11-10', '2025-11-17'])
    expect(weeks[0]).toMatchObject({ firstDay: '2025-10-21', lastDay: '2025-10-26' })
    expect(weeks.at(-1)).toMatchObject({ firstDay: '2025-11-17', lastDay: '2025-11-19' })
  })

  it('links to the incident list with its own filter names', () => {
    expect(incidentsHref({ severity: 'SEV2', from: '2025-11-01', to: '2025-11-30' })).toBe('/incidents?severity=SEV2&from=2025-11-01&to=2025-11-30')
    expect(incidentsHref({ state: 'open', severity: ['SEV1', 'SEV2'] })).toBe('/incidents?state=open&severity=SEV1%2CSEV2')
    expect(incidentsHref({})).toBe('/incidents')
  })
})
