'use client'

import { useQuery } from '@tanstack/react-query'
import Link from 'next/link'
import { useState } from 'react'
import { startRunbookAction } from '@/app/(console)/incidents/[incidentId]/actions'
import type { IncidentDetail } from '@/lib/incidents/dto'
import { useLivePoll } from '@/components/live/live-provider'
import { getJson } from '@/lib/query-client'
import type { IncidentRunbooks } from '@/lib/runbooks/incident-runbooks'
import { RunCard, small, useRunbookAction } from './runbook-run'

export function IncidentRunbooksPanel({ incident, canWrite }: Readonly<{ incident: IncidentDetail; canWrite: boolean }>) {
  const [serviceId, setServiceId] = useState<string | null>(incident.services[0]?.id ?? null)
  const { data } = useQuery({
    queryKey: ['incidents', 'runbooks', incident.id, serviceId],
    queryFn: () => getJson<IncidentRunbooks>(`/api/incidents/${incident.id}/runbooks${serviceId ? `?serviceId=${serviceId}` : ''}`),
    refetchInterval: useLivePoll(10_000),
    refetchIntervalInBackground: false,
  })
  const { run, pending, error } = useRunbookAction(incident.id)
  const [other, setOther] = useState('')
  const started = new Set(data?.runs.map((r) => r.runbookId))

  return (
    <section aria-labelledby="runbooks-heading" className="rounded-xl border border-slate-200 bg-white shadow-sm">
      <div className="flex flex-wrap items-center justify-between gap-2 border-b border-slate-100 px-4 py-3">
        <h2 id="runbooks-heading" className="text-sm font-semibold">
          Runbooks
        </h2>
        {incident.services.length > 1 ? (
          <label className="text-xs text-slate-600">
            Commands and checks for{' '}
            <select value={serviceId ?? ''} onChange={(e) => setServiceId(e.target.value)} className="rounded border border-slate-300 px-1 py-0.5 text-xs">
              {incident.services.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name} ({s.cluster})
                </option>
              ))}
            </select>
          </label>
        ) : null}
      </div>
      <div className="space-y-3 p-4">
        {!data ? <p className="text-sm text-slate-500">Loading…</p> : null}
        {data && data.suggestions.filter((s) => !started.has(s.id)).length ? (
          <div>
            <p className="mb-1 text-xs font-semibold uppercase tracking-wide text-slate-500">Suggested for this incident</p>
            <ul className="space-y-1.5" data-testid="runbook-suggestions">
              {data.suggestions
                .filter((s) => !started.has(s.id))
                .map((s) => (
                  <li key={s.id} className="flex items-start justify-between gap-2 rounded-md border border-slate-100 p-2">
                    <div>
                      <Link href={`/runbooks/${s.id}`} className="text-sm font-medium hover:underline">
                        {s.title}
                      </Link>
                      {s.why.length ? <p className="text-xs text-slate-600">{s.why.join('; ')}</p> : null}
                    </div>
                    {canWrite ? (
                      <button
                        type="button"
                        disabled={pending}
                        onClick={() => run(() => startRunbookAction({ incidentId: incident.id, runbookId: s.id }))}
                        className={`${small} bg-slate-900 text-white ring-slate-900`}
                      >
                        Start<span className="sr-only"> {s.title}</span>
                      </button>
                    ) : null}
                  </li>
                ))}
            </ul>
          </div>
        ) : null}
        {canWrite && data ? (
          <div className="flex gap-2">
            <label htmlFor="other-runbook" className="sr-only">
              Start another runbook
            </label>
            <select
              id="other-runbook"
              value={other}
              onChange={(e) => setOther(e.target.value)}
              className="min-w-0 flex-1 rounded-md border border-slate-300 px-2 py-1 text-sm"
            >
              <option value="">Start another runbook…</option>
              {data.catalog
                .filter((r) => !started.has(r.id))
                .map((r) => (
                  <option key={r.id} value={r.id}>
                    {r.title}
                  </option>
                ))}
            </select>
            <button
              type="button"
              disabled={!other || pending}
              onClick={() =>
                run(
                  () => startRunbookAction({ incidentId: incident.id, runbookId: other }),
                  () => setOther(''),
                )
              }
              className={`${small} ring-slate-300`}
            >
              Start
            </button>
          </div>
        ) : null}
        {error ? (
          <p role="alert" className="text-xs text-red-700">
            {error}
          </p>
        ) : null}
        {data?.runs.map((r) => (
          <RunCard key={r.id} run={r} incidentId={incident.id} serviceId={data.serviceId} databases={data.databases} canWrite={canWrite} />
        ))}
      </div>
    </section>
  )
}
