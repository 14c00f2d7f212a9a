import { createElement } from 'react'
import { renderToString } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import type { PostMortemView } from '@/lib/postmortems/dto'
import { sectionKeys, type Sections } from '@/lib/postmortems/sections'
import { meetNewer, type Draft } from './meet-newer'
import { UnsavedTextNotice } from './unsaved-text'

const empty = Object.fromEntries(sectionKeys.map((k) => [k, ''])) as Sections
const view = (over: Partial<PostMortemView> = {}): PostMortemView => ({
  id: 'pm1',
  incidentId: 'inc1',
  status: 'DRAFT',
  dueAt: null,
  overdue: false,
  sections: { ...empty, summary: 'Checkout failed for 20 minutes.' },
  includedEntryIds: [1, 2],
  version: 3,
  author: null,
  publishedAt: null,
  publishedBy: null,
  createdAt: '2026-01-05T10:00:00.000Z',
  updatedAt: '2026-01-05T10:00:00.000Z',
  lastSavedBy: null,
  ...over,
})
const typed = (base: PostMortemView, sections: Partial<Sections>, includedEntryIds = base.includedEntryIds): Draft => ({
  sections: { ...base.sections, ...sections },
  includedEntryIds,
})

describe('meeting a newer post-mortem version', () => {
  const base = view()

  it('keeps unsaved text when someone else moves it to review', () => {
    const draft = typed(base, { rootCause: 'A bad deploy of payments.' })
    const met = meetNewer(base, draft, view({ status: 'IN_REVIEW', version: 4 }))
    expect(met.kind).toBe('load')
    if (met.kind !== 'load') return
    expect(met.base.status).toBe('IN_REVIEW')
    expect(met.base.version).toBe(4)
    expect(met.draft.sections.rootCause).toBe('A bad deploy of payments.')
    expect(met.merged).toBe(false)
  })

  it('merges their saved sections with mine when they do not overlap', () => {
    const draft = typed(base, { rootCause: 'A bad deploy.' }, [1, 2, 3])
    const theirs = view({ version: 4, sections: { ...base.sections, impact: '2% of orders failed.' } })
    const met = meetNewer(base, draft, theirs)
    expect(met).toMatchObject({ kind: 'load', merged: true })
    if (met.kind !== 'load') return
    expect(met.draft.sections).toMatchObject({ rootCause: 'A bad deploy.', impact: '2% of orders failed.', summary: base.sections.summary })
    expect(met.draft.includedEntryIds).toEqual([1, 2, 3])
  })

  it('asks when both changed the same section differently', () => {
    const draft = typed(base, { summary: 'Mine.' })
    expect(meetNewer(base, draft, view({ version: 4, sections: { ...base.sections, summary: 'Theirs.' } }))).toEqual({
      kind: 'conflict',
      overlapping: ['summary'],
    })
  })

  it('hands back the unsaved text when it was published meanwhile', () => {
    const draft = typed(base, { lessons: 'Canary every payments deploy.', summary: 'Same as theirs.' }, [2])
    const theirs = view({
      status: 'PUBLISHED',
      version: 5,
      sections: { ...base.sections, summary: 'Same as theirs.' },
      publishedBy: { id: 'u2', name: 'Dana Lee' },
    })
    const met = meetNewer(base, draft, theirs)
    expect(met.kind).toBe('stranded')
    if (met.kind !== 'stranded') return
    // Only what theirs lacks is unsaved; the editor now shows theirs, read-only.
    expect(met.unsaved).toEqual({ sections: { lessons: 'Canary every payments deploy.' }, includedChanged: true, who: 'published by Dana Lee' })
    expect(met.base).toBe(theirs)
    expect(met.draft.sections).toEqual(theirs.sections)
  })

  it('just loads the published version when nothing typed is missing from it', () => {
    expect(meetNewer(base, typed(base, {}), view({ status: 'PUBLISHED', version: 4 })).kind).toBe('load')
  })

  it('shows the unsaved text in full with a notice', () => {
    const unsaved = { sections: { lessons: 'Canary <every> deploy.' }, includedChanged: false, who: 'published by Dana Lee' }
    const html = renderToString(createElement(UnsavedTextNotice, { unsaved, onDismiss: () => undefined })).replaceAll('<!-- -->', '')
    expect(html).toContain('role="alert"')
    expect(html).toContain('The post-mortem was published by Dana Lee while you had unsaved changes')
    expect(html).toMatch(/<textarea[^>]*data-testid="unsaved-lessons"[^>]*>Canary &lt;every&gt; deploy.<\/textarea>/)
  })
})
