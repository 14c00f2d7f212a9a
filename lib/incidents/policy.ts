// What each severity means, how to choose one, and the response targets an admin
// starts from (ARCHITECTURE.md, "Severity policy"). Pure and client-safe: the declare
// form, the policy page and the clocks share it.
import type { SeverityPolicyRow } from './dto'

export const severities = ['SEV1', 'SEV2', 'SEV3', 'SEV4'] as const
export type Severity = (typeof severities)[number]

export type SeverityMeaning = { label: string; summary: string; example: string }

export const severityMeanings: Record<Severity, SeverityMeaning> = {
  SEV1: {
    label: 'Critical',
    summary: 'Complete outage: every user is affected.',
    example: 'The site or API is down for everyone.',
  },
  SEV2: {
    label: 'Major',
    summary: 'A major function is impaired for some users.',
    example: 'Orders fail for a share of customers.',
  },
  SEV3: {
    label: 'Minor',
    summary: 'A minor problem with a workaround.',
    example: 'Responses are slow but requests succeed.',
  },
  SEV4: {
    label: 'Cosmetic',
    summary: 'Cosmetic, no user impact.',
    example: 'A misaligned button or a typo in the UI.',
  },
}

/** How many users the problem reaches: the one question that picks a severity. */
export const userImpactScopes = ['all', 'more_than_half', 'less_than_half', 'none'] as const
export type UserImpactScope = (typeof userImpactScopes)[number]

export const userImpactQuestions: Record<UserImpactScope, string> = {
  all: 'Every user is affected',
  more_than_half: 'More than half of users are affected',
  less_than_half: 'Some users, but no more than half, are affected',
  none: 'No user is affected',
}

/** The decision tree: all users → SEV1, more than half → SEV2, fewer → SEV3, none → SEV4. */
export function severityForScope(scope: UserImpactScope): Severity {
  switch (scope) {
    case 'all':
      return 'SEV1'
    case 'more_than_half':
      return 'SEV2'
    case 'less_than_half':
      return 'SEV3'
    case 'none':
      return 'SEV4'
  }
}

/**
 * The same tree from a measured share of affected users, in percent. Exactly half
 * is not "more than half", so it is SEV3.
 */
export function severityForAffectedPercent(percent: number): Severity {
  if (!Number.isFinite(percent) || percent < 0 || percent > 100) throw new RangeError('percent must be from 0 to 100')
  return severityForScope(percent === 100 ? 'all' : percent > 50 ? 'more_than_half' : percent > 0 ? 'less_than_half' : 'none')
}

/** Any open incident this long without progress prompts escalation, whatever its severity. */
export const noProgressEscalationMinutes = 60
export const escalationContact = 'the engineering manager'

/** The defaults the migration inserts; used when a row is missing and by the tests. */
export const defaultSeverityPolicy: readonly SeverityPolicyRow[] = [
  {
    severity: 'SEV1',
    description: severityMeanings.SEV1.summary,
    ackWithinMinutes: 15,
    resolveWithinMinutes: 60,
    updateEveryMinutes: 15,
    updatesAtStartAndEnd: false,
    escalateAfterMinutes: 30,
    postmortemRequired: true,
    version: 0,
  },
  {
    severity: 'SEV2',
    description: severityMeanings.SEV2.summary,
    ackWithinMinutes: 30,
    resolveWithinMinutes: 240,
    updateEveryMinutes: 30,
    updatesAtStartAndEnd: false,
    escalateAfterMinutes: 60,
    postmortemRequired: true,
    version: 0,
  },
  {
    severity: 'SEV3',
    description: severityMeanings.SEV3.summary,
    ackWithinMinutes: 120,
    resolveWithinMinutes: 1440,
    updateEveryMinutes: null,
    updatesAtStartAndEnd: true,
    escalateAfterMinutes: null,
    postmortemRequired: false,
    version: 0,
  },
  {
    severity: 'SEV4',
    description: severityMeanings.SEV4.summary,
    ackWithinMinutes: null,
    resolveWithinMinutes: null,
    updateEveryMinutes: null,
    updatesAtStartAndEnd: false,
    escalateAfterMinutes: null,
    postmortemRequired: false,
    version: 0,
  },
]

/** The row for `severity` from `rows`, or the default when the table lacks it. */
export function policyFor(rows: readonly SeverityPolicyRow[], severity: Severity): SeverityPolicyRow {
  return rows.find((r) => r.severity === severity) ?? defaultSeverityPolicy.find((r) => r.severity === severity)!
}

/** Every severity once, in order, taking stored rows over defaults. */
export function completePolicy(rows: readonly SeverityPolicyRow[]): SeverityPolicyRow[] {
  return severities.map((s) => policyFor(rows, s))
}

export type UpdateCadence = { mode: 'periodic'; everyMinutes: number } | { mode: 'start_and_end' } | { mode: 'none' }

export function updateCadence(row: Pick<SeverityPolicyRow, 'updateEveryMinutes' | 'updatesAtStartAndEnd'>): UpdateCadence {
  if (row.updateEveryMinutes != null) return { mode: 'periodic', everyMinutes: row.updateEveryMinutes }
  return row.updatesAtStartAndEnd ? { mode: 'start_and_end' } : { mode: 'none' }
}

export function formatMinutes(minutes: number): string {
  const m = Math.round(Math.abs(minutes))
  if (m < 60) return `${m} min`
  if (m < 24 * 60) {
    const h = Math.floor(m / 60)
    const rest = m % 60
    return rest ? `${h} h ${rest} min` : `${h} h`
  }
  const d = Math.floor(m / (24 * 60))
  const h = Math.floor((m % (24 * 60)) / 60)
  return h ? `${d} d ${h} h` : `${d} d`
}

/** One-line descriptions for the policy table ("15 min", "next business day", ...). */
export function describePolicy(row: SeverityPolicyRow) {
  const cadence = updateCadence(row)
  return {
    acknowledge: row.ackWithinMinutes == null ? 'next business day' : formatMinutes(row.ackWithinMinutes),
    resolve: row.resolveWithinMinutes == null ? 'no target' : formatMinutes(row.resolveWithinMinutes),
    updates:
      cadence.mode === 'periodic' ? `every ${formatMinutes(cadence.everyMinutes)}` : cadence.mode === 'start_and_end' ? 'at start and at resolution' : 'none',
    escalate:
      row.escalateAfterMinutes == null
        ? `after ${formatMinutes(noProgressEscalationMinutes)} without progress`
        : `open ${formatMinutes(row.escalateAfterMinutes)} without resolution, or ${formatMinutes(noProgressEscalationMinutes)} without progress`,
    postmortem: row.postmortemRequired ? 'required' : 'not required',
  }
}
