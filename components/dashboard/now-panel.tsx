import Link from 'next/link'
import { formatAge, SeverityBadge, SlaText } from '@/components/incidents/badges'
import { ageBands, type NowSection } from '@/lib/dashboard/dto'
import { incidentsHref } from '@/lib/dashboard/range'

/** Open incidents now: counts by severity and age, commanders, and the clocks that are overdue. */
export function NowPanel({ now }: Readonly<{ now: NowSection }>) {
  return (
    <section className="rounded-xl border border-slate-200 bg-white shadow-sm" aria-labelledby="now-heading" data-testid="now">
      <div className="flex flex-wrap items-baseline justify-between gap-2 border-b border-slate-100 px-4 py-3">
        <h2 id="now-heading" className="text-sm font-semibold">
          Open incidents now{' '}
          <span className="font-normal text-slate-500">
            ({now.total}
            {now.overdue ? `, ${now.overdue} with an overdue clock` : ''})
          </span>
        </h2>
        <Link href={incidentsHref({ state: 'open' })} className="text-xs font-medium text-brand-700 hover:underline">
          All open incidents →
        </Link>
      </div>
      {now.total === 0 ? (
        <p className="px-4 py-4 text-sm text-green-800">No open incident. Nothing is burning.</p>
      ) : (
        <div className="grid grid-cols-[minmax(0,1fr)] gap-4 p-4 lg:grid-cols-[minmax(0,1fr)_16rem]">
          <div className="min-w-0 space-y-4">
            <table className="w-full text-sm" aria-label="Open incidents by severity and age">
              <thead className="text-xs text-slate-500">
                <tr>
                  <th scope="col" className="py-1 text-left font-medium">
                    Severity
                  </th>
                  {ageBands.map((b) => (
                    <th key={b.label} scope="col" className="py-1 text-right font-medium">
                      {b.label}
                    </th>
                  ))}
                  <th scope="col" className="py-1 text-right font-medium">
                    Open
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {now.bySeverity.map((s) => (
                  <tr key={s.severity}>
                    <td className="py-1.5">
                      <SeverityBadge severity={s.severity} />
                    </td>
                    {s.byAge.map((n, k) => (
                      <td key={k} className={`py-1.5 text-right tabular-nums ${n ? 'text-slate-900' : 'text-slate-300'}`}>
                        {n}
                      </td>
                    ))}
                    <td className="py-1.5 text-right font-semibold tabular-nums">
                      {s.count ? (
                        <Link href={incidentsHref({ state: 'open', severity: s.severity })} className="text-brand-700 hover:underline">
                          {s.count}
                        </Link>
                      ) : (
                        <span className="text-slate-300">0</span>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            <ul className="divide-y divide-slate-100 rounded-lg border border-slate-100">
              {now.incidents.map((i) => (
                <li key={i.id} className={`flex flex-wrap items-center gap-x-2 gap-y-0.5 px-3 py-2 text-sm ${i.overdueClocks.length ? 'bg-red-50/50' : ''}`}>
                  <SeverityBadge severity={i.severity} />
                  <Link href={`/incidents/${i.id}`} className="min-w-0 truncate font-medium hover:underline">
                    <span className="font-mono text-xs text-slate-500">{i.ref}</span> {i.title}
                  </Link>
                  <span className="ml-auto whitespace-nowrap text-xs tabular-nums text-slate-600">{formatAge(i.ageMinutes)}</span>
                  <span className="w-full text-xs text-slate-600">
                    {i.commander?.name ?? 'no commander'} ·{' '}
                    <SlaText state={i.sla.state} reason={i.overdueClocks.length ? `${i.overdueClocks.join(', ')} overdue` : i.sla.reason} />
                    {i.escalate ? <span className="ml-1 font-semibold text-red-700">· escalate</span> : null}
                  </span>
                </li>
              ))}
            </ul>
            {now.total > now.incidents.length ? (
              <p className="text-xs text-slate-500">
                Showing {now.incidents.length} of {now.total}, worst first.
              </p>
            ) : null}
          </div>
          <div>
            <h3 className="text-xs font-semibold uppercase tracking-wide text-slate-500">Commanders</h3>
            <ul className="mt-1 space-y-1 text-sm">
              {now.byCommander.map((c) => (
                <li key={c.commander?.id ?? 'none'} className="flex justify-between gap-2">
                  {c.commander ? (
                    <Link href={incidentsHref({ state: 'open', commanderId: c.commander.id })} className="truncate py-1 hover:underline">
                      {c.commander.name}
                    </Link>
                  ) : (
                    <span className="text-slate-500">No commander</span>
                  )}
                  <span className="tabular-nums font-semibold">{c.count}</span>
                </li>
              ))}
            </ul>
          </div>
        </div>
      )}
    </section>
  )
}
