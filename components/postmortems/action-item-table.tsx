import Link from 'next/link'
import type { ActionItemPage } from '@/lib/postmortems/dto'
import { ActionItemHead, ActionItemRow, type Person } from './action-item-row'

type Props = { page: ActionItemPage; filter: Record<string, string | undefined>; people: Person[]; canWrite: boolean; now: string }

/** Action items across incidents, soonest due first, editable in place. */
export function ActionItemTable({ page, filter, people, canWrite, now }: Readonly<Props>) {
  const kept = Object.entries(filter).filter((e): e is [string, string] => Boolean(e[1]) && e[0] !== 'cursor')
  const next = page.nextCursor ? `/action-items?${new URLSearchParams([...kept, ['cursor', page.nextCursor]])}` : null
  const overdue = page.items.filter((i) => i.overdue).length
  return (
    <section className="rounded-xl border border-slate-200 bg-white shadow-sm" aria-labelledby="items-heading">
      <div className="flex items-center justify-between border-b border-slate-100 px-4 py-2.5 text-sm">
        <h2 id="items-heading" className="font-semibold">
          {page.total === 1 ? '1 action item' : `${page.total} action items`}
        </h2>
        <span className="text-xs text-slate-500">{overdue ? `${overdue} overdue on this page · ` : ''}due dates in UTC</span>
      </div>
      {page.items.length === 0 ? (
        <p className="p-6 text-sm text-slate-600">No action item matches. Post-mortems add them; change the filters to see more.</p>
      ) : (
        <div className="relative overflow-x-auto">
          <table className="w-full text-left text-sm">
            <ActionItemHead showIncident />
            <tbody className="divide-y divide-slate-100">
              {page.items.map((item) => (
                <ActionItemRow key={`${item.id}:${item.version}`} item={item} people={people} canWrite={canWrite} showIncident now={now} />
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
