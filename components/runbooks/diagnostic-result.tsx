import { MetricChart } from '@/components/charts/metric-chart'
import type { DiagnosticResult } from '@/lib/runbooks/diagnostics'

export function DiagnosticResultView({ r }: Readonly<{ r: DiagnosticResult }>) {
  return (
    <div className="space-y-2 rounded-md border border-slate-200 bg-white p-2 text-xs" data-testid="diagnostic-result">
      <p className="font-medium text-slate-900">
        {r.summary}{' '}
        <span className="font-normal text-slate-500">
          · {r.service} · {r.takenAt.slice(11, 19)} UTC
        </span>
      </p>
      {r.warnings?.map((w) => (
        <p key={w} role="status" className="rounded bg-amber-50 px-2 py-1 text-amber-900" data-testid="diagnostic-warning">
          ⚠ {w}
        </p>
      ))}
      {r.table && r.table.rows.length ? (
        <div className="relative overflow-x-auto">
          <table className="w-full text-left">
            <thead className="text-slate-500">
              <tr>
                {r.table.columns.map((c) => (
                  <th key={c} scope="col" className="pr-3 font-medium">
                    {c}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {r.table.rows.map((row, i) => (
                <tr key={i} className="border-t border-slate-100">
                  {row.map((cell, j) => (
                    <td key={j} className="py-0.5 pr-3 font-mono">
                      {cell ?? '—'}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {r.lines?.length ? (
        <pre className="max-h-48 overflow-auto rounded bg-slate-950 p-2 text-[11px] leading-relaxed text-slate-100">{r.lines.join('\n')}</pre>
      ) : null}
      {r.series ? <MetricChart title={r.title} unit={r.series.unit} points={r.series.points} warning={r.series.warning} critical={r.series.critical} /> : null}
    </div>
  )
}
