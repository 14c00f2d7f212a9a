import Link from 'next/link'
import { Card } from '@/components/ui/card'
import type { AuditRow } from '@/lib/audit/queries'

const statusStyle: Record<AuditRow['status'], string> = {
  SUCCEEDED: 'bg-green-50 text-green-800 ring-green-200',
  FAILED: 'bg-red-50 text-red-800 ring-red-200',
  PENDING: 'bg-amber-50 text-amber-800 ring-amber-200',
}

export function AuditTable({
  events,
  nextCursor,
  filter,
}: Readonly<{ events: AuditRow[]; nextCursor: number | null; filter: Record<string, string | undefined> }>) {
  const older = nextCursor
    ? `/audit?${new URLSearchParams({ ...Object.fromEntries(Object.entries(filter).filter((e): e is [string, string] => Boolean(e[1]))), before: String(nextCursor) })}`
    : null
  return (
    <Card>
      {/* Focusable and named: when its rows are wider than the page, keyboard users can scroll it too. */}
      <div className="relative overflow-x-auto" tabIndex={0} role="region" aria-label="Audit events">
        <table className="w-full text-left text-sm">
          <thead className="text-xs uppercase text-slate-500">
            <tr>
              <th scope="col" className="px-4 py-2 font-medium">
                Time (UTC)
              </th>
              <th scope="col" className="px-4 py-2 font-medium">
                Actor
              </th>
              <th scope="col" className="px-4 py-2 font-medium">
                Action
              </th>
              <th scope="col" className="px-4 py-2 font-medium">
                Outcome
              </th>
              <th scope="col" className="px-4 py-2 font-medium">
                Target
              </th>
              <th scope="col" className="px-4 py-2 font-medium">
                Detail
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {events.map((e) => (
              <tr key={e.id} className="align-top" data-testid={`audit-${e.action}`}>
                <td className="whitespace-nowrap px-4 py-2 font-mono text-xs text-slate-600">{e.at.replace('T', ' ').slice(0, 19)}</td>
                <td className="px-4 py-2">{e.actorEmail ?? '—'}</td>
                <td className="px-4 py-2 font-mono text-xs">{e.action}</td>
                <td className="px-4 py-2">
                  <span className={`rounded px-1.5 py-0.5 text-xs font-medium ring-1 ${statusStyle[e.status]}`}>{e.status}</span>
                  {e.awsRequestId ? (
                    <span className="mt-1 block font-mono text-[10px] text-slate-500" title="AWS request id">
                      {e.awsRequestId}
                    </span>
                  ) : null}
                </td>
                <td className="px-4 py-2 text-xs">
                  {e.service ? (
                    <span className="block">
                      {e.service.name} · {e.service.cluster}
                    </span>
                  ) : null}
                  {e.incident ? (
                    <Link href={`/incidents/${e.incident.id}`} className="block text-brand-700 hover:underline">
                      {e.incident.ref}
                    </Link>
                  ) : null}
                  {!e.service && !e.incident ? <span className="text-slate-500">{e.target ?? '—'}</span> : null}
                </td>
                <td className="max-w-sm px-4 py-2 text-xs text-slate-600">
                  {e.reason ? <span className="block">“{e.reason}”</span> : null}
                  {e.error ? <span className="block text-red-700">{e.error}</span> : null}
                  {e.params ? (
                    <span className="block truncate font-mono text-[11px] text-slate-500" title={e.params}>
                      {e.params}
                    </span>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {events.length === 0 ? <p className="p-6 text-sm text-slate-600">No audit event matches.</p> : null}
      {older ? (
        <div className="border-t border-slate-100 px-4 py-3 text-sm">
          <Link href={older} className="font-medium text-brand-600 hover:underline">
            Older events →
          </Link>
        </div>
      ) : null}
    </Card>
  )
}
