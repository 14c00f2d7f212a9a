import Link from 'next/link'
import { auditActions } from '@/lib/audit/actions'

const field = 'mt-1 rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm'

export function AuditFilters({ filter, services }: Readonly<{ filter: Record<string, string | undefined>; services: { id: string; label: string }[] }>) {
  const exportQuery = new URLSearchParams(Object.entries(filter).filter((e): e is [string, string] => Boolean(e[1])))
  return (
    <form
      method="get"
      action="/audit"
      aria-label="Filter audit events"
      className="mb-4 flex flex-wrap items-end gap-3 rounded-xl border border-slate-200 bg-white p-3 shadow-sm"
    >
      <label className="flex flex-col text-xs font-medium text-slate-600">
        Actor
        <input name="actor" defaultValue={filter.actor} placeholder="email" className={`${field} w-48`} />
      </label>
      <label className="flex flex-col text-xs font-medium text-slate-600">
        Action
        <select name="action" defaultValue={filter.action ?? ''} className={field}>
          <option value="">Any</option>
          {auditActions.map((a) => (
            <option key={a}>{a}</option>
          ))}
        </select>
      </label>
      <label className="flex flex-col text-xs font-medium text-slate-600">
        Service
        <select name="serviceId" defaultValue={filter.serviceId ?? ''} className={`${field} max-w-48`}>
          <option value="">Any</option>
          {services.map((s) => (
            <option key={s.id} value={s.id}>
              {s.label}
            </option>
          ))}
        </select>
      </label>
      <label className="flex flex-col text-xs font-medium text-slate-600">
        Incident
        <input name="incident" defaultValue={filter.incident} placeholder="INC-12" className={`${field} w-24`} />
      </label>
      <label className="flex flex-col text-xs font-medium text-slate-600">
        From
        <input type="date" name="from" defaultValue={filter.from} className={field} />
      </label>
      <label className="flex flex-col text-xs font-medium text-slate-600">
        To
        <input type="date" name="to" defaultValue={filter.to} className={field} />
      </label>
      <button type="submit" className="rounded-md bg-slate-900 px-3 py-1.5 text-sm font-medium text-white">
        Apply
      </button>
      <Link href="/audit" className="rounded-md px-3 py-1.5 text-sm ring-1 ring-slate-300">
        Reset
      </Link>
      <a
        href={`/api/audit/export?${exportQuery}`}
        className="ml-auto rounded-md px-3 py-1.5 text-sm font-medium text-brand-700 ring-1 ring-brand-100 hover:bg-brand-50"
        download
      >
        Export CSV
      </a>
    </form>
  )
}
