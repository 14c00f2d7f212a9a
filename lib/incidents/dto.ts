// What the incidents domain hands to the UI and to route handlers: plain,
// serialisable shapes (dates as ISO strings), never Prisma rows. Client-safe.
import type { Environment } from '@/lib/services/dto'
import type { IncidentClocks, SlaSummary } from './clocks'
import type { Severity } from './policy'
import type { StatusUpdateKind } from './status-update'
import type { TimelineKind } from './timeline'
import type { IncidentStatus } from './transitions'

export type UserRef = { id: string; name: string }

export type SeverityPolicyRow = {
  severity: Severity
  description: string
  /** null: by the end of the next business day (Monday to Friday, UTC). */
  ackWithinMinutes: number | null
  /** null: no resolution target. */
  resolveWithinMinutes: number | null
  /** null: no regular cadence (see updatesAtStartAndEnd). */
  updateEveryMinutes: number | null
  updatesAtStartAndEnd: boolean
  /** Open this long without resolution prompts escalation; null: only the no-progress rule. */
  escalateAfterMinutes: number | null
  postmortemRequired: boolean
  version: number
}

export type IncidentServiceRef = {
  id: string
  name: string
  environment: Environment
  region: string
  cluster: string
  ecsServiceName: string
}

/** The fields the clocks read; both list rows and the detail carry them. */
export type IncidentClockFields = {
  severity: Severity
  status: IncidentStatus
  declaredAt: string
  acknowledgedAt: string | null
  resolvedAt: string | null
  reopenedAt: string | null
  lastUpdatePostedAt: string | null
  lastProgressAt: string
}

export type IncidentSummary = IncidentClockFields & {
  id: string
  number: number
  /** INC-<number> */
  ref: string
  title: string
  commander: UserRef | null
  services: Pick<IncidentServiceRef, 'id' | 'name' | 'environment'>[]
  /** Minutes from declaration to resolution, or to `asOf` while open. */
  ageMinutes: number
  sla: SlaSummary
  version: number
}

export type IncidentPage = {
  items: IncidentSummary[]
  /** Pass back to get the next page; null on the last page. */
  nextCursor: string | null
  /** How many incidents match the filter, across all pages. */
  total: number
  /** The time the ages and SLA states were computed at. */
  asOf: string
}

export type IncidentDetail = IncidentClockFields & {
  id: string
  number: number
  ref: string
  title: string
  impact: string
  mitigatedAt: string | null
  resolutionSummary: string | null
  reopenCount: number
  commander: UserRef | null
  commsLead: UserRef | null
  opsLead: UserRef | null
  declaredBy: UserRef | null
  /** With ids, so the UI can attach live health to each. */
  services: IncidentServiceRef[]
  policy: SeverityPolicyRow
  clocks: IncidentClocks
  asOf: string
  version: number
}

export type TimelineEntryDto = {
  id: number
  kind: TimelineKind
  at: string
  actor: UserRef | null
  text: string
  /** Structured facts of the entry (from/to, reason, snapshot...); shape depends on the kind. */
  data: unknown
}

export type TimelinePage = {
  /** Oldest first. */
  entries: TimelineEntryDto[]
  /** The id to poll after next time (the newest id seen); null when the timeline is empty. */
  cursor: number | null
  /** More entries exist beyond this page in the direction asked for. */
  hasMore: boolean
}

/** The result of a change to an incident: its new version and the timeline entry written. */
export type IncidentChange = { incidentId: string; version: number; entryId: number }

export type DeclareResult = {
  id: string
  number: number
  ref: string
  version: number
  /** False when the idempotency key had already declared this incident. */
  created: boolean
}

export type StatusUpdateDraft = {
  kind: StatusUpdateKind
  /** A one-line heading (Teams card title, message preview). */
  title: string
  /** The message, ready to edit and post. */
  text: string
  /** When the next update will be due if this one is posted now; null when none is planned. */
  nextUpdateAt: string | null
}

export const webhookFormats = ['slack', 'teams'] as const
export type WebhookFormat = (typeof webhookFormats)[number]

export type DeliveryOutcome = {
  webhookId: string
  name: string
  format: WebhookFormat
  ok: boolean
  /** Why it failed, in a sentence (never the URL). */
  error?: string
  httpStatus?: number
}

export type StatusUpdateResult = IncidentChange & { deliveries: DeliveryOutcome[] }

/** A webhook as an admin sees it: the URL is a secret, so only its host and last characters. */
export type WebhookView = { id: string; name: string; format: WebhookFormat; enabled: boolean; urlPreview: string }

export type WebhookSettings = { version: number; webhooks: WebhookView[] }

export type AssignableUser = UserRef & { email: string; role: 'RESPONDER' | 'COMMANDER' | 'ADMIN' }

/** An open incident as a service row shows it: enough to recognise it and follow the link. */
export type OpenIncidentRef = {
  id: string
  ref: string
  title: string
  severity: Severity
  declaredAt: string
  /** The services it names, by id (for the board) and name (for the declare warning). */
  services: { id: string; name: string; cluster: string }[]
}
