'use client'

import { useState, type FormEvent } from 'react'
import { addNoteAction } from '@/app/(console)/incidents/actions'
import type { TimelineEntryDto } from '@/lib/incidents/dto'
import { timelineKindLabels, type TimelineKind } from '@/lib/incidents/timeline'
import { entryOutcome, type TimelineTone } from '@/lib/incidents/timeline-tone'
import { NoticeLine } from '@/components/ui/notice'
import { useIncidentAction } from './use-incident-action'

const kindStyle: Partial<Record<TimelineKind, string>> = {
  declared: 'bg-red-600',
  acknowledged: 'bg-blue-600',
  severity_changed: 'bg-orange-500',
  status_changed: 'bg-indigo-600',
  resolved: 'bg-green-600',
  reopened: 'bg-red-500',
  update_posted: 'bg-teal-600',
  update_failed: 'bg-red-700',
  note: 'bg-slate-400',
  remediation: 'bg-purple-600',
}

const toneStyle: Record<TimelineTone, { row: string; icon: string; word: string }> = {
  failure: { row: 'border-l-4 border-red-600 bg-red-50', icon: 'bg-red-700 text-white', word: 'text-red-800' },
  success: { row: 'border-l-4 border-green-600', icon: 'bg-green-700 text-white', word: 'text-green-800' },
  request: { row: 'border-l-4 border-transparent', icon: 'bg-white text-purple-800 ring-1 ring-purple-500', word: 'text-purple-800' },
  plain: { row: 'border-l-4 border-transparent', icon: '', word: '' },
}

type Snapshot = { takenAt?: string; services?: { name: string; cluster: string; status: string; reason: string }[]; error?: string }

function EntryData({ entry }: Readonly<{ entry: TimelineEntryDto }>) {
  const data = (entry.data ?? {}) as { snapshot?: Snapshot; reason?: string; resolutionSummary?: string; error?: string }
  const snapshot = data.snapshot
  return (
    <>
      {data.reason && entry.kind !== 'note' ? <p className="text-xs text-slate-600">Reason: {data.reason}</p> : null}
      {data.error && entry.kind === 'update_failed' ? <p className="text-xs text-red-700">{data.error}</p> : null}
      {snapshot?.services?.length ? (
        <details className="mt-1 text-xs">
          <summary className="cursor-pointer text-slate-600">Health of the affected services at {snapshot.takenAt?.slice(11, 19)} UTC</summary>
          <ul className="mt-1 space-y-0.5">
            {snapshot.services.map((s) => (
              <li key={`${s.cluster}/${s.name}`}>
                <span className="font-medium">{s.name}</span> ({s.cluster}):{' '}
                <span className={s.status === 'critical' ? 'font-semibold text-red-700' : s.status === 'degraded' ? 'text-amber-700' : 'text-slate-700'}>
                  {s.status}
                </span>{' '}
                · {s.reason}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
      {snapshot?.error ? <p className="text-xs text-amber-700">{snapshot.error}</p> : null}
    </>
  )
}

export function Timeline({ incidentId, entries, canWrite }: Readonly<{ incidentId: string; entries: TimelineEntryDto[]; canWrite: boolean }>) {
  const { run, pending, notice, fieldErrors } = useIncidentAction(incidentId)
  const [text, setText] = useState('')

  function submit(event: FormEvent) {
    event.preventDefault()
    run(
      () => addNoteAction({ incidentId, text }),
      undefined,
      () => setText(''),
    )
  }

  return (
    <section aria-labelledby="timeline-heading" className="rounded-xl border border-slate-200 bg-white shadow-sm">
      <h2 id="timeline-heading" className="border-b border-slate-100 px-4 py-3 text-sm font-semibold">
        Timeline <span className="font-normal text-slate-500">({entries.length} entries, newest first, UTC)</span>
      </h2>
      {canWrite ? (
        <form onSubmit={submit} className="space-y-2 border-b border-slate-100 p-4">
          <label htmlFor="note" className="sr-only">
            Add a note
          </label>
          <textarea
            id="note"
            value={text}
            onChange={(e) => setText(e.target.value)}
            rows={2}
            placeholder="What did you see or do? Notes land on the timeline for everyone."
            className="block w-full rounded-md border border-slate-300 px-3 py-2 text-sm"
            aria-describedby="note-error"
          />
          {fieldErrors.text ? (
            <p id="note-error" className="text-xs text-red-700">
              {fieldErrors.text.join(' ')}
            </p>
          ) : null}
          <div className="flex items-center justify-between gap-2">
            <NoticeLine notice={notice && !notice.ok ? notice : null} />
            <button
              type="submit"
              disabled={pending || !text.trim()}
              className="ml-auto rounded-md bg-slate-900 px-3 py-1.5 text-sm font-medium text-white hover:bg-slate-700 disabled:opacity-50"
            >
              Add note
            </button>
          </div>
        </form>
      ) : null}
      <ol className="divide-y divide-slate-100" aria-live="polite" data-testid="timeline">
        {[...entries].reverse().map((e) => {
          const outcome = entryOutcome(e.kind, e.data)
          const tone = toneStyle[outcome.tone]
          return (
            <li key={e.id} className={`flex gap-3 py-3 pl-3 pr-4 ${tone.row}`} data-kind={e.kind} data-tone={outcome.tone}>
              {outcome.tone === 'plain' ? (
                <span aria-hidden className={`mx-[3px] mt-1.5 h-2.5 w-2.5 shrink-0 rounded-full ${kindStyle[e.kind] ?? 'bg-slate-300'}`} />
              ) : (
                <span aria-hidden className={`mt-0.5 grid h-4 w-4 shrink-0 place-items-center rounded-full text-[10px] font-bold ${tone.icon}`}>
                  {outcome.icon}
                </span>
              )}
              <div className="min-w-0 flex-1">
                <p className="text-xs text-slate-500">
                  <span className="font-mono">{e.at.slice(11, 19)}</span> · <span className="font-semibold text-slate-700">{timelineKindLabels[e.kind]}</span>
                  {outcome.word ? <span className={`font-semibold ${tone.word}`}> {outcome.word}</span> : null} · {e.actor?.name ?? 'system'}
                  <span className="ml-1 text-slate-500">{e.at.slice(0, 10)}</span>
                </p>
                <p className={`whitespace-pre-wrap break-words text-sm ${outcome.tone === 'failure' ? 'font-medium text-red-950' : 'text-slate-900'}`}>
                  {e.text}
                </p>
                <EntryData entry={e} />
                {outcome.remediationId ? (
                  <a href={`#remediation-${outcome.remediationId}`} className="mt-0.5 inline-block py-0.5 text-xs font-medium text-brand-700 hover:underline">
                    See the request →
                  </a>
                ) : null}
              </div>
            </li>
          )
        })}
      </ol>
    </section>
  )
}
