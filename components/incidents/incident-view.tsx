'use client'

import { useQuery, useQueryClient } from '@tanstack/react-query'
import Link from 'next/link'
import type { AssignableUser, IncidentDetail, TimelineEntryDto } from '@/lib/incidents/dto'
import { INCIDENT_POLL_MS, incidentDetailQuery, incidentKeys, timelineAfter } from '@/lib/incidents/query-keys'
import { fetchNewerEntries } from '@/components/live/apply-change'
import { useLivePoll } from '@/components/live/live-provider'
import { serverSeeded } from '@/components/live/server-seeded'
import { formatAge, IncidentStatusBadge, SeverityBadge } from './badges'
import { ClocksPanel } from './clocks-panel'
import { IncidentControls } from './incident-controls'
import { RemediationList } from '@/components/remediation/remediation-list'
import { IncidentRunbooksPanel } from '@/components/runbooks/incident-runbooks'
import { PeoplePanel } from './people-panel'
import { ServicesPanel } from './services-panel'
import { StatusUpdateComposer } from './status-update-composer'
import { Timeline } from './timeline'

/** New entries only: each poll asks for what came after the newest entry it holds (live events add entries to the same cache). */
function useLiveTimeline(incidentId: string, initial: TimelineEntryDto[]) {
  const client = useQueryClient()
  return useQuery({
    queryKey: incidentKeys.timeline(incidentId),
    queryFn: () => fetchNewerEntries(client, incidentId, initial, timelineAfter),
    // An entry written before this mounted is asked for once, on mount (what comes after the newest held).
    ...serverSeeded(initial),
    staleTime: 1_000,
    // Live events carry new entries themselves: while live, this poll is only a safety net.
    refetchInterval: useLivePoll(INCIDENT_POLL_MS, 5 * 60_000),
    refetchIntervalInBackground: false,
  }).data
}

type Props = {
  initial: IncidentDetail
  initialTimeline: TimelineEntryDto[]
  people: AssignableUser[]
  catalog: { id: string; label: string }[]
  canWrite: boolean
  canApprove: boolean
  userId: string
}

export function IncidentView({ initial, initialTimeline, people, catalog, canWrite, canApprove, userId }: Readonly<Props>) {
  const { data: incident = initial } = useQuery({
    ...incidentDetailQuery(initial.id),
    ...serverSeeded(initial),
    refetchInterval: useLivePoll(INCIDENT_POLL_MS),
    refetchIntervalInBackground: false,
  })
  const entries = useLiveTimeline(initial.id, initialTimeline)
  const escalation = incident.clocks.escalation

  return (
    <div className="space-y-5">
      <header className="rounded-xl border border-slate-200 bg-white p-5 shadow-sm">
        <div className="flex flex-wrap items-center gap-2">
          <SeverityBadge severity={incident.severity} long />
          <IncidentStatusBadge status={incident.status} />
          <span className="font-mono text-sm text-slate-500">{incident.ref}</span>
          {incident.status === 'RESOLVED' ? (
            <Link
              href={`/incidents/${incident.id}/postmortem`}
              className="rounded-md px-2 py-0.5 text-xs font-semibold text-brand-700 ring-1 ring-brand-100 hover:bg-brand-50"
            >
              Post-mortem →
            </Link>
          ) : null}
          <span className="ml-auto text-xs text-slate-500">
            declared {incident.declaredAt.replace('T', ' ').slice(0, 16)} UTC by {incident.declaredBy?.name ?? 'someone'} · open for{' '}
            {formatAge(incident.clocks.ageMinutes)}
            {incident.reopenCount ? ` · reopened ${incident.reopenCount}×` : ''}
          </span>
        </div>
        <h1 className="mt-2 text-2xl font-semibold tracking-tight">{incident.title}</h1>
        <p className="mt-1 text-sm text-slate-700">
          <span className="font-medium">Impact:</span> {incident.impact}
        </p>
        <p className="mt-1 text-sm text-slate-700">
          <span className="font-medium">Commander:</span> {incident.commander?.name ?? 'none'}
        </p>
        {incident.resolutionSummary ? (
          <p className="mt-2 rounded-md bg-green-50 px-3 py-2 text-sm text-green-900">
            <span className="font-medium">Resolution:</span> {incident.resolutionSummary}
          </p>
        ) : null}
        {canWrite ? (
          <div className="mt-4 border-t border-slate-100 pt-4">
            <IncidentControls incident={incident} />
          </div>
        ) : (
          <p className="mt-3 text-xs text-slate-500">You can follow this incident; your role does not change it.</p>
        )}
      </header>

      {escalation.escalate ? (
        <p role="alert" className="rounded-xl border-2 border-red-400 bg-red-50 px-4 py-3 text-sm font-medium text-red-900" data-testid="escalation">
          ⚠ {escalation.message}
        </p>
      ) : null}

      <div className="grid grid-cols-[minmax(0,1fr)] items-start gap-5 lg:grid-cols-[minmax(0,1fr)_24rem]">
        <div className="space-y-5">
          <ClocksPanel clocks={incident.clocks} />
          <IncidentRunbooksPanel incident={incident} canWrite={canWrite} />
          <Timeline incidentId={incident.id} entries={entries} canWrite={canWrite} />
        </div>
        <div className="space-y-5">
          <PeoplePanel incident={incident} people={people} canWrite={canWrite} />
          <ServicesPanel incident={incident} catalog={catalog} canWrite={canWrite} />
          <RemediationList
            query={`incidentId=${incident.id}`}
            canApprove={canApprove}
            userId={userId}
            title="Remediation"
            empty="No action taken yet. Open an affected service to fix it."
          />
          <StatusUpdateComposer incident={incident} canWrite={canWrite} />
        </div>
      </div>
    </div>
  )
}
