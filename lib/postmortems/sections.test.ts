import { describe, expect, it } from 'vitest'
import { placeholder, sectionsWithPlaceholders } from './sections'

describe('placeholders left by the pre-fill', () => {
  it('finds each section that still holds one, in reading order', () => {
    expect(
      sectionsWithPlaceholders({
        detection: `- Declared at 03:12\n- How it was first noticed: ${placeholder()}`,
        impact: `- Business impact: ${placeholder('orders, revenue')}`,
        summary: 'Checkout failed for 20 minutes.',
      }),
    ).toEqual(['impact', 'detection'])
  })

  it('also recognises the wording of earlier versions', () => {
    expect(sectionsWithPlaceholders({ impact: 'Business impact: _orders, revenue, customers or commitments affected_' })).toEqual(['impact'])
  })

  it('leaves the author’s own italics alone', () => {
    expect(sectionsWithPlaceholders({ rootCause: 'The pool was _far_ too small… and nobody knew.', lessons: '_Always_ alarm on saturation.' })).toEqual([])
  })
})
