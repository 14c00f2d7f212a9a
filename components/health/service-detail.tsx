'use client'

import { useQuery } from '@tanstack/react-query'
import { useState, type ReactNode } from 'react'
import { MetricChart } from '@/components/charts/metric-chart'
import { metricRanges, type MetricRange, type Panel, type ServiceDetail } from '@/lib/health/detail-dto'
import { serviceDetailQuery, serviceMetricsQuery } from '@/lib/health/query-keys'
import { REFRESH_MS } from '@/lib/health/refresh'
import { ageText } from '@/lib/health/rules'
import { thresholds } from '@/lib/health/thresholds'
import { CopyButton } from './copy-button'
import { FirstReading } from './first-reading'
import { Freshness } from './freshness'
import { StatusBadge } from './status-badge'
import { CommandBlock } from '@/components/ui/command-block'

const when = (iso: string | null | undefined) => (iso ? iso.replace('T', ' ').slice(0, 19) + ' UTC' : '—')

function Box({ title, panel, children, testId }: Readonly<{ title: string; panel?: Panel<unknown>; children: ReactNode; testId?: string }>) {
  return (
    <section className="rounded-xl border border-slate-200 bg-white shadow-sm" data-testid={testId}>
      <h2 className="border-b border-slate-100 px-4 py-2.5 text-sm font-semibold">{title}</h2>
      {panel?.error ? (
        <p role="status" className="m-3 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900">
          {panel.error}
        </p>
      ) : (
        children
      )}
    </section>
  )
}

function Empty({ children }: Readonly<{ children: ReactNode }>) {
  return <p className="px-4 py-3 text-sm text-slate-500">{children}</p>
}

function Counts({ d }: Readonly<{ d: ServiceDetail }>) {
  const c = d.counts.data
  const items = [
    ['Running', c?.running],
    ['Desired', c?.desired],
    ['Pending', c?.pending],
  ] as const
  return (
    <div className="grid grid-cols-3 gap-3">
      {items.map(([label, value]) => (
        <div key={label} className="rounded-xl border border-slate-200 bg-white px-4 py-3 shadow-sm">
          <p className="text-xs uppercase tracking-wide text-slate-500">{label}</p>
          <p className="mt-1 text-2xl font-semibold tabular-nums" data-testid={`count-${label.toLowerCase()}`}>
            {value ?? '—'}
          </p>
        </div>
      ))}
    </div>
  )
}

/** Latest values: current ones, or "no data" with the age of the last datapoint; never a stale value as current. */
function Latest({ d }: Readonly<{ d: ServiceDetail }>) {
  const c = d.current
  const now = new Date(d.observedAt)
  const running = d.counts.data?.running ?? null
  const lb = Boolean(d.targetGroupArn)
  const items: [string, number | null, string, number, string | null | undefined, boolean][] = [
    ['CPU', c.cpuPercent, '%', 0, c.metricsAt?.cpu, running !== 0],
    ['Memory', c.memoryPercent, '%', 0, c.metricsAt?.memory, running !== 0],
    ['5xx', c.errorRatePercent, '%', 1, c.metricsAt?.errors, lb],
    ['Latency', c.latencyMs, ' ms', 0, c.metricsAt?.latency, lb],
  ]
  return (
    <dl className="flex flex-wrap gap-x-5 gap-y-1 text-sm" data-testid="latest-values">
      {items.map(([label, v, unit, digits, at, applies]) => (
        <div key={label} className="flex items-baseline gap-1.5">
          <dt className="text-xs uppercase tracking-wide text-slate-500">{label}</dt>
          <dd className="tabular-nums">
            {v != null ? (
              `${v.toFixed(digits)}${unit}`
            ) : !applies ? (
              <span className="text-slate-500">—</span>
            ) : c.error ? (
              <span className="text-slate-500">unavailable</span>
            ) : (
              <span className="text-slate-500">no data{at ? ` (last ${ageText(at, now)})` : ''}</span>
            )}
          </dd>
        </div>
      ))}
    </dl>
  )
}

function Charts({ serviceId }: Readonly<{ serviceId: string }>) {
  const [range, setRange] = useState<MetricRange>('1h')
  const { data, error } = useQuery({ ...serviceMetricsQuery(serviceId, range), refetchInterval: 60_000, refetchIntervalInBackground: false })
  const series = (pick: (p: NonNullable<typeof data>['points'][number]) => number | null) => (data?.points ?? []).map((p) => ({ t: p.t, v: pick(p) }))
  const asOf = data ? { asOf: Date.parse(data.refreshedAt), periodSeconds: data.periodSeconds } : {}
  return (
    <section aria-labelledby="metrics" className="space-y-3">
      <div className="flex items-center justify-between">
        <h2 id="metrics" className="text-sm font-semibold">
          CloudWatch metrics
        </h2>
        <div role="group" aria-label="Time range" className="flex gap-1">
          {metricRanges.map((r) => (
            <button
              key={r}
              type="button"
              aria-pressed={range === r}
              onClick={() => setRange(r)}
              className={`rounded-md px-2.5 py-1 text-xs font-medium ring-1 ${range === r ? 'bg-slate-900 text-white ring-slate-900' : 'bg-white text-slate-700 ring-slate-300'}`}
            >
              {r}
            </button>
          ))}
        </div>
      </div>
      {error || data?.error ? (
        <p role="status" className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900">
          Metrics unavailable: {data?.error ?? error?.message}
        </p>
      ) : null}
      <div className="grid grid-cols-[minmax(0,1fr)] gap-3 md:grid-cols-2">
        <MetricChart title="CPU" unit="%" points={series((p) => p.cpuPercent)} {...thresholds.cpuPercent} {...asOf} />
        <MetricChart title="Memory" unit="%" points={series((p) => p.memoryPercent)} {...thresholds.memoryPercent} color="#7c3aed" {...asOf} />
        <MetricChart title="5xx share" unit="%" points={series((p) => p.errorRatePercent)} {...thresholds.errorRatePercent} color="#dc2626" {...asOf} />
        <MetricChart title="Target response time" unit="ms" points={series((p) => p.latencyMs)} {...thresholds.latencyMs} color="#0891b2" {...asOf} />
      </div>
    </section>
  )
}

/** While ECS cannot be read: what this page last saw and how old it is, never shown as current. */
function LastKnown({ d }: Readonly<{ d: ServiceDetail }>) {
  const k = d.lastKnown
  return (
    <p
      className={`w-full text-xs font-semibold ${k?.status === 'critical' ? 'text-red-800' : k?.status === 'healthy' ? 'text-slate-700' : 'text-amber-800'}`}
      data-testid="last-known"
    >
      {k
        ? `Last known: ${k.status}, ${ageText(k.at, new Date())} · ${k.reason}`
        : 'Last known: none on record. This page has no earlier reading, and the board keeps one only for services that were in trouble.'}
    </p>
  )
}

export function ServiceDetailView({ serviceId }: Readonly<{ serviceId: string }>) {
  const { data: d, error, isFetching } = useQuery({ ...serviceDetailQuery(serviceId), refetchInterval: REFRESH_MS, refetchIntervalInBackground: false })
  if (error && !d) {
    return (
      <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
        Live data for this service could not be loaded ({error.message}). Retrying.
      </p>
    )
  }
  if (!d) return <FirstReading />

  const defs = d.taskDefinitions.data
  return (
    <div className="space-y-5">
      <div className="flex flex-wrap items-center justify-between gap-3 rounded-xl border border-slate-200 bg-white px-4 py-3 shadow-sm">
        <div className="flex min-w-0 items-center gap-3">
          <StatusBadge status={d.status} />
          <p className="text-sm text-slate-700" data-testid="service-reason">
            {d.reason}
          </p>
        </div>
        <Freshness refreshedAt={d.refreshedAt} intervalMs={REFRESH_MS} stale={d.stale} fetching={isFetching} />
        {d.status === 'unknown' && d.counts.data === null ? <LastKnown d={d} /> : null}
        <div className="w-full border-t border-slate-100 pt-2">
          <Latest d={d} />
        </div>
      </div>

      {d.serviceStatus && d.serviceStatus !== 'ACTIVE' ? (
        <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-900" data-testid="service-not-active">
          This ECS service is {d.serviceStatus} ({d.serviceStatus === 'INACTIVE' ? 'deleted' : 'being deleted'}). It cannot be scaled, restarted or rolled back;
          recreate it in ECS or remove it from the catalog.
        </p>
      ) : null}
      {d.targetGroupWarning ? (
        <p role="status" className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900" data-testid="target-group-warning">
          {d.targetGroupWarning.charAt(0).toUpperCase() + d.targetGroupWarning.slice(1)}. This page reads the target group ECS reports.
        </p>
      ) : null}

      <Counts d={d} />

      <div className="grid grid-cols-[minmax(0,1fr)] gap-5 lg:grid-cols-2">
        <Box title="Deployments" panel={d.deployments}>
          {d.deployments.data?.length ? (
            <ul className="divide-y divide-slate-100 text-sm">
              {d.deployments.data.map((dep) => (
                <li key={dep.id} className="px-4 py-2.5">
                  <div className="flex items-center justify-between gap-2">
                    <span className="font-medium">
                      {dep.status} · <span className="font-mono text-xs">{dep.taskDefinition}</span>
                    </span>
                    <span
                      className={`rounded px-1.5 py-0.5 text-xs font-semibold ${
                        dep.rolloutState === 'FAILED'
                          ? 'bg-red-100 text-red-800'
                          : dep.rolloutState === 'IN_PROGRESS'
                            ? 'bg-blue-100 text-blue-800'
                            : 'bg-green-100 text-green-800'
                      }`}
                    >
                      {dep.rolloutState ?? '—'}
                    </span>
                  </div>
                  <p className="text-xs text-slate-600">
                    {dep.running}/{dep.desired} running, {dep.pending} pending{dep.failedTasks ? `, ${dep.failedTasks} failed` : ''} · since{' '}
                    {when(dep.createdAt)}
                  </p>
                  {dep.rolloutReason ? <p className="text-xs text-slate-500">{dep.rolloutReason}</p> : null}
                </li>
              ))}
            </ul>
          ) : (
            <Empty>No deployments.</Empty>
          )}
        </Box>

        <Box title="Recent service events" panel={d.events}>
          {d.events.data?.length ? (
            <ul className="max-h-64 divide-y divide-slate-100 overflow-y-auto text-sm">
              {d.events.data.map((e, i) => (
                <li key={i} className="px-4 py-2">
                  <p className="font-mono text-[11px] text-slate-500">{when(e.at)}</p>
                  <p className="text-slate-800">{e.message}</p>
                </li>
              ))}
            </ul>
          ) : (
            <Empty>No recent events.</Empty>
          )}
        </Box>
      </div>

      <Box title="Recently stopped tasks" panel={d.stoppedTasks} testId="stopped-tasks">
        {d.stoppedTasks.data?.length ? (
          <div className="relative overflow-x-auto">
            <table className="w-full text-left text-sm">
              <thead className="text-xs uppercase text-slate-500">
                <tr>
                  <th scope="col" className="px-4 py-2 font-medium">
                    Stopped
                  </th>
                  <th scope="col" className="px-4 py-2 font-medium">
                    Task
                  </th>
                  <th scope="col" className="px-4 py-2 font-medium">
                    Exit code
                  </th>
                  <th scope="col" className="px-4 py-2 font-medium">
                    Reason
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {d.stoppedTasks.data.map((t) => (
                  <tr key={t.taskId}>
                    <td className="whitespace-nowrap px-4 py-2 font-mono text-xs">{when(t.stoppedAt)}</td>
                    <td className="px-4 py-2 font-mono text-xs">{t.taskId.slice(0, 12)}</td>
                    <td className="px-4 py-2">
                      <span className={`font-mono font-semibold ${t.exitCode && t.exitCode !== 0 ? 'text-red-700' : ''}`} data-testid="exit-code">
                        {t.exitCode ?? '—'}
                      </span>
                      {t.oom ? <span className="ml-2 rounded bg-red-100 px-1.5 py-0.5 text-xs font-semibold text-red-800">OOM</span> : null}
                    </td>
                    <td className="px-4 py-2 text-xs text-slate-700">
                      {t.stoppedReason}
                      {t.containerReason ? <span className="block text-slate-500">{t.containerReason}</span> : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <Empty>No task stopped in the last hour.</Empty>
        )}
      </Box>

      <Charts serviceId={serviceId} />

      <div className="grid grid-cols-[minmax(0,1fr)] gap-5 lg:grid-cols-2">
        <Box title="Task definition" panel={d.taskDefinitions}>
          {defs?.current ? (
            <dl className="grid grid-cols-[8rem_1fr] gap-x-3 gap-y-1 px-4 py-3 text-sm">
              <dt className="text-slate-500">Current</dt>
              <dd className="font-mono text-xs">
                {defs.current.family}:{defs.current.revision} · cpu {defs.current.cpu ?? '—'} · memory {defs.current.memory ?? '—'}
              </dd>
              <dt className="text-slate-500">Image</dt>
              <dd className="break-all font-mono text-xs">{defs.current.images.join(', ')}</dd>
              <dt className="text-slate-500">Previous</dt>
              <dd className="font-mono text-xs">
                {defs.previous ? `${defs.previous.family}:${defs.previous.revision} · ${defs.previous.images.join(', ')}` : 'none'}
              </dd>
            </dl>
          ) : (
            <Empty>Unknown.</Empty>
          )}
        </Box>

        <Box title="Alarms in ALARM" panel={d.alarms}>
          {d.alarms.data?.length ? (
            <ul className="divide-y divide-slate-100 text-sm">
              {d.alarms.data.map((a) => (
                <li key={a.name} className="px-4 py-2">
                  <p className="font-medium text-red-800">{a.name}</p>
                  <p className="text-xs text-slate-600">{a.reason}</p>
                </li>
              ))}
            </ul>
          ) : (
            <Empty>No alarm is firing.</Empty>
          )}
        </Box>

        <Box title="Load balancer targets" panel={d.targets}>
          {d.service.targetGroupArn == null ? (
            <Empty>This service has no load balancer target group.</Empty>
          ) : d.targets.data?.length ? (
            <ul className="divide-y divide-slate-100 text-sm">
              {d.targets.data.map((t) => (
                <li key={`${t.id}:${t.port}`} className="flex items-center justify-between px-4 py-2">
                  <span className="font-mono text-xs">
                    {t.id}:{t.port ?? '—'}
                  </span>
                  <span className={`text-xs font-semibold ${t.state === 'healthy' ? 'text-green-700' : 'text-red-700'}`}>
                    {t.state}
                    {t.reason ? ` · ${t.description ?? t.reason}` : ''}
                  </span>
                </li>
              ))}
            </ul>
          ) : (
            <Empty>No registered targets.</Empty>
          )}
        </Box>

        <Box title="Health endpoint" panel={d.probe}>
          {d.probe.data ? (
            <p className="px-4 py-3 text-sm">
              <span className={`font-semibold ${d.probe.data.ok ? 'text-green-700' : 'text-red-700'}`}>{d.probe.data.httpStatus ?? 'no answer'}</span> from{' '}
              <span className="font-mono text-xs">{d.probe.data.url}</span>
              {d.probe.data.latencyMs != null ? ` in ${d.probe.data.latencyMs} ms` : ''}
              {d.probe.data.detail ? <span className="block text-xs text-slate-500">{d.probe.data.detail}</span> : null}
            </p>
          ) : (
            <Empty>No health URL is configured for this service.</Empty>
          )}
        </Box>
      </div>

      <Box title="Recent ERROR log lines" panel={d.logs}>
        {d.logs.data?.length ? (
          <pre className="max-h-72 overflow-auto bg-slate-950 px-4 py-3 text-xs leading-relaxed text-slate-100">
            {d.logs.data.map((l) => `${l.at.slice(11, 19)}  ${l.message}`).join('\n')}
          </pre>
        ) : (
          <Empty>No ERROR lines in the last hour.</Empty>
        )}
      </Box>

      <Box title="Commands for this service">
        <ul className="divide-y divide-slate-100">
          {d.commands.map((c) => (
            <li key={c.label} className="px-4 py-2.5">
              <div className="flex items-center justify-between gap-2">
                <p className="text-xs font-medium text-slate-600">{c.label}</p>
                <CopyButton text={c.command} />
              </div>
              <CommandBlock label={c.label} text={c.command} className="mt-1 px-2 py-1.5 text-xs" />
            </li>
          ))}
        </ul>
      </Box>
    </div>
  )
}
