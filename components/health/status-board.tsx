'use client'

import { useQuery } from '@tanstack/react-query'
import Link from 'next/link'
import { useMemo, useState } from 'react'
import { needsAttention, type ServiceHealthRow } from '@/lib/health/dto'
import { fleetHealthQuery } from '@/lib/health/query-keys'
import { REFRESH_MS } from '@/lib/health/refresh'
import { ageText, healthStatuses, statusRank, type HealthStatus } from '@/lib/health/rules'
import { EnvironmentOptions } from '@/components/ui/environment-options'
import { environmentLabels, environments, type Environment } from '@/lib/services/dto'
import { formatAge, SeverityBadge } from '@/components/incidents/badges'
import type { OpenIncidentRef } from '@/lib/incidents/dto'
import { openIncidentsQuery } from '@/lib/incidents/query-keys'
import { useLivePoll } from '@/components/live/live-provider'
import { Freshness } from './freshness'
import { StatusBadge, statusLabel } from './status-badge'

/**
 * A metric cell: the value when current; "no data" (with the age of the last datapoint) when it
 * is missing or older than two periods; a dash when it does not apply or the service is unseen.
 */
function Metric({
  v,
  unit,
  digits = 0,
  at,
  applies,
  seen,
  now,
}: Readonly<{ v: number | null; unit: string; digits?: number; at: string | null | undefined; applies: boolean; seen: boolean; now: Date }>) {
  if (v != null) return <>{`${v.toFixed(digits)}${unit}`}</>
  if (!applies || !seen) return <span className="text-slate-500">—</span>
  return (
    <span className="text-xs text-slate-500" title={at ? `last datapoint ${ageText(at, now)}` : 'no datapoint in the last 10 min'}>
      no data{at ? <span className="block text-[11px]">{ageText(at, now)}</span> : null}
    </span>
  )
}

/** The open incidents naming this service: number, severity, age, link. */
function OpenIncidents({ list, now }: Readonly<{ list: OpenIncidentRef[]; now: Date }>) {
  return (
    <ul className="mt-1" data-testid="open-incidents">
      {list.map((i) => (
        <li key={i.id} className="flex flex-wrap items-center gap-1.5 text-xs">
          <SeverityBadge severity={i.severity} />
          <Link href={`/incidents/${i.id}`} className="inline-block py-1 font-semibold text-red-800 hover:underline">
            {i.ref} open {formatAge((now.getTime() - Date.parse(i.declaredAt)) / 60_000)}
            <span className="sr-only">: {i.title}</span> →
          </Link>
        </li>
      ))}
    </ul>
  )
}

function Row({
  s,
  canDeclare,
  blind,
  open,
  showCluster,
  refreshedAt,
}: Readonly<{ s: ServiceHealthRow; canDeclare: boolean; blind: boolean; open: OpenIncidentRef[]; showCluster: boolean; refreshedAt?: string }>) {
  const now = new Date(s.observedAt)
  // Large catalogs read quiet services less often (lib/health/tiers.ts): such a row says how old it is.
  const behind = refreshedAt ? Date.parse(refreshedAt) - now.getTime() > REFRESH_MS : false
  return (
    <tr className={s.status === 'critical' ? 'bg-red-50/40' : undefined} data-testid={`service-row-${s.cluster}-${s.ecsServiceName}`}>
      <td className="whitespace-nowrap px-4 py-2.5">
        <StatusBadge status={s.status} />
      </td>
      <td className="px-4 py-2.5">
        <Link href={`/services/${s.serviceId}`} className="font-medium text-slate-900 hover:text-brand-700 hover:underline">
          {s.name}
        </Link>
        {/* Names repeat across clusters: in the mixed list, say which one. */}
        {showCluster ? <span className="ml-1.5 text-xs text-slate-500">{s.cluster}</span> : null}
        <p className="text-xs text-slate-600" data-testid="health-reason">
          {/* With every AWS read failing, the banner above gives the error once. */}
          {blind && !s.seen ? 'Not seen: AWS cannot be read (see above)' : s.reason}
        </p>
        {behind ? (
          <p className="text-[11px] text-slate-500" data-testid="row-as-of">
            as of {ageText(s.observedAt, new Date())} (read less often while nothing is wrong)
          </p>
        ) : null}
        {s.status === 'unknown' && s.lastKnown ? (
          <p className={`mt-0.5 text-xs font-semibold ${s.lastKnown.status === 'critical' ? 'text-red-800' : 'text-amber-800'}`} data-testid="last-known">
            Last known: {s.lastKnown.status}, {ageText(s.lastKnown.at, new Date())} · {s.lastKnown.reason}
          </p>
        ) : null}
        {open.length ? <OpenIncidents list={open} now={now} /> : null}
        {s.status === 'critical' && canDeclare && !open.length ? (
          // Not prefetched: the declare form is drafted from the service's health at the moment of the click.
          <Link
            href={`/incidents/new?service=${s.serviceId}`}
            prefetch={false}
            className="mt-1 inline-block text-xs font-semibold text-red-700 hover:underline"
          >
            Declare incident
            <span className="sr-only">
              {' '}
              for {s.name} in {s.cluster}
            </span>{' '}
            →
          </Link>
        ) : null}
      </td>
      <td className="whitespace-nowrap px-4 py-2.5 text-right tabular-nums">
        {s.running ?? '—'}/{s.desired ?? '—'}
      </td>
      <td className="hidden whitespace-nowrap px-4 py-2.5 text-right tabular-nums md:table-cell">
        <Metric v={s.cpuPercent} unit="%" at={s.metricsAt?.cpu} applies={s.running !== 0} seen={s.seen} now={now} />
      </td>
      <td className="hidden whitespace-nowrap px-4 py-2.5 text-right tabular-nums md:table-cell">
        <Metric v={s.memoryPercent} unit="%" at={s.metricsAt?.memory} applies={s.running !== 0} seen={s.seen} now={now} />
      </td>
      <td className="hidden whitespace-nowrap px-4 py-2.5 text-right tabular-nums lg:table-cell">
        <Metric v={s.errorRatePercent} unit="%" digits={1} at={s.metricsAt?.errors} applies={s.hasLoadBalancer} seen={s.seen} now={now} />
      </td>
      <td className="hidden whitespace-nowrap px-4 py-2.5 text-right tabular-nums lg:table-cell">
        <Metric v={s.latencyMs} unit=" ms" at={s.metricsAt?.latency} applies={s.hasLoadBalancer} seen={s.seen} now={now} />
      </td>
    </tr>
  )
}

function ServiceTable({
  rows,
  caption,
  canDeclare,
  blind,
  open,
  showCluster = false,
  refreshedAt,
}: Readonly<{
  rows: ServiceHealthRow[]
  caption: string
  canDeclare: boolean
  blind: boolean
  open: OpenIncidentRef[]
  showCluster?: boolean
  refreshedAt?: string
}>) {
  return (
    <div className="relative overflow-x-auto">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="text-xs uppercase text-slate-500">
          <tr>
            <th scope="col" className="w-28 px-4 py-2 font-medium">
              Status
            </th>
            <th scope="col" className="px-4 py-2 font-medium">
              Service
            </th>
            <th scope="col" className="px-4 py-2 text-right font-medium">
              Tasks
            </th>
            <th scope="col" className="hidden px-4 py-2 text-right font-medium md:table-cell">
              CPU
            </th>
            <th scope="col" className="hidden px-4 py-2 text-right font-medium md:table-cell">
              Memory
            </th>
            <th scope="col" className="hidden px-4 py-2 text-right font-medium lg:table-cell">
              5xx
            </th>
            <th scope="col" className="hidden px-4 py-2 text-right font-medium lg:table-cell">
              Latency
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.map((s) => (
            <Row
              key={s.serviceId}
              s={s}
              canDeclare={canDeclare}
              blind={blind}
              showCluster={showCluster}
              refreshedAt={refreshedAt}
              open={open.filter((i) => i.services.some((x) => x.id === s.serviceId))}
            />
          ))}
        </tbody>
      </table>
    </div>
  )
}

const byStatusThenName = (a: ServiceHealthRow, b: ServiceHealthRow) => statusRank(a.status) - statusRank(b.status) || a.name.localeCompare(b.name)

export function StatusBoard({ canDeclare }: Readonly<{ canDeclare: boolean }>) {
  const { data, error, isFetching } = useQuery({
    ...fleetHealthQuery(),
    refetchInterval: REFRESH_MS,
    refetchIntervalInBackground: false,
  })
  const openIncidents = useQuery({ ...openIncidentsQuery(), refetchInterval: useLivePoll(10_000) }).data ?? []
  const [env, setEnv] = useState<Environment | 'ALL'>('ALL')
  const [status, setStatus] = useState<HealthStatus | 'ALL'>('ALL')
  const [text, setText] = useState('')

  const all = useMemo(() => data?.services ?? [], [data])
  const shown = useMemo(() => {
    const q = text.trim().toLowerCase()
    return all
      .filter((s) => env === 'ALL' || s.environment === env)
      .filter((s) => status === 'ALL' || s.status === status)
      .filter((s) => !q || [s.name, s.cluster, s.team, s.reason].some((v) => v.toLowerCase().includes(q)))
      .sort(byStatusThenName)
  }, [all, env, status, text])
  const counts = useMemo(() => Object.fromEntries(healthStatuses.map((st) => [st, all.filter((s) => s.status === st).length])), [all])
  const attention = shown.filter(needsAttention)
  const unseen = shown.filter((s) => s.status === 'unknown')

  return (
    <div className="space-y-5">
      <div className="flex flex-wrap items-center gap-3 rounded-xl border border-slate-200 bg-white p-3 shadow-sm">
        <div role="group" aria-label="Filter by status" className="flex flex-wrap gap-1">
          {(['ALL', ...healthStatuses] as const).map((st) => (
            <button
              key={st}
              type="button"
              aria-pressed={status === st}
              onClick={() => setStatus(st)}
              className={`rounded-full px-3 py-1 text-xs font-medium ring-1 ${
                status === st ? 'bg-slate-900 text-white ring-slate-900' : 'bg-white text-slate-700 ring-slate-300 hover:bg-slate-50'
              }`}
            >
              {st === 'ALL' ? `All ${all.length}` : `${statusLabel(st)} ${counts[st] ?? 0}`}
            </button>
          ))}
        </div>
        <label className="flex items-center gap-2 text-sm">
          <span className="text-slate-600">Environment</span>
          <select
            value={env}
            onChange={(e) => setEnv(e.target.value as Environment | 'ALL')}
            className="rounded-md border border-slate-300 bg-white px-2 py-1 text-sm"
          >
            <EnvironmentOptions any={{ value: 'ALL', label: 'All' }} />
          </select>
        </label>
        <label className="flex min-w-48 flex-1 items-center gap-2 text-sm">
          <span className="sr-only">Search services</span>
          <input
            type="search"
            value={text}
            onChange={(e) => setText(e.target.value)}
            placeholder="Search service, cluster, team, reason…"
            className="w-full rounded-md border border-slate-300 px-3 py-1.5 text-sm"
          />
        </label>
        <Freshness refreshedAt={data?.refreshedAt} intervalMs={REFRESH_MS} stale={data?.stale} fetching={isFetching} />
      </div>

      {error ? (
        <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
          Live health could not be loaded ({error.message}). Retrying every {REFRESH_MS / 1000} seconds.
        </p>
      ) : null}
      {data?.blind ? (
        <div role="alert" className="rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900" data-testid="aws-blind">
          <p className="font-semibold">The app cannot see AWS: every status below is unknown.</p>
          <p className="mt-0.5">
            Services that were in trouble stay listed with what was last seen and how long ago. This check ran {ageText(data.refreshedAt, new Date())}.
          </p>
          <ul className="mt-1 list-disc pl-5">
            {data.errors.map((e) => (
              <li key={e}>{e}</li>
            ))}
          </ul>
        </div>
      ) : data?.errors.length ? (
        <div role="status" className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900">
          <p className="font-medium">Some AWS data is missing: the services it concerns are unknown, not healthy.</p>
          <ul className="mt-1 list-disc pl-5">
            {data.errors.map((e) => (
              <li key={e}>{e}</li>
            ))}
          </ul>
        </div>
      ) : null}

      {!data && !error ? <div className="h-64 animate-pulse rounded-xl bg-slate-200" aria-busy="true" /> : null}

      {attention.length > 0 ? (
        <section aria-labelledby="attention" className="rounded-xl border border-red-200 bg-white shadow-sm">
          <h2 id="attention" className="border-b border-red-100 px-4 py-3 text-sm font-semibold text-red-900">
            Needs attention ({attention.length})
          </h2>
          <ServiceTable
            refreshedAt={data?.refreshedAt}
            rows={attention}
            caption="Services that are critical or degraded, or were when last seen"
            showCluster
            canDeclare={canDeclare}
            blind={Boolean(data?.blind)}
            open={openIncidents}
          />
        </section>
      ) : null}
      {data && attention.length === 0 && unseen.length > 0 ? (
        <p className="rounded-xl border border-slate-300 bg-slate-50 px-4 py-3 text-sm text-slate-800" data-testid="unseen-summary">
          No service is known to be critical or degraded, but {unseen.length} {unseen.length === 1 ? 'service cannot' : 'services cannot'} be fully seen
          {status !== 'ALL' || env !== 'ALL' || text ? ' in this view' : ''}: their status is unknown.
        </p>
      ) : data && attention.length === 0 && data.stale && new Date().getTime() - Date.parse(data.refreshedAt) > 2 * REFRESH_MS ? (
        // The last reading is past two intervals (AWS slow or unreachable): say so, not a current all-clear.
        <p role="status" className="rounded-xl border border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-900" data-testid="stale-summary">
          No current reading: AWS has not answered since the last one (its age is shown above). At that time no service was critical or degraded
          {status !== 'ALL' || env !== 'ALL' || text ? ' in this view' : ''}.
        </p>
      ) : data && attention.length === 0 ? (
        <p className="rounded-xl border border-green-200 bg-green-50 px-4 py-3 text-sm text-green-900">
          No service is critical or degraded{status !== 'ALL' || env !== 'ALL' || text ? ' in this view' : ''}.
        </p>
      ) : null}

      {environments.map((e) => {
        const inEnv = shown.filter((s) => s.environment === e)
        if (!inEnv.length) return null
        const clusters = [...new Set(inEnv.map((s) => s.cluster))].sort()
        return (
          <section key={e} aria-labelledby={`env-${e}`} className="space-y-3">
            <h2 id={`env-${e}`} className="text-sm font-semibold uppercase tracking-wide text-slate-500">
              {environmentLabels[e]}
            </h2>
            {clusters.map((c) => {
              const rows = inEnv.filter((s) => s.cluster === c)
              return (
                <div key={c} className="rounded-xl border border-slate-200 bg-white shadow-sm">
                  <h3 className="flex items-center justify-between border-b border-slate-100 px-4 py-2.5 text-sm font-semibold">
                    <span>
                      {c} <span className="font-normal text-slate-500">· {rows[0].region}</span>
                    </span>
                    <span className="text-xs font-normal text-slate-500">{rows.length} services</span>
                  </h3>
                  <ServiceTable
                    refreshedAt={data?.refreshedAt}
                    rows={rows}
                    caption={`${environmentLabels[e]} services in ${c}`}
                    canDeclare={canDeclare}
                    blind={Boolean(data?.blind)}
                    open={openIncidents}
                  />
                </div>
              )
            })}
          </section>
        )
      })}
    </div>
  )
}
