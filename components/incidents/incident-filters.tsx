import Link from 'next/link'
import { severities } from '@/lib/incidents/policy'
import { incidentStatuses, statusLabels } from '@/lib/incidents/transitions'
import { EnvironmentOptions } from '@/components/ui/environment-options'

type Option = { id: string; label: string }
const field = 'rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm'

/** A plain GET form: filters live in the URL, so a filtered list can be shared as a link. */
export function IncidentFilters({ filter, services, people }: Readonly<{ filter: Record<string, string | undefined>; services: Option[]; people: Option[] }>) {
  return (
    <form
      method="get"
      action="/incidents"
      className="mb-4 flex flex-wrap items-end gap-3 rounded-xl border border-slate-200 bg-white p-3 shadow-sm"
      aria-label="Filter incidents"
    >
      <label className="flex min-w-56 flex-1 flex-col text-xs font-medium text-slate-600">
        Search
        <input type="search" name="q" defaultValue={filter.q} placeholder="Title, impact, notes or INC-42" className={`${field} mt-1`} />
      </label>
      <label className="flex flex-col text-xs font-medium text-slate-600">
        State
        <select name="state" defaultValue={filter.state ?? 'all'} className={`${field} mt-1`}>
          <option value="all">All</option>
          <option value="open">Open</option>
          <option value="resolved">Resolved</option>
        </select>
      </label>
      <label className="flex flex-col text-xs font-medium text-slate-600">
        Severity
        <select name="severity" defaultValue={filter.severity ?? ''} className={`${field} mt-1`}>
          <option value="">Any</option>
          {severities.map((s) => (
            <option key={s}>{s}</option>
          ))}
        </select>
      </label>
      <label className="flex flex-col text-xs font-medium text-slate-600">
        Status
        <select name="status" defaultValue={filter.status ?? ''} className={`${field} mt-1`}>
          <option value="">Any</option>
          {incidentStatuses.map((s) => (
            <option key={s} value={s}>
              {statusLabels[s]}
            </option>
          ))}
        </select>
      </label>
      <label className="flex flex-col text-xs font-medium text-slate-600">
        Environment
        <select name="environment" defaultValue={filter.environment ?? ''} className={`${field} mt-1`}>
          <EnvironmentOptions any={{ value: '', label: 'Any' }} />
        </select>
      </label>
      <label className="flex flex-col text-xs font-medium text-slate-600">
        Service
        <select name="serviceId" defaultValue={filter.serviceId ?? ''} className={`${field} mt-1 max-w-48`}>
          <option value="">Any</option>
          {services.map((s) => (
            <option key={s.id} value={s.id}>
              {s.label}
            </option>
          ))}
        </select>
      </label>
      <label className="flex flex-col text-xs font-medium text-slate-600">
        Commander
        <select name="commanderId" defaultValue={filter.commanderId ?? ''} className={`${field} mt-1 max-w-40`}>
          <option value="">Anyone</option>
          {people.map((p) => (
            <option key={p.id} value={p.id}>
              {p.label}
            </option>
          ))}
        </select>
      </label>
      <label className="flex flex-col text-xs font-medium text-slate-600">
        From
        <input type="date" name="from" defaultValue={filter.from} className={`${field} mt-1`} />
      </label>
      <label className="flex flex-col text-xs font-medium text-slate-600">
        To
        <input type="date" name="to" defaultValue={filter.to} className={`${field} mt-1`} />
      </label>
      <div className="flex gap-2">
        <button type="submit" className="rounded-md bg-slate-900 px-3 py-1.5 text-sm font-medium text-white hover:bg-slate-700">
          Apply
        </button>
        <Link href="/incidents" className="rounded-md px-3 py-1.5 text-sm ring-1 ring-slate-300 hover:bg-slate-50">
          Reset
        </Link>
      </div>
    </form>
  )
}
