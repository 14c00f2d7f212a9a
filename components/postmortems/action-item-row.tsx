'use client'

import Link from 'next/link'
import { useState } from 'react'
import { deleteActionItemAction, updateActionItemAction } from '@/app/(console)/action-items/actions'
import { SeverityBadge } from '@/components/incidents/badges'
import { actionItemStatuses, actionItemStatusLabels, type ActionItemStatus, type ActionItemView } from '@/lib/postmortems/dto'
import { ActionItemStatusText, DueDate } from './badges'
import { useRefreshAction } from './use-refresh-action'

export type Person = { id: string; name: string }

type Props = {
  item: ActionItemView
  people: Person[]
  canWrite: boolean
  /** The list of all action items shows which incident each belongs to. */
  showIncident?: boolean
  now: string
}

const input = 'block w-full rounded-md border border-slate-300 bg-white px-2 py-1 text-sm disabled:bg-slate-50'

/**
 * One action item, editable in place: title (on its post-mortem's page, until it
 * is published), owner, due date and status, saved together with the version it was
 * loaded at. The parent keys it by id and version, so a saved change starts fresh.
 */
export function ActionItemRow({ item, people, canWrite, showIncident = false, now }: Readonly<Props>) {
  const { run, pending, notice, fieldErrors } = useRefreshAction()
  const published = item.postMortem?.status === 'PUBLISHED'
  const [title, setTitle] = useState(item.title)
  const [ownerId, setOwnerId] = useState(item.owner?.id ?? '')
  const [dueAt, setDueAt] = useState(item.dueAt?.slice(0, 10) ?? '')
  const [status, setStatus] = useState<ActionItemStatus>(item.status)
  const changes = {
    ...(title.trim() !== item.title ? { title } : {}),
    ...(ownerId !== (item.owner?.id ?? '') ? { ownerId } : {}),
    ...(dueAt !== (item.dueAt?.slice(0, 10) ?? '') ? { dueAt } : {}),
    ...(status !== item.status ? { status } : {}),
  }
  const dirty = Object.keys(changes).length > 0
  // The owner may no longer be assignable (a viewer, a disabled account): keep them in the list.
  const choices = item.owner && !people.some((p) => p.id === item.owner!.id) ? [...people, item.owner] : people
  const errors = Object.values(fieldErrors).flat()
  const columns = showIncident ? 6 : 5

  return (
    <>
      <tr data-testid={`action-item-${item.id}`} className={item.overdue ? 'bg-red-50/40' : undefined}>
        {showIncident ? (
          <td className="px-3 py-2 align-top">
            <div className="flex items-center gap-1.5">
              <SeverityBadge severity={item.incident.severity} />
              <Link href={`/incidents/${item.incident.id}/postmortem`} className="font-mono text-xs text-brand-700 hover:underline" title={item.incident.title}>
                {item.incident.ref}
              </Link>
            </div>
            <p className="mt-0.5 max-w-48 truncate text-xs text-slate-500">{item.incident.title}</p>
          </td>
        ) : null}
        <td className="px-3 py-2 align-top">
          {canWrite && !published && !showIncident ? (
            <input aria-label="Action" value={title} onChange={(e) => setTitle(e.target.value)} className={input} />
          ) : (
            <span className="text-sm" data-testid="action-item-title">
              {item.title}
            </span>
          )}
        </td>
        <td className="px-3 py-2 align-top">
          {canWrite ? (
            <select aria-label="Owner" value={ownerId} onChange={(e) => setOwnerId(e.target.value)} className={input}>
              <option value="">Unassigned</option>
              {choices.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
          ) : (
            <span className="text-sm">{item.owner?.name ?? 'Unassigned'}</span>
          )}
        </td>
        <td className="px-3 py-2 align-top">
          {canWrite ? <input type="date" aria-label="Due date" value={dueAt} onChange={(e) => setDueAt(e.target.value)} className={input} /> : null}
          <div className={canWrite ? 'mt-0.5' : ''}>
            <DueDate dueAt={item.dueAt} overdue={item.overdue} now={now} />
          </div>
        </td>
        <td className="px-3 py-2 align-top">
          {canWrite ? (
            <select aria-label="Status" value={status} onChange={(e) => setStatus(e.target.value as ActionItemStatus)} className={input}>
              {actionItemStatuses.map((s) => (
                <option key={s} value={s}>
                  {actionItemStatusLabels[s]}
                </option>
              ))}
            </select>
          ) : (
            <ActionItemStatusText status={item.status} />
          )}
        </td>
        <td className="whitespace-nowrap px-3 py-2 text-right align-top">
          {canWrite ? (
            <div className="flex justify-end gap-1.5">
              <button
                type="button"
                disabled={!dirty || pending}
                onClick={() => run(() => updateActionItemAction({ actionItemId: item.id, expectedVersion: item.version, ...changes }), 'Saved.')}
                className="rounded-md bg-slate-900 px-2.5 py-1 text-xs font-medium text-white hover:bg-slate-700 disabled:opacity-40"
              >
                Save
              </button>
              {!published ? (
                <button
                  type="button"
                  disabled={pending}
                  onClick={() => {
                    if (window.confirm(`Remove the action item “${item.title}”?`))
                      run(() => deleteActionItemAction({ actionItemId: item.id, expectedVersion: item.version }))
                  }}
                  className="rounded-md px-2 py-1 text-xs font-medium text-slate-600 ring-1 ring-slate-300 hover:bg-slate-50 disabled:opacity-40"
                  aria-label={`Remove ${item.title}`}
                >
                  Remove
                </button>
              ) : null}
            </div>
          ) : null}
        </td>
      </tr>
      {notice && !notice.ok ? (
        <tr>
          <td colSpan={columns} className="px-3 pb-2">
            <p role="alert" className="rounded-md bg-red-50 px-3 py-1.5 text-xs text-red-800">
              {notice.text}
              {errors.length ? ` ${errors.join(' ')}` : ''}
            </p>
          </td>
        </tr>
      ) : null}
    </>
  )
}

export function ActionItemHead({ showIncident = false }: Readonly<{ showIncident?: boolean }>) {
  return (
    <thead className="text-xs uppercase text-slate-500">
      <tr>
        {showIncident ? (
          <th scope="col" className="px-3 py-2 font-medium">
            Incident
          </th>
        ) : null}
        <th scope="col" className="px-3 py-2 font-medium">
          Action
        </th>
        <th scope="col" className="w-44 px-3 py-2 font-medium">
          Owner
        </th>
        <th scope="col" className="w-40 px-3 py-2 font-medium">
          Due
        </th>
        <th scope="col" className="w-36 px-3 py-2 font-medium">
          Status
        </th>
        <th scope="col" className="w-32 px-3 py-2">
          <span className="sr-only">Save</span>
        </th>
      </tr>
    </thead>
  )
}
