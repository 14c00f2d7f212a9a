import { describe, expect, it } from 'vitest'
import {
  acknowledgeClock,
  ageMinutes,
  escalation,
  formatUtc,
  incidentClocks,
  nextBusinessDayEnd,
  resolutionClock,
  slaSummary,
  updateClock,
  type ClockIncident,
} from './clocks'
import { defaultSeverityPolicy, policyFor, type Severity } from './policy'

// Wednesday 19 November 2025, 10:30 UTC.
const T = new Date('2025-11-19T10:30:00.000Z')
const at = (minutes: number, seconds = 0) => new Date(T.getTime() + minutes * 60_000 + seconds * 1000)
const policy = (s: Severity) => policyFor(defaultSeverityPolicy, s)

function incident(over: Partial<ClockIncident> = {}): ClockIncident {
  return {
    severity: 'SEV1',
    status: 'INVESTIGATING',
    declaredAt: T,
    acknowledgedAt: null,
    resolvedAt: null,
    reopenedAt: null,
    lastUpdatePostedAt: null,
    lastProgressAt: T,
    ...over,
  }
}

describe('next business day (SEV4 acknowledgement)', () => {
  const end = (iso: string) => nextBusinessDayEnd(new Date(iso)).toISOString()

  it('is the end of the next weekday, in UTC', () => {
    expect(end('2025-11-19T10:30:00Z')).toBe('2025-11-20T23:59:59.999Z') // Wed → Thu
    expect(end('2025-11-20T00:00:00Z')).toBe('2025-11-21T23:59:59.999Z') // Thu → Fri
  })

  it('skips the weekend', () => {
    expect(end('2025-11-21T16:00:00Z')).toBe('2025-11-24T23:59:59.999Z') // Fri → Mon
    expect(end('2025-11-21T23:59:59.999Z')).toBe('2025-11-24T23:59:59.999Z') // last moment of Friday
    expect(end('2025-11-22T09:00:00Z')).toBe('2025-11-24T23:59:59.999Z') // Sat → Mon
    expect(end('2025-11-23T23:00:00Z')).toBe('2025-11-24T23:59:59.999Z') // Sun → Mon
    expect(end('2025-11-24T00:00:00Z')).toBe('2025-11-25T23:59:59.999Z') // Mon → Tue
  })

  it('crosses months and years (holidays are not known)', () => {
    expect(end('2025-12-31T12:00:00Z')).toBe('2026-01-01T23:59:59.999Z')
    expect(end('2026-01-30T12:00:00Z')).toBe('2026-02-02T23:59:59.999Z') // Fri → Mon
  })

  it('drives the SEV4 acknowledgement clock', () => {
    const friday = incident({ severity: 'SEV4', declaredAt: new Date('2025-11-21T16:00:00Z') })
    expect(acknowledgeClock(friday, policy('SEV4'), new Date('2025-11-22T10:00:00Z'))).toMatchObject({
      state: 'ok',
      dueAt: '2025-11-24T23:59:59.999Z',
    })
    expect(acknowledgeClock(friday, policy('SEV4'), new Date('2025-11-24T23:30:00Z')).state).toBe('due_soon')
    expect(acknowledgeClock(friday, policy('SEV4'), new Date('2025-11-25T00:00:00Z'))).toMatchObject({ state: 'overdue', minutesLeft: -1 })
  })
})

describe('time to acknowledge', () => {
  it('SEV1 runs 15 minutes from the declaration: ok, due soon in the last quarter, overdue strictly after', () => {
    const p = policy('SEV1')
    expect(acknowledgeClock(incident(), p, T)).toEqual({ state: 'ok', dueAt: at(15).toISOString(), doneAt: null, minutesLeft: 15 })
    expect(acknowledgeClock(incident(), p, at(11)).state).toBe('ok') // 4 min left
    expect(acknowledgeClock(incident(), p, at(11, 15)).state).toBe('due_soon') // 3.75 min left: a quarter of 15
    expect(acknowledgeClock(incident(), p, at(15))).toMatchObject({ state: 'due_soon', minutesLeft: 0 })
    expect(acknowledgeClock(incident(), p, new Date(at(15).getTime() + 1))).toMatchObject({ state: 'overdue', minutesLeft: -1 })
    expect(acknowledgeClock(incident(), p, at(22))).toMatchObject({ state: 'overdue', minutesLeft: -7 })
  })

  it('rounds minutes left away from zero', () => {
    expect(acknowledgeClock(incident(), policy('SEV1'), at(14, 30)).minutesLeft).toBe(1)
    expect(acknowledgeClock(incident(), policy('SEV1'), at(15, 30)).minutesLeft).toBe(-1)
  })

  it('uses each severity window', () => {
    expect(acknowledgeClock(incident({ severity: 'SEV2' }), policy('SEV2'), T).dueAt).toBe(at(30).toISOString())
    expect(acknowledgeClock(incident({ severity: 'SEV3' }), policy('SEV3'), T).dueAt).toBe(at(120).toISOString())
    // Due soon never starts more than an hour ahead.
    expect(acknowledgeClock(incident({ severity: 'SEV3' }), policy('SEV3'), at(59)).state).toBe('ok')
    expect(acknowledgeClock(incident({ severity: 'SEV3' }), policy('SEV3'), at(90)).state).toBe('due_soon')
  })

  it('is met when acknowledged by the deadline, missed when later (exactly on time is met)', () => {
    expect(acknowledgeClock(incident({ acknowledgedAt: at(15) }), policy('SEV1'), at(60))).toEqual({
      state: 'met',
      dueAt: at(15).toISOString(),
      doneAt: at(15).toISOString(),
      minutesLeft: null,
    })
    expect(acknowledgeClock(incident({ acknowledgedAt: at(16) }), policy('SEV1'), at(60)).state).toBe('missed')
  })

  it('counts resolving an unacknowledged incident as acknowledging it then', () => {
    const resolved = incident({ status: 'RESOLVED', resolvedAt: at(10) })
    expect(acknowledgeClock(resolved, policy('SEV1'), at(100))).toMatchObject({ state: 'met', doneAt: at(10).toISOString() })
  })

  it('keeps a reopened incident acknowledged: acknowledgement happens once', () => {
    const reopened = incident({ acknowledgedAt: at(5), reopenedAt: at(300) })
    expect(acknowledgeClock(reopened, policy('SEV1'), at(301)).state).toBe('met')
  })

  it('accepts ISO strings as well as dates', () => {
    const fromDto = incident({ declaredAt: T.toISOString(), lastProgressAt: T.toISOString() })
    expect(acknowledgeClock(fromDto, policy('SEV1'), at(1)).dueAt).toBe(at(15).toISOString())
  })
})

describe('resolution target', () => {
  it('runs from the declaration for the severity', () => {
    expect(resolutionClock(incident(), policy('SEV1'), at(30))).toMatchObject({ state: 'ok', dueAt: at(60).toISOString(), minutesLeft: 30 })
    expect(resolutionClock(incident(), policy('SEV1'), at(45)).state).toBe('due_soon')
    expect(resolutionClock(incident(), policy('SEV1'), at(61)).state).toBe('overdue')
    expect(resolutionClock(incident({ severity: 'SEV2' }), policy('SEV2'), T).dueAt).toBe(at(240).toISOString())
    expect(resolutionClock(incident({ severity: 'SEV3' }), policy('SEV3'), T).dueAt).toBe(at(1440).toISOString())
  })

  it('does not exist for SEV4', () => {
    expect(resolutionClock(incident({ severity: 'SEV4' }), policy('SEV4'), at(10_000))).toEqual({ state: 'none', dueAt: null, doneAt: null, minutesLeft: null })
  })

  it('is met or missed once resolved', () => {
    expect(resolutionClock(incident({ status: 'RESOLVED', resolvedAt: at(60) }), policy('SEV1'), at(500)).state).toBe('met')
    expect(resolutionClock(incident({ status: 'RESOLVED', resolvedAt: at(61) }), policy('SEV1'), at(500)).state).toBe('missed')
  })

  it('restarts when a resolved incident is reopened', () => {
    const reopened = incident({ reopenedAt: at(300), acknowledgedAt: at(1) })
    expect(resolutionClock(reopened, policy('SEV1'), at(330))).toMatchObject({ state: 'ok', dueAt: at(360).toISOString() })
  })
})

describe('next status update', () => {
  it('SEV1: the first update is due 15 minutes in, then 15 minutes after each one posted', () => {
    expect(updateClock(incident(), policy('SEV1'), T)).toMatchObject({ mode: 'periodic', next: 'initial', dueAt: at(15).toISOString(), state: 'ok' })
    expect(updateClock(incident({ lastUpdatePostedAt: at(10) }), policy('SEV1'), at(12))).toMatchObject({
      next: 'periodic',
      dueAt: at(25).toISOString(),
      state: 'ok',
    })
    expect(updateClock(incident({ lastUpdatePostedAt: at(10) }), policy('SEV1'), at(26)).state).toBe('overdue')
  })

  it('SEV2 runs every 30 minutes', () => {
    expect(updateClock(incident({ severity: 'SEV2', lastUpdatePostedAt: at(40) }), policy('SEV2'), at(41)).dueAt).toBe(at(70).toISOString())
  })

  it('SEV3: one update at the start (by the acknowledgement deadline), then none until resolution', () => {
    const sev3 = incident({ severity: 'SEV3' })
    expect(updateClock(sev3, policy('SEV3'), T)).toMatchObject({ mode: 'start_and_end', next: 'initial', dueAt: at(120).toISOString() })
    expect(updateClock({ ...sev3, lastUpdatePostedAt: at(20) }, policy('SEV3'), at(600))).toEqual({
      mode: 'start_and_end',
      next: 'resolution',
      state: 'ok',
      dueAt: null,
      doneAt: at(20).toISOString(),
      minutesLeft: null,
    })
  })

  it('SEV3 at the end: a closing update is due within 30 minutes of resolution', () => {
    const resolved = incident({ severity: 'SEV3', status: 'RESOLVED', resolvedAt: at(200), lastUpdatePostedAt: at(20) })
    expect(updateClock(resolved, policy('SEV3'), at(210))).toMatchObject({ next: 'resolution', dueAt: at(230).toISOString(), state: 'ok' })
    expect(updateClock(resolved, policy('SEV3'), at(231)).state).toBe('overdue')
    expect(updateClock({ ...resolved, lastUpdatePostedAt: at(205) }, policy('SEV3'), at(231))).toMatchObject({ state: 'met', next: null })
  })

  it('SEV1 closing update is due within its 15-minute cadence', () => {
    const resolved = incident({ status: 'RESOLVED', resolvedAt: at(50), lastUpdatePostedAt: at(45) })
    expect(updateClock(resolved, policy('SEV1'), at(51)).dueAt).toBe(at(65).toISOString())
    // An update posted exactly at resolution counts as the closing one.
    expect(updateClock({ ...resolved, lastUpdatePostedAt: at(50) }, policy('SEV1'), at(51)).state).toBe('met')
  })

  it('SEV4 has none', () => {
    expect(updateClock(incident({ severity: 'SEV4' }), policy('SEV4'), at(1000))).toMatchObject({ mode: 'none', state: 'none', next: null, dueAt: null })
  })

  it('starts over when an incident is reopened: the first update of the new period is due a cadence after the reopening', () => {
    const reopened = incident({ acknowledgedAt: at(1), reopenedAt: at(300), lastUpdatePostedAt: at(200) })
    expect(updateClock(reopened, policy('SEV1'), at(301))).toMatchObject({ next: 'initial', dueAt: at(315).toISOString() })
    expect(updateClock({ ...reopened, lastUpdatePostedAt: at(305) }, policy('SEV1'), at(306))).toMatchObject({ next: 'periodic', dueAt: at(320).toISOString() })
  })

  it('follows a cadence changed by a severity upgrade at once', () => {
    const upgraded = incident({ severity: 'SEV1', lastUpdatePostedAt: at(10) })
    expect(updateClock(upgraded, policy('SEV1'), at(26)).state).toBe('overdue')
    expect(updateClock({ ...upgraded, severity: 'SEV2' }, policy('SEV2'), at(26)).state).toBe('ok')
  })
})

describe('escalation prompt', () => {
  const progressing = (minutes: number) => ({ lastProgressAt: at(minutes - 5) })

  it('SEV1 open 30 minutes without resolution prompts escalation to the engineering manager', () => {
    expect(escalation(incident(progressing(29)), policy('SEV1'), at(29, 59)).escalate).toBe(false)
    expect(escalation(incident(progressing(30)), policy('SEV1'), at(30))).toEqual({
      escalate: true,
      reasons: [{ kind: 'open_too_long', openMinutes: 30, limitMinutes: 30 }],
      message: 'Escalate to the engineering manager: SEV1 open for 30 min without resolution.',
    })
  })

  it('SEV2 after an hour', () => {
    expect(escalation(incident({ severity: 'SEV2', ...progressing(59) }), policy('SEV2'), at(59)).escalate).toBe(false)
    expect(escalation(incident({ severity: 'SEV2', ...progressing(60) }), policy('SEV2'), at(60)).reasons).toEqual([
      { kind: 'open_too_long', openMinutes: 60, limitMinutes: 60 },
    ])
  })

  it('any severity after an hour without progress', () => {
    const sev3 = incident({ severity: 'SEV3' })
    expect(escalation(sev3, policy('SEV3'), at(59)).escalate).toBe(false)
    expect(escalation(sev3, policy('SEV3'), at(60))).toEqual({
      escalate: true,
      reasons: [{ kind: 'no_progress', idleMinutes: 60, limitMinutes: 60 }],
      message: 'Escalate to the engineering manager: no progress for 1 h.',
    })
    expect(escalation({ ...sev3, lastProgressAt: at(30) }, policy('SEV3'), at(80)).escalate).toBe(false)
    expect(escalation(incident({ severity: 'SEV4' }), policy('SEV4'), at(61)).reasons[0].kind).toBe('no_progress')
  })

  it('names both reasons when both hold', () => {
    expect(escalation(incident(), policy('SEV1'), at(75)).message).toBe(
      'Escalate to the engineering manager: SEV1 open for 1 h 15 min without resolution; no progress for 1 h 15 min.',
    )
  })

  it('never prompts for a resolved incident', () => {
    expect(escalation(incident({ status: 'RESOLVED', resolvedAt: at(200) }), policy('SEV1'), at(500))).toEqual({ escalate: false, reasons: [], message: null })
  })

  it('counts a reopened incident from its reopening', () => {
    const reopened = incident({ reopenedAt: at(600), lastProgressAt: at(600) })
    expect(escalation(reopened, policy('SEV1'), at(629)).escalate).toBe(false)
    expect(escalation(reopened, policy('SEV1'), at(630)).reasons).toEqual([{ kind: 'open_too_long', openMinutes: 30, limitMinutes: 30 }])
  })
})

describe('SLA state of a list row', () => {
  it('is ok for a fresh incident and names the nearest deadline', () => {
    expect(slaSummary(incident(), policy('SEV1'), T)).toEqual({ state: 'ok', reason: 'Acknowledgement due in 15 min', dueAt: at(15).toISOString() })
  })

  it('is the worst running clock', () => {
    expect(slaSummary(incident(), policy('SEV1'), at(20))).toEqual({
      state: 'overdue',
      reason: 'Acknowledgement overdue by 5 min',
      dueAt: at(15).toISOString(),
    })
    const acked = incident({ acknowledgedAt: at(2), lastUpdatePostedAt: at(10) })
    expect(slaSummary(acked, policy('SEV1'), at(23))).toEqual({ state: 'due_soon', reason: 'Status update due in 2 min', dueAt: at(25).toISOString() })
    expect(slaSummary({ ...acked, lastUpdatePostedAt: at(55) }, policy('SEV1'), at(62))).toEqual({
      state: 'overdue',
      reason: 'Resolution overdue by 2 min',
      dueAt: at(60).toISOString(),
    })
  })

  it('is ok with no reason when nothing is running (an acknowledged SEV4)', () => {
    expect(slaSummary(incident({ severity: 'SEV4', acknowledgedAt: at(1) }), policy('SEV4'), at(5000))).toEqual({ state: 'ok', reason: null, dueAt: null })
  })

  it('is ok for resolved incidents', () => {
    expect(slaSummary(incident({ status: 'RESOLVED', resolvedAt: at(500) }), policy('SEV1'), at(501)).state).toBe('ok')
  })
})

describe('all clocks of an incident', () => {
  it('agree with each other and carry the age and the open period', () => {
    const reopened = incident({ acknowledgedAt: at(3), reopenedAt: at(120), lastProgressAt: at(120) })
    const clocks = incidentClocks(reopened, policy('SEV1'), at(130))
    expect(clocks.openedAt).toBe(at(120).toISOString())
    expect(clocks.ageMinutes).toBe(130)
    expect(clocks.acknowledge.state).toBe('met')
    expect(clocks.update).toMatchObject({ next: 'initial', dueAt: at(135).toISOString(), state: 'ok' })
    expect(clocks.resolution).toMatchObject({ dueAt: at(180).toISOString(), state: 'ok' })
    expect(clocks.escalation.escalate).toBe(false)
    expect(clocks.sla).toEqual({ state: 'ok', reason: 'Status update due in 5 min', dueAt: at(135).toISOString() })
  })

  it('measure the age up to resolution once resolved', () => {
    expect(ageMinutes({ declaredAt: T, resolvedAt: at(42), status: 'RESOLVED' }, at(1000))).toBe(42)
    expect(ageMinutes({ declaredAt: T, resolvedAt: null, status: 'MONITORING' }, at(7, 59))).toBe(7)
  })
})

describe('formatUtc', () => {
  it('writes times in UTC', () => {
    expect(formatUtc(T)).toBe('2025-11-19 10:30 UTC')
    expect(formatUtc('2025-11-19T23:05:00+02:00', { withDate: false })).toBe('21:05 UTC')
  })
})
