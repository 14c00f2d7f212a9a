import Link from 'next/link'
import type { Person } from './action-item-row'

const states = [
  ['active', 'Not done (open or in progress)'],
  ['open', 'Open'],
  ['in_progress', 'In progress'],
  ['done', 'Done'],
  ['all', 'All'],
] as const

type Filter = Record<string, string | undefined>

/** The action item list's filters: a plain GET form, so every view has its own URL. */
export function ActionItemFilters({ filter, people }: Readonly<{ filter: Filter; people: Person[] }>) {
  const field = 'mt-1 block rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm'
  return (
    <form method="get" action="/action-items" className="mb-4 flex flex-wrap items-end gap-3 rounded-xl border border-slate-200 bg-white p-3 shadow-sm">
      <label className="text-xs font-medium text-slate-700">
        Owner
        <select name="owner" defaultValue={filter.owner ?? ''} className={field}>
          <option value="">Anyone</option>
          <option value="me">Me</option>
          <option value="none">Unassigned</option>
          {people.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
      </label>
      <label className="text-xs font-medium text-slate-700">
        State
        <select name="state" defaultValue={filter.state ?? 'active'} className={field}>
          {states.map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </label>
      <label className="flex items-center gap-2 pb-2 text-sm">
        <input type="checkbox" name="overdue" value="1" defaultChecked={filter.overdue === '1' || filter.overdue === 'true'} />
        Overdue only
      </label>
      {filter.from ? <input type="hidden" name="from" value={filter.from} /> : null}
      {filter.to ? <input type="hidden" name="to" value={filter.to} /> : null}
      <button type="submit" className="rounded-md bg-slate-900 px-3 py-1.5 text-sm font-medium text-white hover:bg-slate-700">
        Apply
      </button>
      {filter.from || filter.to ? (
        <span className="pb-1.5 text-xs text-slate-600">
          Incidents declared {filter.from ? `from ${filter.from.slice(0, 10)}` : ''} {filter.to ? `to ${filter.to.slice(0, 10)}` : ''} ·{' '}
          <Link href="/action-items" className="text-brand-700 hover:underline">
            any time
          </Link>
        </span>
      ) : null}
    </form>
  )
}
