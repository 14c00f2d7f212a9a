'use client'

import { useQuery } from '@tanstack/react-query'
import Link from 'next/link'
import { useState } from 'react'
import { addServiceAction, removeServiceAction } from '@/app/(console)/incidents/actions'
import { StatusBadge } from '@/components/health/status-badge'
import type { IncidentDetail } from '@/lib/incidents/dto'
import { fleetHealthQuery } from '@/lib/health/query-keys'
import { REFRESH_MS } from '@/lib/health/refresh'
import { NoticeLine } from '@/components/ui/notice'
import { useIncidentAction } from './use-incident-action'

export function ServicesPanel({
  incident,
  catalog,
  canWrite,
}: Readonly<{ incident: IncidentDetail; catalog: { id: string; label: string }[]; canWrite: boolean }>) {
  const { data: fleet } = useQuery({ ...fleetHealthQuery(), refetchInterval: REFRESH_MS, refetchIntervalInBackground: false })
  const { run, pending, notice } = useIncidentAction(incident.id)
  const [adding, setAdding] = useState('')
  const base = { incidentId: incident.id, expectedVersion: incident.version }
  const available = catalog.filter((c) => !incident.services.some((s) => s.id === c.id))

  return (
    <section aria-labelledby="services-heading" className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm">
      <h2 id="services-heading" className="mb-2 text-sm font-semibold">
        Affected services
      </h2>
      {incident.services.length === 0 ? <p className="text-sm text-slate-500">None named yet.</p> : null}
      <ul className="space-y-2">
        {incident.services.map((s) => {
          const live = fleet?.services.find((f) => f.serviceId === s.id)
          return (
            <li key={s.id} className="rounded-md border border-slate-100 p-2" data-testid={`affected-${s.name}`}>
              <div className="flex items-center justify-between gap-2">
                <Link href={`/services/${s.id}`} className="text-sm font-medium hover:underline">
                  {s.name} <span className="text-xs font-normal text-slate-500">{s.cluster}</span>
                </Link>
                {live ? <StatusBadge status={live.status} /> : <span className="text-xs text-slate-500">…</span>}
              </div>
              {live ? <p className="mt-0.5 text-xs text-slate-600">{live.reason}</p> : null}
              {canWrite ? (
                <button
                  type="button"
                  disabled={pending}
                  onClick={() => run(() => removeServiceAction({ ...base, serviceId: s.id }), `${s.name} removed.`)}
                  className="mt-1 text-xs text-slate-500 hover:text-red-700 hover:underline"
                >
                  Remove<span className="sr-only"> {s.name}</span>
                </button>
              ) : null}
            </li>
          )
        })}
      </ul>
      {canWrite && available.length > 0 ? (
        <div className="mt-3 flex gap-2">
          <label htmlFor="add-service" className="sr-only">
            Add an affected service
          </label>
          <select
            id="add-service"
            value={adding}
            onChange={(e) => setAdding(e.target.value)}
            className="min-w-0 flex-1 rounded-md border border-slate-300 bg-white px-2 py-1 text-sm"
          >
            <option value="">Add a service…</option>
            {available.map((c) => (
              <option key={c.id} value={c.id}>
                {c.label}
              </option>
            ))}
          </select>
          <button
            type="button"
            disabled={!adding || pending}
            onClick={() =>
              run(
                () => addServiceAction({ ...base, serviceId: adding }),
                'Service added.',
                () => setAdding(''),
              )
            }
            className="rounded-md px-2 py-1 text-sm ring-1 ring-slate-300 disabled:opacity-50"
          >
            Add
          </button>
        </div>
      ) : null}
      <div className="mt-2">
        <NoticeLine notice={notice} />
      </div>
    </section>
  )
}
