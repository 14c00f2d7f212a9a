'use client'

import { useRef, type FormEvent } from 'react'
import { createActionItemAction } from '@/app/(console)/action-items/actions'
import { NoticeLine } from '@/components/ui/notice'
import type { ActionItemView } from '@/lib/postmortems/dto'
import { ActionItemHead, ActionItemRow, type Person } from './action-item-row'
import { useRefreshAction } from './use-refresh-action'

type Props = {
  postMortemId: string | null
  items: ActionItemView[]
  people: Person[]
  canWrite: boolean
  published: boolean
  now: string
}

/** The post-mortem's action items: what will be done, by whom, by when. */
export function ActionItemsPanel({ postMortemId, items, people, canWrite, published, now }: Readonly<Props>) {
  const { run, pending, notice, fieldErrors } = useRefreshAction()
  const form = useRef<HTMLFormElement>(null)

  function add(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    if (!postMortemId) return
    const data = new FormData(event.currentTarget)
    run(
      () =>
        createActionItemAction({
          postMortemId,
          title: String(data.get('title') ?? ''),
          ownerId: String(data.get('ownerId') ?? '') || null,
          dueAt: String(data.get('dueAt') ?? '') || null,
        }),
      'Action item added.',
      () => form.current?.reset(),
    )
  }

  const open = items.filter((i) => i.status !== 'DONE').length
  return (
    <section aria-labelledby="action-items-heading" className="rounded-xl border border-slate-200 bg-white shadow-sm">
      <div className="flex items-baseline justify-between gap-2 border-b border-slate-100 px-4 py-3">
        <h2 id="action-items-heading" className="text-sm font-semibold">
          Action items
        </h2>
        <span className="text-xs text-slate-500">
          {items.length ? `${open} of ${items.length} not done` : 'none yet'}
          {published ? ' · follow-up continues after publishing' : ''}
        </span>
      </div>
      {items.length ? (
        <div className="relative overflow-x-auto">
          <table className="w-full text-left text-sm">
            <ActionItemHead />
            <tbody className="divide-y divide-slate-100">
              {items.map((item) => (
                <ActionItemRow key={`${item.id}:${item.version}`} item={item} people={people} canWrite={canWrite} now={now} />
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="px-4 py-3 text-sm text-slate-600">Turn each prevention idea into an action item with an owner and a due date.</p>
      )}
      {canWrite && postMortemId && !published ? (
        <form
          ref={form}
          onSubmit={add}
          className="grid grid-cols-[minmax(0,1fr)] gap-2 border-t border-slate-100 p-4 sm:grid-cols-[minmax(0,1fr)_11rem_10rem_auto] sm:items-end"
        >
          <label className="text-xs font-medium text-slate-700">
            New action item
            <input
              name="title"
              required
              minLength={3}
              placeholder="Add an alarm on connection pool saturation"
              className="mt-1 block w-full rounded-md border border-slate-300 px-2 py-1.5 text-sm"
            />
          </label>
          <label className="text-xs font-medium text-slate-700">
            Owner
            <select name="ownerId" defaultValue="" className="mt-1 block w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm">
              <option value="">Unassigned</option>
              {people.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
          </label>
          <label className="text-xs font-medium text-slate-700">
            Due
            <input type="date" name="dueAt" className="mt-1 block w-full rounded-md border border-slate-300 px-2 py-1.5 text-sm" />
          </label>
          <button
            type="submit"
            disabled={pending}
            className="rounded-md bg-slate-900 px-3 py-1.5 text-sm font-medium text-white hover:bg-slate-700 disabled:opacity-50"
          >
            Add action item
          </button>
          {Object.values(fieldErrors).flat().length ? (
            <p className="text-xs text-red-700 sm:col-span-4">{Object.values(fieldErrors).flat().join(' ')}</p>
          ) : null}
          <div className="sm:col-span-4">
            <NoticeLine notice={notice} />
          </div>
        </form>
      ) : null}
    </section>
  )
}
