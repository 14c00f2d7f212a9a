// What the dashboard hands to its page and its route handler. Client-safe.
import type { SlaSummary } from '@/lib/incidents/clocks'
import type { UserRef } from '@/lib/incidents/dto'
import type { Severity } from '@/lib/incidents/policy'
import type { IncidentStatus } from '@/lib/incidents/transitions'
import type { SeverityStats } from './metrics'
import type { Bucket, DashboardRange } from './range'

export const ageBands = [
  { label: '< 1 h', maxMinutes: 60 },
  { label: '1–4 h', maxMinutes: 240 },
  { label: '4–24 h', maxMinutes: 1440 },
  { label: '> 1 day', maxMinutes: Infinity },
] as const

export type OpenIncident = {
  id: string
  ref: string
  title: string
  severity: Severity
  status: IncidentStatus
  declaredAt: string
  ageMinutes: number
  commander: UserRef | null
  services: string[]
  sla: SlaSummary
  /** The clocks past due now ("Acknowledgement", "Status update", "Resolution"), and an escalation prompt. */
  overdueClocks: string[]
  escalate: boolean
}

export type NowSection = {
  /** The open incidents, worst SLA first, then oldest (at most OPEN_LIST_MAX). */
  incidents: OpenIncident[]
  total: number
  bySeverity: { severity: Severity; count: number; byAge: number[] }[]
  byCommander: { commander: UserRef | null; count: number }[]
  /** Open incidents with at least one clock overdue. */
  overdue: number
}

export type BucketStats = Bucket & {
  counts: Record<Severity, number>
  mtta: Record<Severity, number | null>
  mttr: Record<Severity, number | null>
}

export type ServiceCount = { id: string; name: string; environment: string; cluster: string; total: number; bySeverity: Record<Severity, number> }

/** A service's alerts against its incidents over the period: many firings per incident is noise. */
export type ServiceNoise = { id: string; name: string; environment: string; alerts: number; firings: number; incidents: number }

export type PostMortemCounts = {
  /** Required by the policy or started anyway. */
  expected: number
  required: number
  published: number
  inReview: number
  draft: number
  notStarted: number
  /** Required, but the incident is not resolved yet. */
  awaitingResolution: number
  /** Not published, due date still ahead. */
  due: number
  /** Not published, past the due date. */
  overdue: number
}

export type ActionItemOwnerCount = { owner: UserRef | null; open: number; overdue: number }

export type DashboardData = {
  range: DashboardRange
  /** When the period's figures are taken (its end, or now while it runs). */
  asOf: string
  generatedAt: string
  now: NowSection
  severities: SeverityStats[]
  previous: SeverityStats[]
  buckets: BucketStats[]
  services: ServiceCount[]
  /** The services with the most alert firings in the period, with their incidents. */
  noise: ServiceNoise[]
  /** MTTA counts from the first alert for `fromAlert` of the period's `incidents`, from declaration for the rest. */
  mttaBasis: { incidents: number; fromAlert: number }
  postMortems: PostMortemCounts
  actionItems: { open: number; overdue: number; owners: ActionItemOwnerCount[] }
  /** Milliseconds spent computing the figures on the server. */
  serverMs: number
}
