'use client'

import { useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import { postStatusUpdateAction } from '@/app/(console)/incidents/actions'
import { CopyButton } from '@/components/health/copy-button'
import type { IncidentDetail } from '@/lib/incidents/dto'
import { draftQuery } from '@/lib/incidents/query-keys'
import { statusUpdateKindLabels, statusUpdateKinds, suggestedDraftKind, type StatusUpdateKind } from '@/lib/incidents/status-update'
import { NoticeLine } from '@/components/ui/notice'
import { useIncidentAction } from './use-incident-action'

export function StatusUpdateComposer({ incident, canWrite }: Readonly<{ incident: IncidentDetail; canWrite: boolean }>) {
  const [kind, setKind] = useState<StatusUpdateKind>(() => suggestedDraftKind(incident))
  const { data: draft, refetch, isFetching } = useQuery(draftQuery(incident.id, kind))
  // The draft shows until the person edits it; null means "not edited".
  const [editedText, setEditedText] = useState<string | null>(null)
  const text = editedText ?? draft?.text ?? ''
  const { run, pending, notice } = useIncidentAction(incident.id)

  function post() {
    run(
      () => postStatusUpdateAction({ incidentId: incident.id, expectedVersion: incident.version, kind, text }),
      (r) => {
        const failed = r.deliveries.filter((d) => !d.ok)
        if (r.deliveries.length === 0) return 'Update posted to the timeline. No webhook is configured: copy it to your channel.'
        return failed.length
          ? `Posted, but not delivered to ${failed.map((f) => `${f.name} (${f.error})`).join(', ')}.`
          : `Posted and sent to ${r.deliveries.map((d) => d.name).join(', ')}.`
      },
      () => {
        setEditedText(null)
        void refetch()
      },
    )
  }

  return (
    <section aria-labelledby="update-heading" className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm">
      <div className="mb-2 flex items-center justify-between gap-2">
        <h2 id="update-heading" className="text-sm font-semibold">
          Status update
        </h2>
        <label className="text-xs text-slate-600">
          <span className="sr-only">Kind of update</span>
          <select
            value={kind}
            onChange={(e) => {
              setKind(e.target.value as StatusUpdateKind)
              setEditedText(null)
            }}
            className="rounded-md border border-slate-300 bg-white px-2 py-1 text-xs"
          >
            {statusUpdateKinds.map((k) => (
              <option key={k} value={k}>
                {statusUpdateKindLabels[k]}
              </option>
            ))}
          </select>
        </label>
      </div>
      <label htmlFor="update-text" className="sr-only">
        Update text
      </label>
      <textarea
        id="update-text"
        value={text}
        onChange={(e) => setEditedText(e.target.value)}
        rows={10}
        readOnly={!canWrite}
        className="block w-full rounded-md border border-slate-300 px-3 py-2 font-mono text-xs leading-relaxed"
      />
      <div className="mt-2 flex flex-wrap items-center gap-2">
        <CopyButton text={text} label="Copy" />
        <button
          type="button"
          onClick={() => (setEditedText(null), void refetch())}
          disabled={isFetching}
          className="rounded px-2 py-0.5 text-xs font-medium text-slate-700 ring-1 ring-slate-300 hover:bg-slate-100"
        >
          Redraft from current state
        </button>
        {canWrite ? (
          <button
            type="button"
            disabled={pending || !text.trim()}
            onClick={post}
            className="ml-auto rounded-md bg-teal-700 px-3 py-1.5 text-sm font-semibold text-white hover:bg-teal-800 disabled:opacity-50"
          >
            Post update
          </button>
        ) : null}
      </div>
      {draft?.nextUpdateAt ? (
        <p className="mt-1 text-xs text-slate-500">Posting now makes the next update due at {draft.nextUpdateAt.slice(11, 16)} UTC.</p>
      ) : null}
      <div className="mt-2">
        <NoticeLine notice={notice} />
      </div>
    </section>
  )
}
