// Status update drafts (the first notice, the regular update, the resolution notice)
// built from an incident's current state, and the payloads that carry a message to
// Slack and Microsoft Teams incoming webhooks. Pure and client-safe: the composer
// shows the draft, the user edits it, the server posts the edited text.
import { formatUtc, type ClockPolicy } from './clocks'
import type { StatusUpdateDraft } from './dto'
import { formatMinutes, updateCadence, type Severity } from './policy'
import { statusLabels, statusMeanings, type IncidentStatus } from './transitions'

export const statusUpdateKinds = ['initial', 'update', 'resolution'] as const
export type StatusUpdateKind = (typeof statusUpdateKinds)[number]

export const statusUpdateKindLabels: Record<StatusUpdateKind, string> = {
  initial: 'First notice',
  update: 'Progress update',
  resolution: 'Resolution notice',
}

type DateLike = string | Date

/** What a draft is built from: the incident as it stands and its latest progress notes. */
export type StatusUpdateSource = {
  ref: string
  title: string
  severity: Severity
  status: IncidentStatus
  impact: string
  declaredAt: DateLike
  resolvedAt: DateLike | null
  reopenedAt: DateLike | null
  lastUpdatePostedAt: DateLike | null
  resolutionSummary: string | null
  services: { name: string; environment: string }[]
  commander: { name: string } | null
  /** Notes since the last update, oldest first. */
  progressNotes: string[]
}

const severityMarks: Record<Severity, string> = { SEV1: '🔴', SEV2: '🟠', SEV3: '🟡', SEV4: '⚪' }

const toDate = (d: DateLike) => (d instanceof Date ? d : new Date(d))

/** The one-line heading of a posted update (the Teams card title, the message preview). */
export function statusUpdateTitle(kind: StatusUpdateKind, incident: { ref: string; title: string; reopenedAt?: DateLike | null }) {
  if (kind === 'initial') return `${incident.ref} ${incident.reopenedAt ? 'reopened' : 'declared'}: ${incident.title}`
  if (kind === 'update') return `${incident.ref} update: ${incident.title}`
  return `${incident.ref} resolved: ${incident.title}`
}

/** The kind of update the situation calls for: a resolution notice, a first notice for a new period, or a progress update. */
export function suggestedDraftKind(incident: Pick<StatusUpdateSource, 'status' | 'declaredAt' | 'reopenedAt' | 'lastUpdatePostedAt'>): StatusUpdateKind {
  if (incident.status === 'RESOLVED') return 'resolution'
  const start = toDate(incident.reopenedAt ?? incident.declaredAt).getTime()
  const last = incident.lastUpdatePostedAt ? toDate(incident.lastUpdatePostedAt).getTime() : null
  return last != null && last >= start ? 'update' : 'initial'
}

function servicesLine(services: StatusUpdateSource['services']) {
  if (!services.length) return null
  const names = services.map((s) => `${s.name} (${s.environment.toLowerCase()})`)
  return `Services affected: ${names.join(', ')}`
}

/** "at 10:45 UTC", with the date when it is not today's (UTC) date. */
function when(date: Date, now: Date) {
  const sameDay = date.toISOString().slice(0, 10) === now.toISOString().slice(0, 10)
  return formatUtc(date, { withDate: !sameDay })
}

function nextUpdate(kind: StatusUpdateKind, policy: ClockPolicy, now: Date): { at: Date | null; line: string } {
  if (kind === 'resolution') return { at: null, line: '' }
  const cadence = updateCadence(policy)
  if (cadence.mode === 'periodic') {
    const at = new Date(now.getTime() + cadence.everyMinutes * 60_000)
    return { at, line: `Next update by ${when(at, now)}, sooner if anything changes.` }
  }
  if (cadence.mode === 'start_and_end') return { at: null, line: 'We will post again once it is resolved.' }
  return { at: null, line: 'No further updates are planned unless the situation changes.' }
}

function lines(...parts: (string | null | false | undefined)[]) {
  return parts.filter((p): p is string => typeof p === 'string' && p.length > 0).join('\n')
}

/**
 * A draft of the given kind, in our own words, with times in UTC. `policy` is the
 * incident's severity row: it sets when the next update is promised.
 */
export function buildStatusUpdateDraft(
  kind: StatusUpdateKind,
  source: StatusUpdateSource,
  policy: ClockPolicy & { postmortemRequired: boolean },
  now: Date = new Date(),
): StatusUpdateDraft {
  const mark = severityMarks[source.severity]
  const started = toDate(source.reopenedAt ?? source.declaredAt)
  const next = nextUpdate(kind, policy, now)
  const status = `Status: ${statusLabels[source.status]} (${statusMeanings[source.status].replace(/\.$/, '').toLowerCase()})`

  if (kind === 'initial') {
    const title = statusUpdateTitle(kind, source)
    const text = lines(
      `${mark} ${source.severity} incident ${source.ref}: ${source.title}`,
      source.reopenedAt ? 'The problem came back after it was resolved, so the incident is open again.' : null,
      status,
      `Started: ${formatUtc(started)}`,
      `Impact: ${source.impact}`,
      servicesLine(source.services),
      source.commander ? `Incident commander: ${source.commander.name}` : null,
      next.line,
    )
    return { kind, title, text, nextUpdateAt: next.at?.toISOString() ?? null }
  }

  if (kind === 'update') {
    const open = Math.max(0, Math.floor((now.getTime() - started.getTime()) / 60_000))
    const progress = source.progressNotes.length
      ? source.progressNotes.map((n) => `• ${n.replace(/\s+/g, ' ').trim()}`)
      : ['• No new findings since the last update; work continues.']
    const text = lines(
      `${mark} Update on ${source.ref} (${source.severity}): ${source.title}`,
      status,
      `As of: ${formatUtc(now)}, ${formatMinutes(open)} after it started`,
      `Impact: ${source.impact}`,
      'Progress:',
      ...progress,
      next.line,
    )
    return { kind, title: statusUpdateTitle(kind, source), text, nextUpdateAt: next.at?.toISOString() ?? null }
  }

  const resolved = source.resolvedAt ? toDate(source.resolvedAt) : now
  const duration = Math.max(0, Math.floor((resolved.getTime() - started.getTime()) / 60_000))
  const text = lines(
    `✅ Resolved: ${source.ref} (${source.severity}) ${source.title}`,
    `Started: ${formatUtc(started)}`,
    `Resolved: ${formatUtc(resolved)} (after ${formatMinutes(duration)})`,
    `What fixed it: ${source.resolutionSummary?.trim() || '(describe the fix)'}`,
    `Impact: ${source.impact}`,
    servicesLine(source.services),
    policy.postmortemRequired ? 'A post-mortem will follow with the causes and the follow-up work.' : null,
    'Thanks for bearing with us.',
  )
  return { kind, title: statusUpdateTitle(kind, source), text, nextUpdateAt: null }
}

export type OutgoingMessage = { title: string; text: string; severity: Severity; resolved: boolean }

/** Slack incoming webhook body: plain text, with the three characters Slack reserves escaped. */
export function slackPayload(message: Pick<OutgoingMessage, 'text'>): { text: string } {
  return { text: message.text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;') }
}

export type TeamsMessageCard = {
  '@type': 'MessageCard'
  '@context': 'https://schema.org/extensions'
  summary: string
  themeColor: string
  title: string
  text: string
}

const teamsColours: Record<Severity, string> = { SEV1: 'D13438', SEV2: 'F7630C', SEV3: 'FFB900', SEV4: '8A8886' }

/**
 * Microsoft Teams incoming webhook body: a MessageCard, whose `text` field also makes
 * it readable by receivers that only look for `text`. Teams' Markdown needs a blank
 * line to break a line.
 */
export function teamsPayload(message: OutgoingMessage): TeamsMessageCard {
  return {
    '@type': 'MessageCard',
    '@context': 'https://schema.org/extensions',
    summary: message.title,
    themeColor: message.resolved ? '107C10' : teamsColours[message.severity],
    title: message.title,
    text: message.text.split('\n').join('\n\n'),
  }
}

export function webhookPayload(format: 'slack' | 'teams', message: OutgoingMessage) {
  return format === 'slack' ? slackPayload(message) : teamsPayload(message)
}
