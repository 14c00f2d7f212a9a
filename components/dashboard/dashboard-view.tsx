'use client'

import { useQuery } from '@tanstack/react-query'
import Link from 'next/link'
import type { ReactNode } from 'react'
import { SeverityBadge } from '@/components/incidents/badges'
import { serverSeeded } from '@/components/live/server-seeded'
import type { DashboardData } from '@/lib/dashboard/dto'
import { combine, share } from '@/lib/dashboard/metrics'
import { DASHBOARD_POLL_MS, dashboardQuery } from '@/lib/dashboard/query-keys'
import { incidentsHref } from '@/lib/dashboard/range'
import type { FleetHealth } from '@/lib/health/dto'
import { formatUtc } from '@/lib/incidents/clocks'
import { ChartCard } from './chart-card'
import { IncidentsChart, OwnersChart, ServicesChart, TargetsChart, TrendChart } from './charts'
import { FleetPanel } from './fleet-panel'
import { change, minutesText, percentText } from './format'
import { NoisePanel } from './noise-panel'
import { NowPanel } from './now-panel'

function Tile({
  label,
  value,
  sub,
  testId,
  tone = 'plain',
}: Readonly<{ label: string; value: string; sub?: ReactNode; testId: string; tone?: 'plain' | 'good' | 'bad' }>) {
  const colour = tone === 'bad' ? 'text-red-700' : tone === 'good' ? 'text-green-700' : 'text-slate-900'
  return (
    <div className="rounded-xl border border-slate-200 bg-white px-4 py-3 shadow-sm" data-testid={testId}>
      <p className="text-xs font-medium text-slate-500">{label}</p>
      <p className={`mt-0.5 text-2xl font-semibold tabular-nums ${colour}`} data-testid={`${testId}-value`}>
        {value}
      </p>
      {sub ? <p className="text-xs text-slate-500">{sub}</p> : null}
    </div>
  )
}

function Change({ now, before, kind }: Readonly<{ now: number | null; before: number | null; kind?: 'count' | 'minutes' }>) {
  const c = change(now, before, kind)
  if (!c) return <span>no earlier figure</span>
  return (
    <span className={c.better ? 'text-green-700' : 'text-red-700'}>
      {c.text} <span className="text-slate-500">vs previous period</span>
    </span>
  )
}

/** One line per severity: how many, and the typical (median) and slow-tail (p90) times beside the means, so a slow SEV4 does not hide a fast SEV1. */
function SeverityHeadlines({ severities, previous }: Readonly<{ severities: DashboardData['severities']; previous: DashboardData['previous'] }>) {
  return (
    <div className="relative overflow-x-auto rounded-xl border border-slate-200 bg-white shadow-sm" data-testid="severity-headlines">
      <table className="w-full whitespace-nowrap text-left text-sm">
        <caption className="sr-only">Headline figures by severity</caption>
        <thead className="text-xs text-slate-600">
          <tr>
            <th className="px-4 py-2 font-medium">Severity</th>
            <th className="px-3 py-2 text-right font-medium">Incidents</th>
            <th className="px-3 py-2 text-right font-medium">MTTA median</th>
            <th className="px-3 py-2 text-right font-medium">MTTA p90</th>
            <th className="px-3 py-2 text-right font-medium">MTTA mean</th>
            <th className="px-3 py-2 text-right font-medium">MTTR median</th>
            <th className="px-3 py-2 text-right font-medium">MTTR p90</th>
            <th className="px-4 py-2 text-right font-medium">MTTR mean</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 tabular-nums">
          {severities.map((s) => {
            const prev = previous.find((p) => p.severity === s.severity)
            const delta = change(s.incidents, prev?.incidents ?? null, 'count')
            return (
              <tr key={s.severity} data-testid={`headline-${s.severity}`}>
                <th scope="row" className="px-4 py-2 font-normal">
                  <SeverityBadge severity={s.severity} />
                </th>
                <td className="px-3 py-2 text-right font-semibold">
                  {s.incidents}
                  {delta ? <span className={`block text-[11px] font-normal ${delta.better ? 'text-green-700' : 'text-red-700'}`}>{delta.text}</span> : null}
                </td>
                <td className="px-3 py-2 text-right font-semibold">{minutesText(s.mttaMedian)}</td>
                <td className="px-3 py-2 text-right" data-testid="mtta-p90">
                  {minutesText(s.mttaP90)}
                </td>
                <td className="px-3 py-2 text-right text-slate-600">{minutesText(s.mttaMean)}</td>
                <td className="px-3 py-2 text-right font-semibold">{minutesText(s.mttrMedian)}</td>
                <td className="px-3 py-2 text-right" data-testid="mttr-p90">
                  {minutesText(s.mttrP90)}
                </td>
                <td className="px-4 py-2 text-right text-slate-600">{minutesText(s.mttrMean)}</td>
              </tr>
            )
          })}
        </tbody>
      </table>
    </div>
  )
}

/**
 * The dashboard: open incidents and troubled services now, then the chosen period's
 * figures, each chart beside its numbers and linked to the incidents behind it.
 * Refreshes itself every half minute while visible.
 */
export function DashboardView({ initial, fleet }: Readonly<{ initial: DashboardData; fleet: FleetHealth | null }>) {
  const { data = initial } = useQuery({
    ...dashboardQuery(initial.range),
    ...serverSeeded(initial),
    refetchInterval: DASHBOARD_POLL_MS,
    refetchIntervalInBackground: false,
  })
  const { range } = data
  const all = combine(data.severities)
  const before = combine(data.previous)
  const ackShare = share(all.ackMet, all.ackMissed)
  const resolveShare = share(all.resolveMet, all.resolveMissed)
  const within = { from: range.firstDay, to: range.lastDay }
  const pm = data.postMortems
  const itemsHref = (owner: { id: string } | null, overdue: boolean) =>
    `/action-items?${new URLSearchParams({ owner: owner?.id ?? 'none', ...(overdue ? { overdue: '1' } : {}), from: range.firstDay, to: range.lastDay })}`

  return (
    <div className="space-y-5">
      <div className="grid grid-cols-[minmax(0,1fr)] items-start gap-5 lg:grid-cols-[minmax(0,1fr)_20rem]">
        <NowPanel now={data.now} />
        <FleetPanel initial={fleet} />
      </div>

      <div className="flex flex-wrap items-baseline justify-between gap-2 border-t border-slate-200 pt-5">
        <h2 className="text-lg font-semibold tracking-tight" data-testid="range-label">
          {range.label}{' '}
          <span className="text-sm font-normal text-slate-500">
            ({range.firstDay} to {range.lastDay}, UTC)
          </span>
        </h2>
        <p className="text-xs text-slate-500">
          Incidents declared in the period, as of {formatUtc(data.asOf)} · compared with the {range.days} days before
        </p>
      </div>

      <div className="grid grid-cols-[minmax(0,1fr)] gap-3 sm:grid-cols-2 lg:grid-cols-5">
        <Tile
          label="Incidents"
          value={String(all.incidents)}
          testId="tile-incidents"
          sub={<Change now={all.incidents} before={before.incidents} kind="count" />}
        />
        <Tile label="MTTA (mean)" value={minutesText(all.mttaMean)} testId="tile-mtta" sub={<Change now={all.mttaMean} before={before.mttaMean} />} />
        <Tile label="MTTR (mean)" value={minutesText(all.mttrMean)} testId="tile-mttr" sub={<Change now={all.mttrMean} before={before.mttrMean} />} />
        <Tile
          label="Acknowledged within target"
          value={percentText(ackShare)}
          testId="tile-ack"
          tone={ackShare == null ? 'plain' : ackShare >= 0.9 ? 'good' : 'bad'}
          sub={`${all.ackMet} of ${all.ackMet + all.ackMissed} decided`}
        />
        <Tile
          label="Resolved within target"
          value={percentText(resolveShare)}
          testId="tile-resolve"
          tone={resolveShare == null ? 'plain' : resolveShare >= 0.9 ? 'good' : 'bad'}
          sub={`${all.resolveMet} of ${all.resolveMet + all.resolveMissed} decided · ${all.openAtEnd} still open`}
        />
      </div>

      <p className="text-xs text-slate-600" data-testid="mtta-basis">
        MTTA counts from the first alert for {data.mttaBasis.fromAlert} of {data.mttaBasis.incidents} incidents (those that came from alerts), from declaration
        for the rest.
      </p>

      <SeverityHeadlines severities={data.severities} previous={data.previous} />

      <ChartCard
        title={`Incidents per ${range.bucket} by severity`}
        description="Click a bar for those incidents."
        link={{ href: incidentsHref(within), label: `All ${all.incidents} incidents` }}
        testId="chart-incidents"
        chart={<IncidentsChart buckets={data.buckets} />}
        numbers={
          <ul className="space-y-1.5">
            {data.severities.map((s) => (
              <li key={s.severity} className="flex items-center justify-between gap-2">
                <SeverityBadge severity={s.severity} long />
                <Link
                  href={incidentsHref({ severity: s.severity, ...within })}
                  className="font-semibold tabular-nums text-brand-700 hover:underline"
                  data-testid={`count-${s.severity}`}
                >
                  {s.incidents}
                </Link>
              </li>
            ))}
            <li className="flex justify-between border-t border-slate-100 pt-1.5 text-slate-600">
              <span>Reopened</span>
              <span className="tabular-nums">{all.reopened}</span>
            </li>
          </ul>
        }
      />

      <ChartCard
        title="MTTA and MTTR by severity"
        description={`Mean per ${range.bucket}, log scale. Time to resolve runs to the final resolution, reopenings included.`}
        link={{ href: incidentsHref({ state: 'resolved', ...within }), label: 'Resolved incidents' }}
        testId="chart-times"
        chart={
          <div className="space-y-3">
            <p className="text-xs font-medium text-slate-600">Time to acknowledge</p>
            <TrendChart buckets={data.buckets} metric="mtta" />
            <p className="text-xs font-medium text-slate-600">Time to resolve</p>
            <TrendChart buckets={data.buckets} metric="mttr" />
          </div>
        }
        numbers={
          <table className="w-full text-xs" aria-label="MTTA and MTTR by severity">
            <thead className="text-slate-500">
              <tr>
                <th scope="col" className="py-1 text-left font-medium" />
                <th scope="col" className="py-1 text-right font-medium">
                  MTTA
                </th>
                <th scope="col" className="py-1 text-right font-medium">
                  MTTR
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {data.severities.map((s, k) => {
                const prev = data.previous[k]
                const mtta = change(s.mttaMean, prev.mttaMean)
                const mttr = change(s.mttrMean, prev.mttrMean)
                return (
                  <tr key={s.severity} data-testid={`times-${s.severity}`}>
                    <th scope="row" className="py-1.5 text-left">
                      <Link href={incidentsHref({ severity: s.severity, ...within })} className="hover:underline">
                        <SeverityBadge severity={s.severity} />
                      </Link>
                    </th>
                    <td className="py-1.5 text-right tabular-nums">
                      {minutesText(s.mttaMean)}
                      <span className="block text-[11px] text-slate-500">
                        median {minutesText(s.mttaMedian)} · p90 {minutesText(s.mttaP90)}
                      </span>
                      {mtta ? <span className={`block text-[11px] ${mtta.better ? 'text-green-700' : 'text-red-700'}`}>{mtta.text}</span> : null}
                    </td>
                    <td className="py-1.5 text-right tabular-nums">
                      {minutesText(s.mttrMean)}
                      <span className="block text-[11px] text-slate-500">
                        median {minutesText(s.mttrMedian)} · p90 {minutesText(s.mttrP90)}
                      </span>
                      {mttr ? <span className={`block text-[11px] ${mttr.better ? 'text-green-700' : 'text-red-700'}`}>{mttr.text}</span> : null}
                    </td>
                  </tr>
                )
              })}
            </tbody>
          </table>
        }
      />

      <ChartCard
        title="Within target"
        description="Share of incidents acknowledged and resolved within their severity's target; incidents still within their deadline are left out."
        link={{ href: incidentsHref(within), label: 'Incidents of the period' }}
        testId="chart-targets"
        chart={<TargetsChart stats={data.severities} range={range} />}
        numbers={
          <ul className="space-y-2 text-xs">
            {data.severities.map((s) => (
              <li key={s.severity}>
                <Link href={incidentsHref({ severity: s.severity, ...within })} className="hover:underline">
                  <SeverityBadge severity={s.severity} />
                </Link>
                <span className="ml-2 tabular-nums">
                  {s.incidents === 0 ? (
                    'no incidents'
                  ) : (
                    <>
                      ack {percentText(share(s.ackMet, s.ackMissed))} ({s.ackMet}/{s.ackMet + s.ackMissed}) · resolve{' '}
                      {s.resolveTargeted
                        ? `${percentText(share(s.resolveMet, s.resolveMissed))} (${s.resolveMet}/${s.resolveMet + s.resolveMissed})`
                        : 'no target'}
                    </>
                  )}
                </span>
              </li>
            ))}
          </ul>
        }
      />

      <ChartCard
        title="Incidents per service (top 10)"
        description="An incident naming several services counts for each. Click a bar for that service's incidents."
        testId="chart-services"
        chart={<ServicesChart services={data.services} range={range} />}
        numbers={
          <ol className="text-xs">
            {data.services.map((s) => (
              <li key={s.id} className="flex items-center justify-between gap-2">
                <Link href={incidentsHref({ serviceId: s.id, ...within })} className="truncate py-1 hover:underline">
                  {s.name} <span className="text-slate-500">{s.cluster}</span>
                </Link>
                <span className="font-semibold tabular-nums">{s.total}</span>
              </li>
            ))}
          </ol>
        }
      />

      <NoisePanel noise={data.noise} alertsHref="/alerts" />

      <div className="grid grid-cols-[minmax(0,1fr)] items-start gap-5 lg:grid-cols-2">
        <section className="rounded-xl border border-slate-200 bg-white shadow-sm" aria-label="Post-mortems" data-testid="postmortems">
          <div className="flex flex-wrap items-baseline justify-between gap-2 border-b border-slate-100 px-4 py-3">
            <div>
              <h2 className="text-sm font-semibold">Post-mortems</h2>
              <p className="text-xs text-slate-500">For incidents of the period that require one (SEV1, SEV2 by policy) or have one, as they stand now.</p>
            </div>
            <Link
              href={incidentsHref({ state: 'resolved', severity: ['SEV1', 'SEV2'], ...within })}
              className="text-xs font-medium text-brand-700 hover:underline"
            >
              Incidents →
            </Link>
          </div>
          <div className="grid grid-cols-3 gap-3 p-4">
            {(
              [
                ['Overdue', pm.overdue, 'overdue', pm.overdue ? 'text-red-700' : 'text-slate-900'],
                ['Due', pm.due, 'due', 'text-slate-900'],
                ['Published', pm.published, 'published', 'text-green-700'],
              ] as const
            ).map(([label, n, id, colour]) => (
              <div key={id} className="rounded-lg bg-slate-50 px-3 py-2" data-testid={`pm-${id}`}>
                <p className="text-xs text-slate-500">{label}</p>
                <p className={`text-2xl font-semibold tabular-nums ${colour}`} data-testid={`pm-${id}-value`}>
                  {n}
                </p>
              </div>
            ))}
          </div>
          <p className="px-4 pb-4 text-xs text-slate-600">
            {pm.expected} expected: {pm.draft} in draft, {pm.inReview} in review, {pm.notStarted} not started
            {pm.awaitingResolution ? `, ${pm.awaitingResolution} waiting for their incident to be resolved` : ''}.
          </p>
        </section>

        <ChartCard
          title="Action items not done, by owner"
          description={`${data.actionItems.open} open from this period's incidents, ${data.actionItems.overdue} overdue.`}
          link={{ href: `/action-items?${new URLSearchParams({ from: range.firstDay, to: range.lastDay })}`, label: 'Action items' }}
          testId="chart-action-items"
          chart={<OwnersChart owners={data.actionItems.owners} href={itemsHref} />}
          numbers={
            <ul className="text-xs">
              {data.actionItems.owners.slice(0, 10).map((o) => (
                <li key={o.owner?.id ?? 'none'} className="flex items-center justify-between gap-2">
                  <Link href={itemsHref(o.owner, false)} className="truncate py-1 hover:underline">
                    {o.owner?.name ?? 'Unassigned'}
                  </Link>
                  <span className="tabular-nums">
                    {o.open}
                    {o.overdue ? (
                      <Link href={itemsHref(o.owner, true)} className="ml-1 font-semibold text-red-700 hover:underline">
                        ({o.overdue} late)
                      </Link>
                    ) : null}
                  </span>
                </li>
              ))}
            </ul>
          }
        />
      </div>

      <p className="text-right text-[11px] text-slate-500">
        Computed in {data.serverMs} ms · refreshed {data.generatedAt.slice(11, 19)} UTC
      </p>
    </div>
  )
}
