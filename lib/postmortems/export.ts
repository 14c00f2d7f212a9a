// The post-mortem as one Markdown document, for the download. Pure and client-safe.
import { formatUtc } from '@/lib/incidents/clocks'
import type { TimelineEntryDto } from '@/lib/incidents/dto'
import { formatMinutes } from '@/lib/incidents/policy'
import { timelineKindLabels } from '@/lib/incidents/timeline'
import { actionItemStatusLabels, postMortemStatusLabels, type ActionItemView, type PostMortemFacts, type PostMortemView } from './dto'
import { sectionGuides, sectionKeys } from './sections'

/** Text for a table cell: one line, pipes escaped. */
const cell = (text: string | null | undefined) => (text ?? '').replace(/\r?\n/g, ' ').replace(/\|/g, '\\|').trim() || '—'
const when = (iso: string | null) => (iso ? formatUtc(iso) : '—')
const took = (minutes: number | null) => (minutes == null ? '—' : formatMinutes(minutes))

export function exportFileName(facts: Pick<PostMortemFacts, 'incident'>) {
  return `${facts.incident.ref}-post-mortem.md`
}

export function postMortemMarkdown(
  facts: PostMortemFacts,
  postMortem: PostMortemView,
  timeline: readonly TimelineEntryDto[],
  actionItems: readonly ActionItemView[],
  exportedAt: Date = new Date(),
): string {
  const f = facts
  const out: string[] = []
  out.push(`# Post-mortem: ${f.incident.ref} ${f.incident.title}`, '')
  out.push(
    `Status: **${postMortemStatusLabels[postMortem.status]}**` +
      (postMortem.publishedAt ? ` (published ${formatUtc(postMortem.publishedAt)}${postMortem.publishedBy ? ` by ${postMortem.publishedBy.name}` : ''})` : '') +
      (postMortem.dueAt && postMortem.status !== 'PUBLISHED' ? ` · due ${formatUtc(postMortem.dueAt)}` : ''),
    '',
  )

  out.push('## Facts', '')
  out.push('| | |', '| --- | --- |')
  out.push(`| Severity | ${f.incident.severity} |`)
  out.push(`| Declared | ${when(f.times.declaredAt)} |`)
  out.push(`| Acknowledged | ${when(f.times.acknowledgedAt)} (${took(f.durations.toAcknowledge)}) |`)
  out.push(`| Mitigated | ${when(f.times.mitigatedAt)} (${took(f.durations.toMitigate)}) |`)
  out.push(`| Resolved | ${when(f.times.resolvedAt)} (${took(f.durations.toResolve)}) |`)
  if (f.incident.reopenCount) out.push(`| Reopened | ${f.incident.reopenCount} time(s), last ${when(f.times.reopenedAt)} |`)
  out.push(`| Services | ${cell(f.services.map((s) => `${s.name} (${s.environment.toLowerCase()}, ${s.cluster})`).join(', '))} |`)
  out.push(`| Responders | ${cell(f.responders.map((r) => `${r.name} (${r.roles.join(', ')})`).join('; '))} |`)
  out.push('')

  for (const key of sectionKeys) {
    out.push(`## ${sectionGuides[key].title}`, '')
    out.push(postMortem.sections[key].trim() || '_Not written._', '')
  }

  const included = new Set(postMortem.includedEntryIds)
  const curated = timeline.filter((e) => included.has(e.id))
  out.push('## Timeline (UTC)', '')
  if (curated.length) {
    out.push('| Time | What | Who | |', '| --- | --- | --- | --- |')
    for (const e of curated) out.push(`| ${formatUtc(e.at)} | ${timelineKindLabels[e.kind] ?? e.kind} | ${cell(e.actor?.name ?? 'system')} | ${cell(e.text)} |`)
  } else {
    out.push('_No entries chosen._')
  }
  out.push('')

  if (f.remediations.length) {
    out.push('## Remediation actions', '', '| Requested | Action | Service | Outcome | By |', '| --- | --- | --- | --- | --- |')
    for (const r of f.remediations) {
      out.push(
        `| ${formatUtc(r.at)} | ${cell(r.preview)} | ${cell(r.service)} | ${r.status === 'NOTED' ? 'noted on the timeline' : cell(r.status.toLowerCase())}${r.error ? `: ${cell(r.error)}` : ''} | ${cell(r.requester)}${r.approver ? `, approved by ${cell(r.approver)}` : ''} |`,
      )
    }
    out.push('')
  }
  if (f.runbooks.length) {
    out.push('## Runbooks used', '')
    for (const r of f.runbooks)
      out.push(`- ${r.title}: ${r.done} step(s) done, ${r.skipped} skipped${r.total != null ? ` of ${r.total}` : ''} (started ${formatUtc(r.startedAt)})`)
    out.push('')
  }
  if (f.statusUpdates.length) {
    out.push('## Status updates sent', '')
    for (const u of f.statusUpdates) out.push(`- ${formatUtc(u.at)} (${u.kind}${u.author ? `, ${u.author}` : ''}): ${u.text.replace(/\r?\n/g, ' ')}`)
    out.push('')
  }
  if (f.alerts.length) {
    out.push('## Alerts', '')
    for (const a of f.alerts)
      out.push(`- ${formatUtc(a.firstSeenAt)}: ${a.title} (${a.source}${a.count > 1 ? `, ${a.count} times` : ''}): ${a.reason.replace(/\r?\n/g, ' ')}`)
    out.push('')
  }
  if (f.snapshots.length) {
    out.push('## Evidence', '')
    for (const s of f.snapshots) {
      out.push(`- ${formatUtc(s.at)}: ${s.label}${s.summary && s.label === 'Diagnostic' ? ` (${s.summary})` : ''}`)
      for (const svc of s.services) out.push(`  - ${svc.name}${svc.cluster ? ` (${svc.cluster})` : ''}: ${svc.status}${svc.reason ? `, ${svc.reason}` : ''}`)
    }
    out.push('')
  }

  out.push('## Action items', '')
  if (actionItems.length) {
    out.push('| Action | Owner | Due | Status |', '| --- | --- | --- | --- |')
    for (const a of actionItems)
      out.push(`| ${cell(a.title)} | ${cell(a.owner?.name ?? 'unassigned')} | ${a.dueAt ? a.dueAt.slice(0, 10) : '—'} | ${actionItemStatusLabels[a.status]} |`)
  } else {
    out.push('_None._')
  }
  out.push('', `_Exported ${formatUtc(exportedAt)} from Incident Command._`, '')
  return out.join('\n')
}
