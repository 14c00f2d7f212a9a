import { createElement } from 'react'
import { renderToString } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { SectionEditor } from './section-editor'
import { TimelinePicker } from './timeline-picker'

// Hydrating puts the server's draft back into a text area (and moves the caret to
// its start), so what is served must not take typing or clicks before React runs.
describe('the post-mortem editor before hydration', () => {
  it('serves the section text areas read-only', () => {
    const html = renderToString(createElement(SectionEditor, { section: 'summary', value: 'INC-92 was declared SEV2', onChange: () => undefined }))
    expect(html).toMatch(/<textarea[^>]*\breadOnly=""[^>]*>INC-92 was declared SEV2<\/textarea>/)
  })

  it('serves the timeline check boxes disabled', () => {
    const entry = { id: 7, kind: 'declared' as const, at: '2026-01-05T10:00:00.000Z', actor: null, text: 'Declared SEV2', data: null }
    const html = renderToString(createElement(TimelinePicker, { entries: [entry], included: [7], onChange: () => undefined, readOnly: false }))
    expect(html).toMatch(/<input type="checkbox"[^>]*\bdisabled=""/)
  })
})
