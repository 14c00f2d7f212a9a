'use client'

import { useQuery } from '@tanstack/react-query'
import Link from 'next/link'
import { useLivePoll } from '@/components/live/live-provider'
import { ageText, statusRank } from '@/lib/health/rules'
import { REFRESH_MS } from '@/lib/health/refresh'
import type { ResourceHealthRow } from '@/lib/resources/dto'
import { resourceKindLabels, resourceKinds } from '@/lib/resources/kinds'
import { resourceHealthQuery } from '@/lib/resources/query-keys'
import { Freshness } from './freshness'
import { LambdaErrorLines } from './lambda-error-lines'
import { StatusBadge } from './status-badge'

const units: Record<string, [label: string, unit: string, digits: number]> = {
  invocations: ['invocations', '/min', 0],
  errors: ['errors', '/min', 0],
  throttles: ['throttles', '/min', 0],
  durationP95Ms: ['p95', ' ms', 0],
  concurrent: ['concurrent', '', 0],
  cpu: ['CPU', ' %', 0],
  engineCpu: ['engine CPU', ' %', 0],
  connections: ['connections', '', 0],
  readLatencyMs: ['read', ' ms', 1],
  replicaLagSeconds: ['lag', ' s', 0],
  evictions: ['evictions', '/min', 0],
  consumedRead: ['read units', '/min', 0],
  consumedWrite: ['write units', '/min', 0],
  throttled: ['throttled', '/min', 0],
  requests: ['requests', '/min', 0],
  elb5xx: ['ELB 5xx', '/min', 0],
  latencyMs: ['latency', ' ms', 0],
  unhealthyHosts: ['unhealthy hosts', '', 0],
}

/** The few numbers that say most about a resource, current ones only. */
export function ResourceValues({ r }: Readonly<{ r: ResourceHealthRow }>) {
  const shown = Object.entries(r.values).filter(([k]) => units[k])
  if (!shown.length) return <span className="text-xs text-slate-500">no current data</span>
  return (
    <span className="flex flex-wrap gap-x-3 gap-y-0.5 text-xs text-slate-600">
      {shown.slice(0, 5).map(([k, v]) => (
        <span key={k}>
          {units[k][0]} <span className="font-semibold tabular-nums text-slate-800">{`${v.toFixed(units[k][2])}${units[k][1]}`}</span>
        </span>
      ))}
    </span>
  )
}

/**
 * An RDS instance with a registered database: its live diagnostics (connections, long queries, blocking chains) run from
 * the runbook this row suggests, or the lock-contention one while healthy; an incident's runbook steps pick that database first.
 */
export function LiveDiagnosticsLink({ r }: Readonly<{ r: ResourceHealthRow }>) {
  if (!r.database) return null
  const runbook = r.runbooks[0] ?? 'db-lock-contention'
  return (
    <p className="text-xs text-slate-600" data-testid={`live-diagnostics-${r.name}`}>
      Live diagnostics on <span className="font-medium text-slate-800">{r.database.name}</span>:{' '}
      <Link
        className="text-brand-700 hover:underline"
        href={`/runbooks/${runbook}`}
        title="Connections, long-running queries, idle transactions, blocking chains"
      >
        {r.runbooks.length ? runbook : 'connections and blocking chains'}
      </Link>
    </p>
  )
}

/**
 * Resources beside services, grouped by kind, each with its status. One refresh reads services and resources, and the
 * board's own poll beside this section drives it: while the live stream is up, each refresh's `health` event refetches this
 * section (components/live/apply-change.ts), so it polls only as a safety net; without the stream it polls with the board.
 */
export function ResourceBoard({ services }: Readonly<{ services?: { id: string; name: string }[] }>) {
  const { data, error, isFetching } = useQuery({ ...resourceHealthQuery(), refetchInterval: useLivePoll(REFRESH_MS), refetchIntervalInBackground: false })
  const nameOf = new Map((services ?? []).map((s) => [s.id, s.name]))
  if (data && data.resources.length === 0) return null
  return (
    <section aria-labelledby="resources-heading" className="mt-6 space-y-3" data-testid="resource-board">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id="resources-heading" className="text-sm font-semibold uppercase tracking-wide text-slate-500">
          Resources
        </h2>
        <Freshness refreshedAt={data?.refreshedAt} intervalMs={data?.intervalMs ?? REFRESH_MS} stale={data?.stale} fetching={isFetching} />
      </div>
      {error ? (
        <p className="rounded-xl border border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-900">Resource health could not be loaded: {error.message}</p>
      ) : null}
      {data?.errors.length ? (
        <ul className="rounded-xl border border-amber-200 bg-amber-50 px-4 py-2 text-xs text-amber-900">
          {data.errors.map((e) => (
            <li key={e}>{e}</li>
          ))}
        </ul>
      ) : null}
      <div className="grid gap-3 lg:grid-cols-2">
        {resourceKinds.map((kind) => {
          const rows = (data?.resources ?? []).filter((r) => r.kind === kind).sort((a, b) => statusRank(a.status) - statusRank(b.status))
          if (!rows.length) return null
          return (
            <div key={kind} className="rounded-xl border border-slate-200 bg-white shadow-sm" data-testid={`resource-kind-${kind}`}>
              <h3 className="flex items-center justify-between border-b border-slate-100 px-4 py-2.5 text-sm font-semibold">
                {resourceKindLabels[kind].many}
                <span className="text-xs font-normal text-slate-500">{rows.length}</span>
              </h3>
              <ul className="divide-y divide-slate-100">
                {rows.map((r) => (
                  <li key={r.resourceId} className="space-y-1 px-4 py-2.5" data-testid={`resource-row-${r.name}`}>
                    <div className="flex flex-wrap items-center gap-2">
                      <StatusBadge status={r.status} />
                      <span className="font-semibold text-slate-900">{r.name}</span>
                      <span className="text-xs text-slate-500">
                        {r.team} · {r.region}
                        {r.state ? ` · ${r.state}` : ''}
                      </span>
                    </div>
                    {r.status !== 'healthy' ? <p className="text-sm text-slate-700">{r.reason}</p> : null}
                    {data && Date.parse(data.refreshedAt) - Date.parse(r.observedAt) > REFRESH_MS ? (
                      <p className="text-[11px] text-slate-500" data-testid="resource-as-of">
                        as of {ageText(r.observedAt, new Date())} (read once a minute while nothing is wrong)
                      </p>
                    ) : null}
                    <ResourceValues r={r} />
                    {r.kind === 'LAMBDA' ? <LambdaErrorLines resourceId={r.resourceId} name={r.name} /> : null}
                    <LiveDiagnosticsLink r={r} />
                    {r.serviceIds.length ? (
                      <p className="text-xs text-slate-500">
                        Used by{' '}
                        {r.serviceIds.map((id, i) => (
                          <span key={id}>
                            {i ? ', ' : ''}
                            <Link className="text-brand-700 hover:underline" href={`/services/${id}`}>
                              {nameOf.get(id) ?? 'a service'}
                            </Link>
                          </span>
                        ))}
                      </p>
                    ) : null}
                  </li>
                ))}
              </ul>
            </div>
          )
        })}
      </div>
    </section>
  )
}
