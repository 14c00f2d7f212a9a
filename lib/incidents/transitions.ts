// Which status changes an incident may make. Pure and client-safe: the UI offers
// exactly the moves the server accepts.
//
//   INVESTIGATING → IDENTIFIED → MONITORING → RESOLVED
//
// - Moving forward is always allowed, skipping steps included (a false alarm goes
//   straight to RESOLVED; a fix applied at once goes straight to MONITORING).
// - Moving back between open statuses (the fix did not hold) is allowed with a reason.
// - RESOLVED needs a resolution summary.
// - A RESOLVED incident can be reopened to INVESTIGATING or IDENTIFIED with a reason;
//   it cannot go straight back to MONITORING.
// - "Changing" to the current status is refused.

export const incidentStatuses = ['INVESTIGATING', 'IDENTIFIED', 'MONITORING', 'RESOLVED'] as const
export type IncidentStatus = (typeof incidentStatuses)[number]

export const openStatuses = ['INVESTIGATING', 'IDENTIFIED', 'MONITORING'] as const satisfies readonly IncidentStatus[]

export const statusLabels: Record<IncidentStatus, string> = {
  INVESTIGATING: 'Investigating',
  IDENTIFIED: 'Identified',
  MONITORING: 'Monitoring',
  RESOLVED: 'Resolved',
}

export const statusMeanings: Record<IncidentStatus, string> = {
  INVESTIGATING: 'Looking for the cause.',
  IDENTIFIED: 'The cause is known; a fix is in progress.',
  MONITORING: 'A fix is in place; watching that it holds.',
  RESOLVED: 'Fixed and confirmed.',
}

export type TransitionKind = 'advance' | 'step_back' | 'resolve' | 'reopen'

export type TransitionNeeds = 'reason' | 'resolutionSummary' | null

export type TransitionCheck = { ok: true; kind: TransitionKind } | { ok: false; message: string; field: 'status' | 'reason' | 'resolutionSummary' }

const rank = (s: IncidentStatus) => incidentStatuses.indexOf(s)

function kindOf(from: IncidentStatus, to: IncidentStatus): TransitionKind | string {
  if (from === to) return `The incident is already ${statusLabels[to]}.`
  if (from === 'RESOLVED') {
    if (to === 'MONITORING') {
      return 'A reopened incident starts again at Investigating or Identified; move it to Monitoring once a fix is in place.'
    }
    return 'reopen'
  }
  if (to === 'RESOLVED') return 'resolve'
  return rank(to) > rank(from) ? 'advance' : 'step_back'
}

export function needsFor(kind: TransitionKind): TransitionNeeds {
  if (kind === 'resolve') return 'resolutionSummary'
  if (kind === 'reopen' || kind === 'step_back') return 'reason'
  return null
}

const filled = (text: string | null | undefined) => (text ?? '').trim().length > 0

/** Whether `from → to` is allowed with what the user gave; a refusal says why in a sentence. */
export function checkTransition(
  from: IncidentStatus,
  to: IncidentStatus,
  given: { reason?: string | null; resolutionSummary?: string | null } = {},
): TransitionCheck {
  const kind = kindOf(from, to)
  if (kind !== 'advance' && kind !== 'step_back' && kind !== 'resolve' && kind !== 'reopen') {
    return { ok: false, message: kind, field: 'status' }
  }
  if (kind === 'resolve' && !filled(given.resolutionSummary)) {
    return { ok: false, message: 'Say what fixed it: resolving needs a resolution summary.', field: 'resolutionSummary' }
  }
  if (kind === 'reopen' && !filled(given.reason)) {
    return { ok: false, message: 'Say why the incident is being reopened.', field: 'reason' }
  }
  if (kind === 'step_back' && !filled(given.reason)) {
    return {
      ok: false,
      message: `Say why the incident goes back from ${statusLabels[from]} to ${statusLabels[to]}.`,
      field: 'reason',
    }
  }
  return { ok: true, kind }
}

/** The moves offered from `from`, each with what it needs from the user. */
export function allowedTransitions(from: IncidentStatus): { to: IncidentStatus; kind: TransitionKind; needs: TransitionNeeds }[] {
  const out: { to: IncidentStatus; kind: TransitionKind; needs: TransitionNeeds }[] = []
  for (const to of incidentStatuses) {
    const kind = kindOf(from, to)
    if (kind === 'advance' || kind === 'step_back' || kind === 'resolve' || kind === 'reopen') out.push({ to, kind, needs: needsFor(kind) })
  }
  return out
}
