// What the post-mortem domain hands to pages, route handlers and the export:
// plain, serialisable shapes (dates as ISO strings). Client-safe.
import type { Severity } from '@/lib/incidents/policy'
import type { TimelineEntryDto, UserRef } from '@/lib/incidents/dto'
import type { IncidentStatus } from '@/lib/incidents/transitions'
import type { Environment } from '@/lib/services/dto'
import type { Sections } from './sections'

export const postMortemStatuses = ['DRAFT', 'IN_REVIEW', 'PUBLISHED'] as const
export type PostMortemStatus = (typeof postMortemStatuses)[number]

export const postMortemStatusLabels: Record<PostMortemStatus, string> = {
  DRAFT: 'Draft',
  IN_REVIEW: 'In review',
  PUBLISHED: 'Published',
}

export const actionItemStatuses = ['OPEN', 'IN_PROGRESS', 'DONE'] as const
export type ActionItemStatus = (typeof actionItemStatuses)[number]

export const actionItemStatusLabels: Record<ActionItemStatus, string> = {
  OPEN: 'Open',
  IN_PROGRESS: 'In progress',
  DONE: 'Done',
}

/** Facts gathered from the incident, so nobody retypes them. Computed when read, never stored. */
export type PostMortemFacts = {
  incident: {
    id: string
    ref: string
    title: string
    severity: Severity
    status: IncidentStatus
    impact: string
    resolutionSummary: string | null
    reopenCount: number
  }
  times: {
    declaredAt: string
    acknowledgedAt: string | null
    mitigatedAt: string | null
    resolvedAt: string | null
    reopenedAt: string | null
  }
  /** Whole minutes from the declaration; null when it has not happened. */
  durations: {
    toAcknowledge: number | null
    toMitigate: number | null
    toResolve: number | null
  }
  /** The severity policy's targets and whether they were met (null: no target, or not yet known). */
  targets: {
    ackWithinMinutes: number | null
    resolveWithinMinutes: number | null
    ackMet: boolean | null
    resolveMet: boolean | null
  }
  services: { id: string; name: string; environment: Environment; cluster: string }[]
  /** Everyone who held a role or wrote to the timeline, with what they did. */
  responders: { id: string; name: string; roles: string[] }[]
  remediations: {
    id: string
    at: string
    kind: string
    preview: string
    status: string
    service: string
    requester: string
    approver: string | null
    error: string | null
    finishedAt: string | null
  }[]
  runbooks: { runbookId: string; title: string; startedAt: string; done: number; skipped: number; total: number | null }[]
  statusUpdates: { entryId: number; at: string; kind: string; text: string; author: string | null }[]
  /** The alerts that opened or joined the incident, the first seen first. */
  alerts: { source: string; title: string; reason: string; firstSeenAt: string; count: number }[]
  /** Health and metric evidence attached to the timeline (declare snapshots, diagnostics, remediation before/after). */
  snapshots: {
    entryId: number
    at: string
    label: string
    services: { name: string; cluster: string | null; status: string; reason: string | null }[]
    summary: string | null
  }[]
}

export type PostMortemView = {
  id: string
  incidentId: string
  status: PostMortemStatus
  /** Required post-mortems are due five business days after resolution; null when optional. */
  dueAt: string | null
  overdue: boolean
  sections: Sections
  includedEntryIds: number[]
  version: number
  author: UserRef | null
  publishedAt: string | null
  publishedBy: UserRef | null
  createdAt: string
  updatedAt: string
  /** Who saved last and when (from the audit log); null before the first save. */
  lastSavedBy: { name: string; at: string } | null
}

export type ActionItemView = {
  id: string
  title: string
  status: ActionItemStatus
  owner: UserRef | null
  dueAt: string | null
  overdue: boolean
  incident: { id: string; ref: string; title: string; severity: Severity }
  postMortem: { id: string; status: PostMortemStatus } | null
  version: number
  createdAt: string
  doneAt: string | null
}

export type PostMortemPage = {
  facts: PostMortemFacts
  /** The incident's whole timeline (oldest first), to choose the curated entries from. */
  timeline: TimelineEntryDto[]
  postMortem: PostMortemView | null
  actionItems: ActionItemView[]
  /** Whether the severity policy requires a post-mortem for this incident. */
  required: boolean
  /** When it is (or would be) due; null when optional. */
  dueAt: string | null
  /** Why a post-mortem cannot be started yet; null when it can. */
  cannotStart: string | null
}

export type ActionItemPage = {
  items: ActionItemView[]
  nextCursor: string | null
  total: number
}

export type PostMortemChange = { postMortemId: string; version: number; status: PostMortemStatus; savedAt: string }

export type StartPostMortemResult = { postMortemId: string; created: boolean }

export type ActionItemChange = { id: string; version: number }
