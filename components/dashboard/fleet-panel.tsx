'use client'

import { useQuery } from '@tanstack/react-query'
import Link from 'next/link'
import { serverSeeded } from '@/components/live/server-seeded'
import { StatusBadge } from '@/components/health/status-badge'
import { needsAttention, type FleetHealth } from '@/lib/health/dto'
import { fleetHealthQuery } from '@/lib/health/query-keys'
import { REFRESH_MS } from '@/lib/health/refresh'

/** Services critical or degraded right now, from the shared live-health cache. */
export function FleetPanel({ initial }: Readonly<{ initial: FleetHealth | null }>) {
  const { data: fleet } = useQuery({
    ...fleetHealthQuery(),
    ...(initial ? serverSeeded(initial) : {}),
    refetchInterval: REFRESH_MS,
    refetchIntervalInBackground: false,
  })
  const troubled = (fleet?.services ?? [])
    .filter(needsAttention)
    .sort((a, b) => (a.status === b.status ? a.name.localeCompare(b.name) : a.status === 'critical' ? -1 : 1))
  const unseen = (fleet?.services ?? []).filter((s) => s.status === 'unknown').length
  return (
    <section className="rounded-xl border border-slate-200 bg-white shadow-sm" aria-labelledby="fleet-heading" data-testid="fleet-now">
      <div className="flex items-baseline justify-between gap-2 border-b border-slate-100 px-4 py-3">
        <h2 id="fleet-heading" className="text-sm font-semibold">
          Services needing attention
        </h2>
        <Link href="/services" className="text-xs font-medium text-brand-700 hover:underline">
          Status board →
        </Link>
      </div>
      {!fleet ? (
        <p className="px-4 py-3 text-sm text-slate-500">Loading live health…</p>
      ) : troubled.length === 0 && unseen > 0 ? (
        <p className="px-4 py-3 text-sm text-slate-800">
          {fleet.blind ? 'The app cannot see AWS: ' : ''}
          {unseen} of {fleet.services.length} services cannot be fully seen (unknown); none is known to be in trouble.
        </p>
      ) : troubled.length === 0 ? (
        <p className="px-4 py-3 text-sm text-green-800">All {fleet.services.length} services are healthy.</p>
      ) : (
        <ul className="divide-y divide-slate-100">
          {troubled.map((s) => (
            <li key={s.serviceId} className="flex items-start gap-2 px-4 py-2 text-sm">
              <StatusBadge status={s.status} />
              <div className="min-w-0">
                <Link href={`/services/${s.serviceId}`} className="font-medium hover:underline">
                  {s.name}
                </Link>{' '}
                <span className="text-xs text-slate-500">{s.cluster}</span>
                <p className="truncate text-xs text-slate-600">{s.reason}</p>
                {s.status === 'unknown' && s.lastKnown ? (
                  <p className="truncate text-xs font-semibold text-red-800">
                    Last known: {s.lastKnown.status}, seen {s.lastKnown.at.slice(11, 16)} UTC
                  </p>
                ) : null}
              </div>
            </li>
          ))}
        </ul>
      )}
      {fleet ? <p className="border-t border-slate-100 px-4 py-1.5 text-[11px] text-slate-500">live, refreshed {fleet.refreshedAt.slice(11, 19)} UTC</p> : null}
    </section>
  )
}
