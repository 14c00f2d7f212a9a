// Facts for a post-mortem, gathered from the incident so nobody retypes them, and
// the first draft of the sections built from them. Pure and client-safe: queries.ts
// feeds it rows, tests feed it fixtures.
import { acknowledgeDueAt, formatUtc } from '@/lib/incidents/clocks'
import type { SeverityPolicyRow, TimelineEntryDto, UserRef } from '@/lib/incidents/dto'
import { formatMinutes } from '@/lib/incidents/policy'
import type { TimelineKind } from '@/lib/incidents/timeline'
import type { PostMortemFacts } from './dto'
import { emptySections, placeholder, type Sections } from './sections'

const MINUTE = 60_000

export type FactsIncident = Omit<PostMortemFacts['incident'], 'ref'> & {
  number: number
  declaredAt: Date
  acknowledgedAt: Date | null
  mitigatedAt: Date | null
  resolvedAt: Date | null
  reopenedAt: Date | null
  commander: UserRef | null
  commsLead: UserRef | null
  opsLead: UserRef | null
  declaredBy: UserRef | null
  services: PostMortemFacts['services']
}

export type FactsRemediation = {
  id: string
  createdAt: Date
  kind: string
  preview: string
  status: string
  service: { name: string; cluster: string }
  requester: UserRef
  approver: UserRef | null
  error: string | null
  finishedAt: Date | null
}

export type FactsAlert = { source: string; title: string; reason: string; firstSeenAt: Date; count: number }

export type FactsRunbookRun = { runbookId: string; title: string; startedAt: Date; done: number; skipped: number; total: number | null }

const minutesBetween = (from: Date, to: Date | null) => (to ? Math.max(0, Math.floor((to.getTime() - from.getTime()) / MINUTE)) : null)

type SnapshotService = { name?: unknown; cluster?: unknown; status?: unknown; reason?: unknown }

function snapshotServices(value: unknown): PostMortemFacts['snapshots'][number]['services'] {
  const services = (value as { services?: unknown } | null)?.services
  if (!Array.isArray(services)) return []
  return services
    .filter((s): s is SnapshotService => typeof s === 'object' && s !== null && typeof (s as SnapshotService).name === 'string')
    .map((s) => ({
      name: String(s.name),
      cluster: typeof s.cluster === 'string' ? s.cluster : null,
      status: typeof s.status === 'string' ? s.status : 'unknown',
      reason: typeof s.reason === 'string' ? s.reason : null,
    }))
}

const DECLARED_SNAPSHOT = 'Health of the affected services when the incident was declared'

/** Evidence attached to the timeline: declare-time health snapshots and diagnostics. */
export function snapshotsOf(timeline: readonly TimelineEntryDto[]): PostMortemFacts['snapshots'] {
  const out: PostMortemFacts['snapshots'] = []
  for (const e of timeline) {
    const data = (e.data ?? {}) as { snapshot?: unknown; result?: unknown }
    if (data.snapshot && typeof data.snapshot === 'object') {
      const services = snapshotServices(data.snapshot)
      const error = (data.snapshot as { error?: unknown }).error
      out.push({
        entryId: e.id,
        at: (data.snapshot as { takenAt?: string }).takenAt ?? e.at,
        label: e.kind === 'declared' ? DECLARED_SNAPSHOT : `Health snapshot (${e.text})`,
        services,
        summary: typeof error === 'string' ? error : null,
      })
    } else if (e.kind === 'diagnostic') {
      out.push({ entryId: e.id, at: e.at, label: 'Diagnostic', services: snapshotServices(data.result), summary: e.text })
    }
  }
  return out
}

export function buildFacts(
  incident: FactsIncident,
  policy: Pick<SeverityPolicyRow, 'ackWithinMinutes' | 'resolveWithinMinutes'>,
  timeline: readonly TimelineEntryDto[],
  remediations: readonly FactsRemediation[],
  runbooks: readonly FactsRunbookRun[],
  alerts: readonly FactsAlert[] = [],
): PostMortemFacts {
  const declared = incident.declaredAt
  const acknowledged = incident.acknowledgedAt ?? (incident.status === 'RESOLVED' ? incident.resolvedAt : null)
  const resolved = incident.status === 'RESOLVED' ? incident.resolvedAt : null
  const ackDue = acknowledgeDueAt(declared, policy)
  const resolveDue = policy.resolveWithinMinutes == null ? null : new Date(declared.getTime() + policy.resolveWithinMinutes * MINUTE)

  const responders = new Map<string, { id: string; name: string; roles: string[] }>()
  const add = (user: UserRef | null, role: string) => {
    if (!user) return
    const r = responders.get(user.id) ?? { id: user.id, name: user.name, roles: [] }
    if (!r.roles.includes(role)) r.roles.push(role)
    responders.set(user.id, r)
  }
  add(incident.commander, 'incident commander')
  add(incident.commsLead, 'communications lead')
  add(incident.opsLead, 'operations lead')
  add(incident.declaredBy, 'declared it')
  for (const r of remediations) {
    add(r.requester, 'ran remediation')
    add(r.approver, 'approved remediation')
  }
  for (const e of timeline) {
    if (e.kind === 'role_assigned') {
      const to = (e.data as { to?: UserRef | null; role?: string } | null)?.to
      const role = (e.data as { role?: string } | null)?.role
      if (to?.id && to.name) add(to, role === 'commander' ? 'incident commander' : role === 'comms_lead' ? 'communications lead' : 'operations lead')
    }
    if (e.actor && !isPostMortemEntry(e)) add(e.actor, 'on the timeline')
  }
  // Anyone with a named role needs no "on the timeline" mention beside it.
  for (const r of responders.values()) if (r.roles.length > 1) r.roles = r.roles.filter((x) => x !== 'on the timeline')

  return {
    incident: {
      id: incident.id,
      ref: `INC-${incident.number}`,
      title: incident.title,
      severity: incident.severity,
      status: incident.status,
      impact: incident.impact,
      resolutionSummary: incident.resolutionSummary,
      reopenCount: incident.reopenCount,
    },
    times: {
      declaredAt: declared.toISOString(),
      acknowledgedAt: acknowledged?.toISOString() ?? null,
      mitigatedAt: incident.mitigatedAt?.toISOString() ?? null,
      resolvedAt: resolved?.toISOString() ?? null,
      reopenedAt: incident.reopenedAt?.toISOString() ?? null,
    },
    durations: {
      toAcknowledge: minutesBetween(declared, acknowledged),
      toMitigate: minutesBetween(declared, incident.mitigatedAt),
      toResolve: minutesBetween(declared, resolved),
    },
    targets: {
      ackWithinMinutes: policy.ackWithinMinutes,
      resolveWithinMinutes: policy.resolveWithinMinutes,
      ackMet: acknowledged ? acknowledged.getTime() <= ackDue.getTime() : null,
      resolveMet: resolveDue && resolved ? resolved.getTime() <= resolveDue.getTime() : null,
    },
    services: incident.services,
    responders: [...responders.values()],
    remediations: [
      ...remediations.map((r) => ({
        id: r.id,
        at: r.createdAt.toISOString(),
        kind: r.kind,
        preview: r.preview,
        status: r.status,
        service: `${r.service.name} (${r.service.cluster})`,
        requester: r.requester.name,
        approver: r.approver?.name ?? null,
        error: r.error,
        finishedAt: r.finishedAt?.toISOString() ?? null,
      })),
      // Remediation written on the timeline without a console request (done by hand, or imported).
      ...timeline
        .filter((e) => e.kind === 'remediation' && !(e.data && typeof e.data === 'object' && 'remediationId' in e.data))
        .map((e) => ({
          id: `entry-${e.id}`,
          at: e.at,
          kind: 'NOTED',
          preview: e.text,
          status: 'NOTED',
          service: '',
          requester: e.actor?.name ?? 'someone',
          approver: null,
          error: null,
          finishedAt: null,
        })),
    ].sort((a, b) => a.at.localeCompare(b.at)),
    runbooks: runbooks.map((r) => ({ ...r, startedAt: r.startedAt.toISOString() })),
    statusUpdates: timeline
      .filter((e) => e.kind === 'update_posted')
      .map((e) => ({
        entryId: e.id,
        at: e.at,
        kind: String((e.data as { kind?: string } | null)?.kind ?? 'update'),
        text: e.text,
        author: e.actor?.name ?? null,
      })),
    alerts: [...alerts]
      .sort((a, b) => a.firstSeenAt.getTime() - b.firstSeenAt.getTime())
      .map((a) => ({ source: a.source, title: a.title, reason: a.reason, firstSeenAt: a.firstSeenAt.toISOString(), count: a.count })),
    snapshots: snapshotsOf(timeline),
  }
}

/** Who responded and with what: roles, runbooks, status updates and diagnostics, as the timeline recorded them. */
function responseLines(f: PostMortemFacts): string[] {
  const lines: string[] = []
  const declared = new Date(f.times.declaredAt).getTime()
  const after = (at: string) => formatMinutes(Math.max(0, Math.round((new Date(at).getTime() - declared) / MINUTE)))
  const people = f.responders.filter((r) => !(r.roles.length === 1 && r.roles[0] === 'on the timeline'))
  if (people.length) lines.push(`Roles: ${people.map((r) => `${r.name} (${r.roles.join(', ')})`).join('; ')}`)
  const others = f.responders.length - people.length
  if (others > 0) lines.push(`${others} more ${others === 1 ? 'person' : 'people'} wrote on the timeline`)
  for (const r of f.runbooks)
    lines.push(
      `Runbook “${r.title}” started ${after(r.startedAt)} after the declaration: ${r.done} step${r.done === 1 ? '' : 's'} done, ${r.skipped} skipped${r.total != null ? ` of ${r.total}` : ''}`,
    )
  if (f.statusUpdates.length) {
    const first = f.statusUpdates[0]
    lines.push(`Status updates: ${f.statusUpdates.length}, the first ${after(first.at)} after the declaration`)
  } else lines.push('Status updates: none were posted')
  const diagnostics = f.snapshots.filter((s) => s.label === 'Diagnostic').length
  if (diagnostics) lines.push(`Diagnostics attached to the timeline: ${diagnostics}`)
  if (f.remediations.length) {
    const by = new Map<string, number>()
    for (const r of f.remediations) by.set(r.status.toLowerCase().replace('_', ' '), (by.get(r.status.toLowerCase().replace('_', ' ')) ?? 0) + 1)
    lines.push(`Remediation: ${f.remediations.length} (${[...by].map(([k, n]) => `${n} ${k}`).join(', ')})`)
  }
  return lines
}

const alertSources: Record<string, string> = {
  sns: 'CloudWatch through SNS',
  eventbridge: 'EventBridge',
  alertmanager: 'Alertmanager',
  webhook: 'webhook',
}

/** How the problem came to light: the first alert and what the board read at the declaration; a placeholder only when neither is known. */
function detectionLines(f: PostMortemFacts): string[] {
  const lines: string[] = []
  const first = f.alerts[0]
  if (first) {
    const lead = Math.round((new Date(f.times.declaredAt).getTime() - new Date(first.firstSeenAt).getTime()) / MINUTE)
    const when = lead === 0 ? 'when the incident was declared' : `${formatMinutes(lead)} ${lead > 0 ? 'before' : 'after'} the declaration`
    lines.push(`First alert: ${first.title} (${alertSources[first.source] ?? first.source}) at ${formatUtc(first.firstSeenAt)}, ${when}: ${first.reason}`)
    const notifications = f.alerts.reduce((n, a) => n + a.count, 0)
    if (f.alerts.length > 1 || notifications > 1) lines.push(`Alerts on this incident: ${f.alerts.length}, from ${notifications} notifications`)
  }
  const declared = f.snapshots.find((s) => s.label === DECLARED_SNAPSHOT)
  const unwell = declared?.services.filter((s) => s.status !== 'healthy') ?? []
  for (const s of unwell)
    lines.push(`When declared, the board read ${s.name}${s.cluster ? ` (${s.cluster})` : ''} as ${s.status}${s.reason ? `: ${s.reason}` : ''}`)
  if (!first && unwell.length === 0) lines.push(`How the problem was first noticed, and when it really started: ${placeholder()}`)
  return lines
}

/** Entries the post-mortem itself wrote (started, published...); never part of the curated timeline. */
export function isPostMortemEntry(entry: Pick<TimelineEntryDto, 'data'>) {
  return typeof entry.data === 'object' && entry.data !== null && 'postMortem' in entry.data
}

/** The kinds chosen for the curated timeline when a post-mortem starts; the author adds or removes entries after. */
export const defaultIncludedKinds: readonly TimelineKind[] = [
  'declared',
  'acknowledged',
  'severity_changed',
  'status_changed',
  'note',
  'update_posted',
  'reopened',
  'resolved',
  'diagnostic',
  'remediation',
]

export function defaultIncludedEntryIds(timeline: readonly TimelineEntryDto[]): number[] {
  return timeline.filter((e) => defaultIncludedKinds.includes(e.kind) && !isPostMortemEntry(e)).map((e) => e.id)
}

const bullet = (lines: (string | null | false)[]) =>
  lines
    .filter(Boolean)
    .map((l) => `- ${l}`)
    .join('\n')

/** The first draft of the sections, written from the facts; the author rewrites it in their own words. */
export function prefillSections(facts: PostMortemFacts): Sections {
  const f = facts
  const t = f.times
  const d = f.durations
  const services = f.services.map((s) => `${s.name} (${s.environment.toLowerCase()}, ${s.cluster})`).join(', ')
  const sections = emptySections()
  sections.summary = [
    `${f.incident.title}.`,
    `${f.incident.ref} was declared ${f.incident.severity} at ${formatUtc(t.declaredAt)}${t.resolvedAt ? ` and resolved at ${formatUtc(t.resolvedAt)}, ${formatMinutes(d.toResolve ?? 0)} later` : ''}.`,
    f.incident.resolutionSummary ? `Fixed by: ${f.incident.resolutionSummary}` : '',
  ]
    .filter(Boolean)
    .join(' ')
  sections.impact = bullet([
    `Who was affected: ${f.incident.impact}`,
    `Duration: ${d.toResolve != null ? formatMinutes(d.toResolve) : 'still open'} (declared ${formatUtc(t.declaredAt)}${t.resolvedAt ? `, resolved ${formatUtc(t.resolvedAt)}` : ''})`,
    services ? `Services: ${services}` : null,
    `Business impact: ${placeholder('orders, revenue, customers or commitments affected')}`,
  ])
  sections.detection = bullet([
    `Declared at ${formatUtc(t.declaredAt)}${f.responders.find((r) => r.roles.includes('declared it')) ? ` by ${f.responders.find((r) => r.roles.includes('declared it'))!.name}` : ''}`,
    d.toAcknowledge != null
      ? `Acknowledged ${formatMinutes(d.toAcknowledge)} after the declaration${f.targets.ackMet === false ? ' (later than the target)' : ''}`
      : null,
    ...detectionLines(f),
  ])
  sections.response = bullet(responseLines(f))
  const actions = f.remediations.map((r) =>
    r.status === 'NOTED' ? r.preview : `${r.preview}: ${r.status.toLowerCase().replace('_', ' ')}${r.error ? ` (${r.error})` : ''}`,
  )
  sections.resolution = [
    f.incident.resolutionSummary ?? '',
    actions.length ? `\nActions taken:\n${bullet(actions)}` : '',
    d.toMitigate != null && d.toMitigate !== d.toResolve ? `\nMitigated ${formatMinutes(d.toMitigate)} after the declaration.` : '',
  ]
    .filter(Boolean)
    .join('\n')
    .trim()
  return sections
}
