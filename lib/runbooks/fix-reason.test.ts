import { describe, expect, it } from 'vitest'
import { proposeFixReason } from './fix-reason'

describe('the reason proposed for a fix launched from a runbook step', () => {
  it('names the incident, the runbook and the step', () => {
    expect(
      proposeFixReason({
        incidentRef: 'INC-7',
        incidentTitle: 'payments-api down',
        runbookTitle: 'Crash loop',
        stepTitle: 'Restart once the dependency is back',
      }),
    ).toBe('INC-7 (payments-api down): runbook “Crash loop”, step “Restart once the dependency is back”.')
  })

  it('stays within the request’s 1000 characters', () => {
    const r = proposeFixReason({ incidentRef: 'INC-7', incidentTitle: 'x'.repeat(2000), runbookTitle: 'Crash loop', stepTitle: 'Restart' })
    expect(r.length).toBe(1000)
  })
})
