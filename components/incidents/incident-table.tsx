import Link from 'next/link'
import type { IncidentPage } from '@/lib/incidents/dto'
import { formatAge, IncidentStatusBadge, SeverityBadge, SlaText } from './badges'

export function IncidentTable({ page, filter }: Readonly<{ page: IncidentPage; filter: Record<string, string | undefined> }>) {
  const next = page.nextCursor
    ? `/incidents?${new URLSearchParams({ ...Object.fromEntries(Object.entries(filter).filter((e): e is [string, string] => Boolean(e[1]))), cursor: page.nextCursor })}`
    : null
  return (
    <section className="rounded-xl border border-slate-200 bg-white shadow-sm">
      <div className="flex items-center justify-between border-b border-slate-100 px-4 py-2.5 text-sm">
        <h2 className="font-semibold">{page.total === 1 ? '1 incident' : `${page.total} incidents`}</h2>
        <span className="text-xs text-slate-500">times in UTC</span>
      </div>
      {page.items.length === 0 ? (
        <p className="p-6 text-sm text-slate-600">No incident matches. That is good news, or the filters are too narrow.</p>
      ) : (
        <div className="relative overflow-x-auto">
          <table className="w-full text-left text-sm">
            <thead className="text-xs uppercase text-slate-500">
              <tr>
                <th scope="col" className="px-4 py-2 font-medium">
                  Incident
                </th>
                <th scope="col" className="px-4 py-2 font-medium">
                  Status
                </th>
                <th scope="col" className="hidden px-4 py-2 font-medium md:table-cell">
                  Services
                </th>
                <th scope="col" className="hidden px-4 py-2 font-medium lg:table-cell">
                  Commander
                </th>
                <th scope="col" className="px-4 py-2 text-right font-medium">
                  Age
                </th>
                <th scope="col" className="px-4 py-2 font-medium">
                  SLA
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {page.items.map((i) => (
                <tr
                  key={i.id}
                  className={i.sla.state === 'overdue' && i.status !== 'RESOLVED' ? 'bg-red-50/50' : undefined}
                  data-testid={`incident-row-${i.ref}`}
                >
                  <td className="px-4 py-2.5">
                    <div className="flex items-center gap-2">
                      <SeverityBadge severity={i.severity} />
                      <Link href={`/incidents/${i.id}`} className="font-medium text-slate-900 hover:text-brand-700 hover:underline">
                        <span className="font-mono text-xs text-slate-500">{i.ref}</span> {i.title}
                      </Link>
                    </div>
                  </td>
                  <td className="whitespace-nowrap px-4 py-2.5">
                    <IncidentStatusBadge status={i.status} />
                  </td>
                  <td className="hidden px-4 py-2.5 text-xs text-slate-600 md:table-cell">{i.services.map((s) => s.name).join(', ') || '—'}</td>
                  <td className="hidden px-4 py-2.5 text-slate-700 lg:table-cell">{i.commander?.name ?? '—'}</td>
                  <td className="whitespace-nowrap px-4 py-2.5 text-right tabular-nums text-slate-700">{formatAge(i.ageMinutes)}</td>
                  <td className="px-4 py-2.5">
                    {i.status === 'RESOLVED' ? <span className="text-xs text-slate-500">resolved</span> : <SlaText state={i.sla.state} reason={i.sla.reason} />}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {next ? (
        <div className="border-t border-slate-100 px-4 py-3 text-sm">
          <Link href={next} className="font-medium text-brand-600 hover:underline">
            Next page →
          </Link>
        </div>
      ) : null}
    </section>
  )
}
