import { describe, expect, it } from 'vitest'
import type { TimelineEntryDto } from '@/lib/incidents/dto'
import { defaultSeverityPolicy, policyFor } from '@/lib/incidents/policy'
import type { ActionItemView, PostMortemView } from './dto'
import { exportFileName, postMortemMarkdown } from './export'
import { buildFacts } from './facts'
import { emptySections } from './sections'

const T = new Date('2025-11-19T10:30:00Z')
const facts = buildFacts(
  {
    id: 'inc-1',
    number: 7,
    title: 'Checkout | payments failing',
    severity: 'SEV1',
    status: 'RESOLVED',
    impact: 'All checkouts fail',
    resolutionSummary: 'Restarted the payments tasks',
    reopenCount: 1,
    declaredAt: T,
    acknowledgedAt: new Date(T.getTime() + 3 * 60_000),
    mitigatedAt: null,
    resolvedAt: new Date(T.getTime() + 95 * 60_000),
    reopenedAt: new Date(T.getTime() + 60 * 60_000),
    commander: { id: 'c', name: 'Chloe' },
    commsLead: null,
    opsLead: null,
    declaredBy: { id: 'c', name: 'Chloe' },
    services: [{ id: 's', name: 'payments-api', environment: 'PROD', cluster: 'shop-prod' }],
  },
  policyFor(defaultSeverityPolicy, 'SEV1'),
  [],
  [],
  [],
)

const timeline: TimelineEntryDto[] = [
  { id: 1, kind: 'declared', at: T.toISOString(), actor: { id: 'c', name: 'Chloe' }, text: 'Declared SEV1', data: null },
  { id: 2, kind: 'note', at: T.toISOString(), actor: null, text: 'Not chosen', data: null },
  { id: 3, kind: 'resolved', at: T.toISOString(), actor: { id: 'c', name: 'Chloe' }, text: 'Resolved\nafter | 95 min', data: null },
]

const view: PostMortemView = {
  id: 'pm',
  incidentId: 'inc-1',
  status: 'PUBLISHED',
  dueAt: '2025-11-26T23:59:59.999Z',
  overdue: false,
  sections: { ...emptySections(), summary: 'Payments were down.', rootCause: 'A bad **config** push.' },
  includedEntryIds: [1, 3],
  version: 4,
  author: { id: 'c', name: 'Chloe' },
  publishedAt: '2025-11-20T09:00:00.000Z',
  publishedBy: { id: 'c', name: 'Chloe' },
  createdAt: T.toISOString(),
  updatedAt: T.toISOString(),
  lastSavedBy: null,
}

const item: ActionItemView = {
  id: 'a',
  title: 'Alarm on payment errors',
  status: 'OPEN',
  owner: { id: 'r', name: 'Rafael' },
  dueAt: '2025-12-01T23:59:59.999Z',
  overdue: false,
  incident: { id: 'inc-1', ref: 'INC-7', title: 'x', severity: 'SEV1' },
  postMortem: { id: 'pm', status: 'PUBLISHED' },
  version: 0,
  createdAt: T.toISOString(),
  doneAt: null,
}

describe('Markdown export', () => {
  const md = postMortemMarkdown(facts, view, timeline, [item], new Date('2025-11-21T08:00:00Z'))

  it('is named after the incident', () => {
    expect(exportFileName(facts)).toBe('INC-7-post-mortem.md')
  })

  it('has the facts, every section in order, the chosen timeline entries and the action items', () => {
    expect(md.startsWith('# Post-mortem: INC-7 Checkout | payments failing\n')).toBe(true)
    expect(md).toContain('Status: **Published** (published 2025-11-20 09:00 UTC by Chloe)')
    expect(md).toContain('| Resolved | 2025-11-19 12:05 UTC (1 h 35 min) |')
    expect(md).toContain('| Reopened | 1 time(s), last 2025-11-19 11:30 UTC |')
    const headings = md
      .split('\n')
      .filter((l) => l.startsWith('## '))
      .map((l) => l.slice(3))
    expect(headings).toEqual([
      'Facts',
      'Summary',
      'Impact',
      'Root cause',
      'Detection',
      'Response',
      'Resolution',
      'Prevention',
      'Lessons learned',
      'Timeline (UTC)',
      'Action items',
    ])
    expect(md).toContain('A bad **config** push.')
    expect(md).toContain('## Response\n\n_Not written._')
    expect(md).toContain('| Declared | Chloe | Declared SEV1 |')
    expect(md).not.toContain('Not chosen')
    expect(md).toContain('| Alarm on payment errors | Rafael | 2025-12-01 | Open |')
  })

  it('keeps table rows on one line with pipes escaped', () => {
    expect(md).toContain('| Resolved after \\| 95 min |')
  })
})
