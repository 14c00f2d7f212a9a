import { describe, expect, it } from 'vitest'
import { change } from './format'

describe('change', () => {
  it('says a count against a tiny previous period as a difference, not a percentage', () => {
    expect(change(80, 1, 'count')).toEqual({ text: '↑ 79 (was 1)', better: false })
    expect(change(2, 0, 'count')).toEqual({ text: '↑ 2 (was 0)', better: false })
    expect(change(3, 3, 'count')).toEqual({ text: 'same (3)', better: true })
    expect(change(40, 50, 'count')).toEqual({ text: '↓ 20%', better: true })
  })

  it('says a time that changed more than fourfold as "from" the previous figure', () => {
    expect(change(480, 6)).toEqual({ text: '↑ from 6 min', better: false })
    expect(change(30, 40)).toEqual({ text: '↓ 25%', better: true })
    expect(change(30, 0)).toBeNull()
    expect(change(null, 10)).toBeNull()
  })
})
