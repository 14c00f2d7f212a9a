// How a timeline entry looks under stress: failures must not look like requests.
// Each tone has its own colour AND its own icon and word, never colour alone. Client-safe.
import type { TimelineKind } from './timeline'

export type TimelineTone = 'failure' | 'success' | 'request' | 'plain'

export type EntryOutcome = {
  tone: TimelineTone
  /** A word said beside the kind ("failed", "done"); null for plain entries. */
  word: string | null
  icon: string
  /** The remediation request this entry is about, to link to. */
  remediationId: string | null
}

const remediationTone: Record<string, { tone: TimelineTone; word: string }> = {
  PENDING_APPROVAL: { tone: 'request', word: 'waiting for approval' },
  APPROVED: { tone: 'request', word: 'approved' },
  EXECUTING: { tone: 'request', word: 'running' },
  SUCCEEDED: { tone: 'success', word: 'succeeded' },
  FAILED: { tone: 'failure', word: 'failed' },
  EXPIRED: { tone: 'failure', word: 'expired' },
  REJECTED: { tone: 'failure', word: 'rejected' },
}

const icons: Record<TimelineTone, string> = { failure: '✕', success: '✓', request: '…', plain: '•' }

export function entryOutcome(kind: TimelineKind, data: unknown): EntryOutcome {
  const d = (data && typeof data === 'object' ? data : {}) as { remediationId?: unknown; status?: unknown; error?: unknown; ok?: unknown }
  const remediationId = typeof d.remediationId === 'string' ? d.remediationId : null
  let tone: TimelineTone = 'plain'
  let word: string | null = null
  if (kind === 'update_failed') [tone, word] = ['failure', 'not delivered']
  else if (kind === 'remediation') {
    const known = typeof d.status === 'string' ? remediationTone[d.status] : undefined
    if (known) [tone, word] = [known.tone, known.word]
    else if (typeof d.error === 'string' && d.error) [tone, word] = ['failure', 'failed']
    else tone = 'request'
  } else if (kind === 'diagnostic' && ((typeof d.error === 'string' && d.error) || d.ok === false)) [tone, word] = ['failure', 'failed']
  return { tone, word, icon: icons[tone], remediationId }
}
