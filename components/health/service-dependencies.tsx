'use client'

import { useQuery } from '@tanstack/react-query'
import Link from 'next/link'
import { REFRESH_MS } from '@/lib/health/refresh'
import { statusRank } from '@/lib/health/rules'
import { resourceKindLabels } from '@/lib/resources/kinds'
import { resourceHealthQuery } from '@/lib/resources/query-keys'
import { LiveDiagnosticsLink, ResourceValues } from './resource-board'
import { LambdaErrorLines } from './lambda-error-lines'
import { StatusBadge } from './status-badge'

/** The health of what this service depends on (Lambda functions, databases, Redis, tables, load balancers), from the board's shared refresh. */
export function ServiceDependencies({ serviceId }: Readonly<{ serviceId: string }>) {
  const { data, error } = useQuery({ ...resourceHealthQuery(), refetchInterval: REFRESH_MS, refetchIntervalInBackground: false })
  const rows = (data?.resources ?? []).filter((r) => r.serviceIds.includes(serviceId)).sort((a, b) => statusRank(a.status) - statusRank(b.status))
  if (data && rows.length === 0) return null
  return (
    <section aria-labelledby="dependencies" className="mb-5 rounded-xl border border-slate-200 bg-white shadow-sm" data-testid="service-dependencies">
      <h2 id="dependencies" className="border-b border-slate-100 px-4 py-2.5 text-sm font-semibold">
        Dependencies
      </h2>
      {error ? <p className="px-4 py-2 text-sm text-amber-800">Dependency health could not be loaded: {error.message}</p> : null}
      {!data && !error ? <p className="px-4 py-2 text-sm text-slate-500">Loading live data…</p> : null}
      <ul className="divide-y divide-slate-100">
        {rows.map((r) => (
          <li key={r.resourceId} className="space-y-1 px-4 py-2.5" data-testid={`dependency-${r.name}`}>
            <div className="flex flex-wrap items-center gap-2">
              <StatusBadge status={r.status} />
              <span className="font-semibold text-slate-900">{r.name}</span>
              <span className="text-xs text-slate-500">{resourceKindLabels[r.kind].one}</span>
            </div>
            {r.status !== 'healthy' ? <p className="text-sm text-slate-700">{r.reason}</p> : null}
            <ResourceValues r={r} />
            {r.kind === 'LAMBDA' ? <LambdaErrorLines resourceId={r.resourceId} name={r.name} /> : null}
            <LiveDiagnosticsLink r={r} />
            {r.runbooks.length && !r.database ? (
              <p className="text-xs">
                Runbook:{' '}
                <Link className="text-brand-700 hover:underline" href={`/runbooks/${r.runbooks[0]}`}>
                  {r.runbooks[0]}
                </Link>
              </p>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  )
}
