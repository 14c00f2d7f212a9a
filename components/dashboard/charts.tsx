'use client'

import { useRouter } from 'next/navigation'
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts'
import type { ActionItemOwnerCount, BucketStats, ServiceCount } from '@/lib/dashboard/dto'
import { share, type SeverityStats } from '@/lib/dashboard/metrics'
import { incidentsHref, type DashboardRange } from '@/lib/dashboard/range'
import { formatMinutes, severities } from '@/lib/incidents/policy'
import { severityColour } from './format'

const axis = { fontSize: 11, fill: '#64748b' }
const tooltip = { fontSize: 12 }

function Empty({ text }: Readonly<{ text: string }>) {
  return <p className="grid h-full place-items-center text-xs text-slate-500">{text}</p>
}

/** Incidents per day or week, stacked by severity; a bar opens those incidents. */
export function IncidentsChart({ buckets }: Readonly<{ buckets: BucketStats[] }>) {
  const router = useRouter()
  const data = buckets.map((b) => ({ label: b.label, firstDay: b.firstDay, lastDay: b.lastDay, ...b.counts }))
  const total = buckets.reduce((a, b) => a + severities.reduce((x, s) => x + b.counts[s], 0), 0)
  return (
    <div className="h-56">
      {total === 0 ? (
        <Empty text="No incidents in this period." />
      ) : (
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={data} margin={{ top: 4, right: 8, bottom: 0, left: -20 }}>
            <CartesianGrid stroke="#eef2f7" vertical={false} />
            <XAxis dataKey="label" tick={axis} minTickGap={8} />
            <YAxis allowDecimals={false} tick={axis} width={44} />
            <Tooltip contentStyle={tooltip} cursor={{ fill: '#f1f5f9' }} />
            <Legend wrapperStyle={{ fontSize: 11 }} />
            {severities.map((s) => (
              <Bar
                key={s}
                dataKey={s}
                stackId="severity"
                fill={severityColour[s]}
                isAnimationActive={false}
                cursor="pointer"
                onClick={(item) => {
                  const row = item.payload as { firstDay: string; lastDay: string }
                  router.push(incidentsHref({ severity: s, from: row.firstDay, to: row.lastDay }))
                }}
              />
            ))}
          </BarChart>
        </ResponsiveContainer>
      )}
    </div>
  )
}

/** Round figures for a log axis of minutes: 1 min to 2 weeks. */
const logTicks = [1, 5, 15, 60, 240, 1440, 5760, 20160]
const tickLabel = (m: number) => (m >= 1440 ? `${Math.round(m / 1440)}d` : m >= 60 ? `${Math.round(m / 60)}h` : `${Math.round(m)}m`)

/** Mean time to acknowledge or to resolve per bucket, one line per severity (log scale: SEV4 takes days, SEV1 minutes). */
export function TrendChart({ buckets, metric }: Readonly<{ buckets: BucketStats[]; metric: 'mtta' | 'mttr' }>) {
  const data = buckets.map((b) => ({
    label: b.label,
    ...Object.fromEntries(severities.map((s) => [s, b[metric][s] == null ? null : Math.max(1, b[metric][s]!)])),
  }))
  const values = buckets.flatMap((b) => severities.map((s) => b[metric][s]).filter((v): v is number => v != null)).map((v) => Math.max(1, v))
  const any = values.length > 0
  // The axis spans the data with a margin, ticked at round figures inside it.
  const lo = Math.max(1, Math.min(...values) / 1.5)
  const hi = Math.max(lo * 2, Math.max(...values) * 1.5)
  const ticks = logTicks.filter((t) => t >= lo && t <= hi)
  return (
    <div className="h-48">
      {!any ? (
        <Empty text="Nothing acknowledged or resolved in this period." />
      ) : (
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={data} margin={{ top: 4, right: 8, bottom: 0, left: -12 }}>
            <CartesianGrid stroke="#eef2f7" vertical={false} />
            <XAxis dataKey="label" tick={axis} minTickGap={8} />
            <YAxis scale="log" domain={[lo, hi]} ticks={ticks.length ? ticks : undefined} allowDataOverflow tickFormatter={tickLabel} tick={axis} width={52} />
            <Tooltip contentStyle={tooltip} formatter={(v, name) => [formatMinutes(Number(v)), String(name)]} />
            <Legend wrapperStyle={{ fontSize: 11 }} />
            {severities.map((s) => (
              <Line key={s} type="monotone" dataKey={s} stroke={severityColour[s]} strokeWidth={2} dot={{ r: 2 }} connectNulls isAnimationActive={false} />
            ))}
          </LineChart>
        </ResponsiveContainer>
      )}
    </div>
  )
}

/** Share acknowledged and resolved within the target, per severity; a bar opens that severity's incidents. */
export function TargetsChart({ stats, range }: Readonly<{ stats: SeverityStats[]; range: DashboardRange }>) {
  const router = useRouter()
  const data = stats.map((s) => ({
    severity: s.severity,
    acknowledged: share(s.ackMet, s.ackMissed) == null ? null : Math.round(share(s.ackMet, s.ackMissed)! * 100),
    resolved: share(s.resolveMet, s.resolveMissed) == null ? null : Math.round(share(s.resolveMet, s.resolveMissed)! * 100),
  }))
  const open = (row: { severity: string }) => router.push(incidentsHref({ severity: row.severity, from: range.firstDay, to: range.lastDay }))
  return (
    <div className="h-48">
      {stats.every((s) => s.incidents === 0) ? (
        <Empty text="No incidents in this period." />
      ) : (
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={data} margin={{ top: 4, right: 8, bottom: 0, left: 0 }}>
            <CartesianGrid stroke="#eef2f7" vertical={false} />
            <XAxis dataKey="severity" tick={axis} />
            <YAxis domain={[0, 100]} tickFormatter={(v) => `${v}%`} tick={axis} width={44} />
            <Tooltip contentStyle={tooltip} formatter={(v, name) => [`${v}%`, `${name} within target`]} cursor={{ fill: '#f1f5f9' }} />
            <Legend wrapperStyle={{ fontSize: 11 }} formatter={(v) => `${v} within target`} />
            <Bar
              dataKey="acknowledged"
              fill="#2557e8"
              isAnimationActive={false}
              cursor="pointer"
              onClick={(item) => open(item.payload as { severity: string })}
            />
            <Bar dataKey="resolved" fill="#16a34a" isAnimationActive={false} cursor="pointer" onClick={(item) => open(item.payload as { severity: string })} />
          </BarChart>
        </ResponsiveContainer>
      )}
    </div>
  )
}

/** The services named in the most incidents, stacked by severity; a bar opens that service's incidents. */
export function ServicesChart({ services, range }: Readonly<{ services: ServiceCount[]; range: DashboardRange }>) {
  const router = useRouter()
  const data = services.map((s) => ({ id: s.id, name: `${s.name} · ${s.cluster}`, ...s.bySeverity }))
  return (
    <div style={{ height: Math.max(120, 28 * data.length + 40) }}>
      {data.length === 0 ? (
        <Empty text="No incident named a service in this period." />
      ) : (
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={data} layout="vertical" margin={{ top: 4, right: 8, bottom: 0, left: 0 }}>
            <CartesianGrid stroke="#eef2f7" horizontal={false} />
            <XAxis type="number" allowDecimals={false} tick={axis} />
            <YAxis type="category" dataKey="name" tick={axis} width={170} />
            <Tooltip contentStyle={tooltip} cursor={{ fill: '#f1f5f9' }} />
            {severities.map((s) => (
              <Bar
                key={s}
                dataKey={s}
                stackId="severity"
                fill={severityColour[s]}
                isAnimationActive={false}
                cursor="pointer"
                onClick={(item) => router.push(incidentsHref({ serviceId: (item.payload as { id: string }).id, from: range.firstDay, to: range.lastDay }))}
              />
            ))}
          </BarChart>
        </ResponsiveContainer>
      )}
    </div>
  )
}

/** Action items not done, per owner: overdue in red; a bar opens that owner's list. */
export function OwnersChart({
  owners,
  href,
}: Readonly<{ owners: ActionItemOwnerCount[]; href: (owner: ActionItemOwnerCount['owner'], overdue: boolean) => string }>) {
  const router = useRouter()
  const data = owners.slice(0, 10).map((o) => ({ name: o.owner?.name ?? 'Unassigned', owner: o.owner, overdue: o.overdue, onTrack: o.open - o.overdue }))
  return (
    <div style={{ height: Math.max(120, 28 * data.length + 40) }}>
      {data.length === 0 ? (
        <Empty text="No open action items from this period." />
      ) : (
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={data} layout="vertical" margin={{ top: 4, right: 8, bottom: 0, left: 0 }}>
            <CartesianGrid stroke="#eef2f7" horizontal={false} />
            <XAxis type="number" allowDecimals={false} tick={axis} />
            <YAxis type="category" dataKey="name" tick={axis} width={130} />
            <Tooltip contentStyle={tooltip} cursor={{ fill: '#f1f5f9' }} />
            <Legend wrapperStyle={{ fontSize: 11 }} />
            <Bar
              dataKey="overdue"
              name="overdue"
              stackId="items"
              fill="#dc2626"
              isAnimationActive={false}
              cursor="pointer"
              onClick={(item) => router.push(href((item.payload as { owner: ActionItemOwnerCount['owner'] }).owner, true))}
            />
            <Bar
              dataKey="onTrack"
              name="not yet due"
              stackId="items"
              fill="#94a3b8"
              isAnimationActive={false}
              cursor="pointer"
              onClick={(item) => router.push(href((item.payload as { owner: ActionItemOwnerCount['owner'] }).owner, false))}
            />
          </BarChart>
        </ResponsiveContainer>
      )}
    </div>
  )
}
