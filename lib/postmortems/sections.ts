// The sections of a post-mortem, in the order they are written and read. The
// structure follows the review template our runbooks use (what happened, its
// impact, why, how it was found, how the response went, how it was fixed, how to
// stop it happening again), with a closing section for lessons. Client-safe.

export const sectionKeys = ['summary', 'impact', 'rootCause', 'detection', 'response', 'resolution', 'prevention', 'lessons'] as const
export type SectionKey = (typeof sectionKeys)[number]
export type Sections = Record<SectionKey, string>

export type SectionGuide = {
  title: string
  /** What to write, shown above the editor and as the placeholder. */
  prompt: string
}

export const sectionGuides: Record<SectionKey, SectionGuide> = {
  summary: {
    title: 'Summary',
    prompt: 'Two or three sentences a newcomer can follow: what broke, who noticed, and how it ended.',
  },
  impact: {
    title: 'Impact',
    prompt: 'Who felt it and roughly how many, for how long, and what it cost: failed orders, refunds, support tickets, missed commitments.',
  },
  rootCause: {
    title: 'Root cause',
    prompt: 'The technical chain that led to the failure. Keep asking why until the answer is a condition we can change, never a person.',
  },
  detection: {
    title: 'Detection',
    prompt: 'How we found out (an alarm, a customer, a teammate) and how long passed between the first symptom and someone looking at it.',
  },
  response: {
    title: 'Response',
    prompt: 'What helped and what got in the way: alerts, runbooks, dashboards, access, hand-offs, communication with stakeholders.',
  },
  resolution: {
    title: 'Resolution',
    prompt: 'The steps that brought the service back, in order, and how we confirmed it stayed fixed.',
  },
  prevention: {
    title: 'Prevention',
    prompt: 'What will stop this from recurring, or make the next one shorter. Turn each idea into an action item with an owner and a due date.',
  },
  lessons: {
    title: 'Lessons learned',
    prompt: 'What surprised us, what we would do differently next time, and what other teams should know.',
  },
}

export const emptySections = (): Sections => Object.fromEntries(sectionKeys.map((k) => [k, ''])) as Sections

/** The sections whose text differs between `a` and `b`. */
export function changedSections(a: Sections, b: Partial<Sections>): SectionKey[] {
  return sectionKeys.filter((k) => b[k] !== undefined && b[k] !== a[k])
}

/**
 * What the pre-fill leaves for the author: an italic run that starts with an
 * ellipsis, such as `_… orders, revenue_` or `_…_` (and the wording of earlier
 * versions). A post-mortem is not published while any is left.
 */
const placeholderPattern = /_…[^_\n]*_|_orders, revenue, customers or commitments affected_/

/** A placeholder for the author to replace, in the form the check recognises. */
export const placeholder = (hint = '') => `_…${hint ? ` ${hint}` : ''}_`

/** The sections that still hold a placeholder, in reading order. */
export function sectionsWithPlaceholders(sections: Partial<Record<SectionKey, string | null>>): SectionKey[] {
  return sectionKeys.filter((k) => placeholderPattern.test(sections[k] ?? ''))
}
