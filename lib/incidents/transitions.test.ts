import { describe, expect, it } from 'vitest'
import { allowedTransitions, checkTransition, incidentStatuses, type IncidentStatus } from './transitions'

describe('status transitions', () => {
  it('move forward one step at a time without anything else', () => {
    expect(checkTransition('INVESTIGATING', 'IDENTIFIED')).toEqual({ ok: true, kind: 'advance' })
    expect(checkTransition('IDENTIFIED', 'MONITORING')).toEqual({ ok: true, kind: 'advance' })
  })

  it('may skip forward (a fix applied at once goes straight to Monitoring)', () => {
    expect(checkTransition('INVESTIGATING', 'MONITORING')).toEqual({ ok: true, kind: 'advance' })
  })

  it('resolve from any open status, but only with a resolution summary', () => {
    for (const from of ['INVESTIGATING', 'IDENTIFIED', 'MONITORING'] as const) {
      expect(checkTransition(from, 'RESOLVED')).toEqual({
        ok: false,
        field: 'resolutionSummary',
        message: 'Say what fixed it: resolving needs a resolution summary.',
      })
      expect(checkTransition(from, 'RESOLVED', { resolutionSummary: '   ' })).toMatchObject({ ok: false, field: 'resolutionSummary' })
      expect(checkTransition(from, 'RESOLVED', { resolutionSummary: 'Rolled back to :41' })).toEqual({ ok: true, kind: 'resolve' })
    }
  })

  it('go back a step only with a reason', () => {
    expect(checkTransition('MONITORING', 'INVESTIGATING')).toEqual({
      ok: false,
      field: 'reason',
      message: 'Say why the incident goes back from Monitoring to Investigating.',
    })
    expect(checkTransition('MONITORING', 'IDENTIFIED', { reason: 'errors came back after the restart' })).toEqual({ ok: true, kind: 'step_back' })
    expect(checkTransition('IDENTIFIED', 'INVESTIGATING', { reason: 'wrong cause' })).toEqual({ ok: true, kind: 'step_back' })
  })

  it('reopen a resolved incident to Investigating or Identified with a reason', () => {
    expect(checkTransition('RESOLVED', 'INVESTIGATING')).toEqual({ ok: false, field: 'reason', message: 'Say why the incident is being reopened.' })
    expect(checkTransition('RESOLVED', 'INVESTIGATING', { reason: 'errors are back' })).toEqual({ ok: true, kind: 'reopen' })
    expect(checkTransition('RESOLVED', 'IDENTIFIED', { reason: 'same cause again' })).toEqual({ ok: true, kind: 'reopen' })
  })

  it('refuse reopening straight into Monitoring, with a sentence saying what to do', () => {
    expect(checkTransition('RESOLVED', 'MONITORING', { reason: 'x' })).toEqual({
      ok: false,
      field: 'status',
      message: 'A reopened incident starts again at Investigating or Identified; move it to Monitoring once a fix is in place.',
    })
  })

  it('refuse "changing" to the current status', () => {
    for (const s of incidentStatuses) {
      expect(checkTransition(s, s, { reason: 'r', resolutionSummary: 's' })).toMatchObject({
        ok: false,
        field: 'status',
        message: expect.stringContaining('already'),
      })
    }
  })

  it('offer exactly the moves that the check accepts', () => {
    expect(allowedTransitions('INVESTIGATING')).toEqual([
      { to: 'IDENTIFIED', kind: 'advance', needs: null },
      { to: 'MONITORING', kind: 'advance', needs: null },
      { to: 'RESOLVED', kind: 'resolve', needs: 'resolutionSummary' },
    ])
    expect(allowedTransitions('RESOLVED')).toEqual([
      { to: 'INVESTIGATING', kind: 'reopen', needs: 'reason' },
      { to: 'IDENTIFIED', kind: 'reopen', needs: 'reason' },
    ])
    for (const from of incidentStatuses) {
      const offered = new Set(allowedTransitions(from).map((t) => t.to))
      for (const to of incidentStatuses) {
        const full = checkTransition(from, to as IncidentStatus, { reason: 'because', resolutionSummary: 'fixed' })
        expect(full.ok, `${from} → ${to}`).toBe(offered.has(to))
      }
    }
  })
})
