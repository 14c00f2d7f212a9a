import { describe, expect, it } from 'vitest'
import { businessDaysAfter, endOfUtcDay, postMortemDueAt } from './due'

const due = (iso: string, n = 5) => businessDaysAfter(new Date(iso), n).toISOString()

describe('post-mortem due dates', () => {
  it('is the end of the fifth business day after the day of resolution', () => {
    expect(due('2025-11-17T09:00:00Z')).toBe('2025-11-24T23:59:59.999Z') // Mon → next Mon
    expect(due('2025-11-19T23:59:00Z')).toBe('2025-11-26T23:59:59.999Z') // Wed → next Wed
    expect(due('2025-11-21T18:00:00Z')).toBe('2025-11-28T23:59:59.999Z') // Fri → next Fri
  })

  it('counts from the Monday after a weekend resolution', () => {
    expect(due('2025-11-22T10:00:00Z')).toBe('2025-11-28T23:59:59.999Z') // Sat → Fri
    expect(due('2025-11-23T10:00:00Z')).toBe('2025-11-28T23:59:59.999Z') // Sun → Fri
  })

  it('counts other numbers of business days across weekends', () => {
    expect(due('2025-11-21T12:00:00Z', 1)).toBe('2025-11-24T23:59:59.999Z') // Fri + 1 → Mon
    expect(due('2025-11-20T12:00:00Z', 6)).toBe('2025-11-28T23:59:59.999Z') // Thu + 6 → next Fri
    expect(() => businessDaysAfter(new Date('2025-11-21T12:00:00Z'), 0)).toThrow(RangeError)
  })

  it('applies only to required post-mortems of resolved incidents', () => {
    expect(postMortemDueAt('2025-11-17T09:00:00Z', true)?.toISOString()).toBe('2025-11-24T23:59:59.999Z')
    expect(postMortemDueAt('2025-11-17T09:00:00Z', false)).toBeNull()
    expect(postMortemDueAt(null, true)).toBeNull()
  })

  it('reads a date input as the end of that day', () => {
    expect(endOfUtcDay('2025-11-26').toISOString()).toBe('2025-11-26T23:59:59.999Z')
    expect(() => endOfUtcDay('26/11/2025')).toThrow(RangeError)
  })
})
