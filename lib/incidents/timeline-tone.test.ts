import { describe, expect, it } from 'vitest'
import { entryOutcome } from './timeline-tone'

describe('entryOutcome', () => {
  it('tells a failed remediation from its request, with a different icon and word', () => {
    const request = entryOutcome('remediation', { remediationId: 'r1', status: 'PENDING_APPROVAL' })
    const failed = entryOutcome('remediation', { remediationId: 'r1', status: 'FAILED' })
    expect(request).toEqual({ tone: 'request', word: 'waiting for approval', icon: '…', remediationId: 'r1' })
    expect(failed).toEqual({ tone: 'failure', word: 'failed', icon: '✕', remediationId: 'r1' })
    expect(entryOutcome('remediation', { remediationId: 'r1', status: 'SUCCEEDED' })).toMatchObject({ tone: 'success', icon: '✓' })
    expect(entryOutcome('remediation', { remediationId: 'r1', status: 'EXPIRED' }).tone).toBe('failure')
  })

  it('marks undelivered updates and failed diagnostics as failures, and leaves notes plain', () => {
    expect(entryOutcome('update_failed', { error: 'HTTP 500' })).toMatchObject({ tone: 'failure', word: 'not delivered', remediationId: null })
    expect(entryOutcome('diagnostic', { error: 'AccessDenied' }).tone).toBe('failure')
    expect(entryOutcome('diagnostic', { output: 'ok' }).tone).toBe('plain')
    expect(entryOutcome('note', null)).toEqual({ tone: 'plain', word: null, icon: '•', remediationId: null })
  })

  it('reads an outcome without a known status from its error', () => {
    expect(entryOutcome('remediation', { remediationId: 'r2', error: 'throttled' })).toMatchObject({ tone: 'failure', remediationId: 'r2' })
    expect(entryOutcome('remediation', { remediationId: 'r2' }).tone).toBe('request')
  })
})
