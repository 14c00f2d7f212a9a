import Link from 'next/link'
import { rangePresets, presetDays, type DashboardRange } from '@/lib/dashboard/range'

/** The period: the last 7, 30 or 90 days, or two dates (a plain GET form). */
export function RangePicker({ range, problem }: Readonly<{ range: DashboardRange; problem: string | null }>) {
  return (
    <div className="mb-5 space-y-2">
      <div className="flex flex-wrap items-end gap-3">
        <nav aria-label="Period" className="flex rounded-lg bg-white p-1 shadow-sm ring-1 ring-slate-200">
          {rangePresets.map((p) => (
            <Link
              key={p}
              href={`/dashboard?range=${p}`}
              aria-current={range.preset === p ? 'page' : undefined}
              className={`rounded-md px-3 py-1.5 text-sm font-medium ${range.preset === p ? 'bg-slate-900 text-white' : 'text-slate-700 hover:bg-slate-100'}`}
            >
              {presetDays[p]} days
            </Link>
          ))}
        </nav>
        <form key={`${range.firstDay}/${range.lastDay}`} method="get" action="/dashboard" className="flex flex-wrap items-end gap-2">
          <label className="text-xs font-medium text-slate-700">
            From
            <input
              type="date"
              name="from"
              defaultValue={range.firstDay}
              required
              className="mt-1 block rounded-md border border-slate-300 bg-white px-2 py-1 text-sm"
            />
          </label>
          <label className="text-xs font-medium text-slate-700">
            To
            <input
              type="date"
              name="to"
              defaultValue={range.lastDay}
              required
              className="mt-1 block rounded-md border border-slate-300 bg-white px-2 py-1 text-sm"
            />
          </label>
          <button
            type="submit"
            className={`rounded-md px-3 py-1.5 text-sm font-medium ring-1 ${range.preset === 'custom' ? 'bg-slate-900 text-white ring-slate-900' : 'bg-white text-slate-800 ring-slate-300 hover:bg-slate-50'}`}
          >
            Show dates
          </button>
        </form>
      </div>
      {problem ? (
        <p role="alert" className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900">
          {problem}
        </p>
      ) : null}
    </div>
  )
}
