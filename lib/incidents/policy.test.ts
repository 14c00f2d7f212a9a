import { describe, expect, it } from 'vitest'
import {
  completePolicy,
  defaultSeverityPolicy,
  describePolicy,
  policyFor,
  severities,
  severityForAffectedPercent,
  severityForScope,
  updateCadence,
  userImpactScopes,
} from './policy'

describe('the severity decision tree', () => {
  it('maps who is affected to a severity: all → SEV1, more than half → SEV2, fewer → SEV3, none → SEV4', () => {
    expect(userImpactScopes.map(severityForScope)).toEqual(['SEV1', 'SEV2', 'SEV3', 'SEV4'])
  })

  it('reads a measured share the same way, with exactly half counted as SEV3 (not "more than half")', () => {
    expect(severityForAffectedPercent(100)).toBe('SEV1')
    expect(severityForAffectedPercent(99.9)).toBe('SEV2')
    expect(severityForAffectedPercent(51)).toBe('SEV2')
    expect(severityForAffectedPercent(50.01)).toBe('SEV2')
    expect(severityForAffectedPercent(50)).toBe('SEV3')
    expect(severityForAffectedPercent(0.1)).toBe('SEV3')
    expect(severityForAffectedPercent(0)).toBe('SEV4')
  })

  it('refuses a share that is not a percentage', () => {
    expect(() => severityForAffectedPercent(-1)).toThrow(RangeError)
    expect(() => severityForAffectedPercent(101)).toThrow(RangeError)
    expect(() => severityForAffectedPercent(Number.NaN)).toThrow(RangeError)
  })
})

describe('the default severity policy', () => {
  it('is the table in ARCHITECTURE.md ("Severity policy")', () => {
    const table = Object.fromEntries(
      defaultSeverityPolicy.map((r) => [
        r.severity,
        [r.ackWithinMinutes, r.resolveWithinMinutes, r.updateEveryMinutes, r.updatesAtStartAndEnd, r.escalateAfterMinutes, r.postmortemRequired],
      ]),
    )
    expect(table).toEqual({
      SEV1: [15, 60, 15, false, 30, true],
      SEV2: [30, 240, 30, false, 60, true],
      SEV3: [120, 1440, null, true, null, false],
      SEV4: [null, null, null, false, null, false],
    })
  })

  it('describes each row in words for the policy page', () => {
    const [sev1, , sev3, sev4] = defaultSeverityPolicy.map(describePolicy)
    expect(sev1).toEqual({
      acknowledge: '15 min',
      resolve: '1 h',
      updates: 'every 15 min',
      escalate: 'open 30 min without resolution, or 1 h without progress',
      postmortem: 'required',
    })
    expect(sev3).toMatchObject({ acknowledge: '2 h', resolve: '1 d', updates: 'at start and at resolution', postmortem: 'not required' })
    expect(sev4).toMatchObject({ acknowledge: 'next business day', resolve: 'no target', updates: 'none', escalate: 'after 1 h without progress' })
  })

  it('names the cadence of each severity', () => {
    expect(defaultSeverityPolicy.map(updateCadence)).toEqual([
      { mode: 'periodic', everyMinutes: 15 },
      { mode: 'periodic', everyMinutes: 30 },
      { mode: 'start_and_end' },
      { mode: 'none' },
    ])
  })

  it('stands in for rows the table lacks, and prefers stored rows', () => {
    const stored = [{ ...defaultSeverityPolicy[1], ackWithinMinutes: 20, version: 3 }]
    expect(policyFor(stored, 'SEV2').ackWithinMinutes).toBe(20)
    expect(policyFor(stored, 'SEV1')).toEqual(defaultSeverityPolicy[0])
    expect(completePolicy(stored).map((r) => r.severity)).toEqual([...severities])
    expect(completePolicy(stored)[1].version).toBe(3)
  })
})
