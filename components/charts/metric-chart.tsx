'use client'

import { CartesianGrid, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts'

type Point = { t: number; v: number | null }

const time = (t: number) => new Date(t).toISOString().slice(11, 16)

/** One metric over time, with its warning and critical lines drawn. */
export function MetricChart({
  title,
  unit,
  points,
  warning,
  critical,
  color = '#2557e8',
  asOf,
  periodSeconds,
}: Readonly<{
  title: string
  unit: string
  points: Point[]
  warning?: number
  critical?: number
  color?: string
  /** With the time the series was read and its period, the latest value is called "now" only while it is current (within two periods). */
  asOf?: number
  periodSeconds?: number
}>) {
  const values = points.map((p) => p.v).filter((v): v is number => v != null)
  const lastPoint = points.filter((p) => p.v != null).at(-1)
  const current = !lastPoint || asOf === undefined || periodSeconds === undefined || asOf - (lastPoint.t + periodSeconds * 1000) <= 2 * periodSeconds * 1000
  const latest = current ? values.at(-1) : undefined
  const since = !current && lastPoint ? `no data since ${time(lastPoint.t + periodSeconds! * 1000)} UTC` : 'no data'
  const top = Math.max(...values, critical ?? 0) * 1.1 || 1
  return (
    <figure className="rounded-xl border border-slate-200 bg-white p-3 shadow-sm">
      <figcaption className="mb-1 flex items-baseline justify-between text-sm">
        <span className="font-semibold">{title}</span>
        <span className="tabular-nums text-slate-600">
          {latest == null ? since : `${latest.toFixed(unit === '%' ? 1 : 0)}${unit === '%' ? '%' : ` ${unit}`} now`}
        </span>
      </figcaption>
      <div className="h-40">
        {values.length === 0 ? (
          <p className="grid h-full place-items-center text-xs text-slate-500">No data points in this range.</p>
        ) : (
          <ResponsiveContainer width="100%" height="100%">
            <LineChart data={points} margin={{ top: 6, right: 8, bottom: 0, left: -18 }}>
              <CartesianGrid stroke="#eef2f7" vertical={false} />
              <XAxis dataKey="t" type="number" domain={['dataMin', 'dataMax']} tickFormatter={time} tick={{ fontSize: 11, fill: '#64748b' }} minTickGap={40} />
              <YAxis domain={[0, Math.ceil(top)]} tick={{ fontSize: 11, fill: '#64748b' }} width={48} />
              <Tooltip
                labelFormatter={(t) => `${time(Number(t))} UTC`}
                formatter={(v) => [`${Number(v).toFixed(unit === '%' ? 1 : 0)} ${unit}`, title]}
                contentStyle={{ fontSize: 12 }}
              />
              {warning != null ? (
                <ReferenceLine
                  y={warning}
                  stroke="#d97706"
                  strokeDasharray="4 3"
                  label={{ value: 'warning', fontSize: 10, fill: '#b45309', position: 'insideTopRight' }}
                />
              ) : null}
              {critical != null ? (
                <ReferenceLine
                  y={critical}
                  stroke="#dc2626"
                  strokeDasharray="4 3"
                  label={{ value: 'critical', fontSize: 10, fill: '#b91c1c', position: 'insideTopRight' }}
                />
              ) : null}
              <Line type="monotone" dataKey="v" stroke={color} strokeWidth={2} dot={false} isAnimationActive={false} connectNulls />
            </LineChart>
          </ResponsiveContainer>
        )}
      </div>
    </figure>
  )
}
