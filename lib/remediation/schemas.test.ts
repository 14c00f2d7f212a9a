import { describe, expect, it } from 'vitest'
import { remediationParamsSchema } from './schemas'

describe('remediation parameters', () => {
  it('takes a task count from a form field or a JSON number', () => {
    expect(remediationParamsSchema.parse({ kind: 'SCALE', desiredCount: '3' })).toEqual({ kind: 'SCALE', desiredCount: 3 })
    expect(remediationParamsSchema.parse({ kind: 'SCALE', desiredCount: 0 })).toEqual({ kind: 'SCALE', desiredCount: 0 })
  })

  it('never reads null, a boolean, an empty field or a missing count as zero', () => {
    for (const desiredCount of [null, true, false, '', '   ', undefined, [], '1e1', '0x10']) {
      const parsed = remediationParamsSchema.safeParse({ kind: 'SCALE', desiredCount })
      expect(parsed.success, JSON.stringify(desiredCount)).toBe(false)
    }
  })

  it('refuses fractions and counts out of range', () => {
    for (const desiredCount of [1.5, '2.5', -1, 201]) expect(remediationParamsSchema.safeParse({ kind: 'SCALE', desiredCount }).success).toBe(false)
  })

  it('memory is a whole number of MiB, never null', () => {
    expect(remediationParamsSchema.parse({ kind: 'RAISE_MEMORY', memoryMiB: '1024' })).toMatchObject({ memoryMiB: 1024 })
    expect(remediationParamsSchema.safeParse({ kind: 'RAISE_MEMORY', memoryMiB: null }).success).toBe(false)
  })
})
