'use client'
// Under a blocking-chain result: cancel the query of, or end, the session at the head of a
// chain. The preview is read live (its query, its age, whom it blocks); the server applies the
// guards (an incident and the typed name in production, a commander's approval, the audit).
import { useQueryClient } from '@tanstack/react-query'
import { useState, type FormEvent } from 'react'
import { previewBackendActionAction, requestBackendActionAction } from '@/app/(console)/incidents/[incidentId]/actions'
import { FieldError } from '@/components/ui/field-error'
import { NoticeLine } from '@/components/ui/notice'
import { useAction } from '@/components/ui/use-action'
import type { BackendActionPreview } from '@/lib/databases/dto'
import type { BackendAction } from '@/lib/databases/schemas'
import { incidentKeys } from '@/lib/incidents/query-keys'
import { remediationKeys } from '@/lib/remediation/query-keys'
import type { DiagnosticResult } from '@/lib/runbooks/diagnostics'

const small = 'rounded px-2 py-0.5 text-xs font-medium ring-1 disabled:opacity-50'
const age = (s: number | null) => (s == null ? 'age unknown' : s < 120 ? `${Math.round(s)} s` : `${Math.round(s / 60)} min`)

export function BackendActions({
  incidentId,
  databaseId,
  blockers,
}: Readonly<{ incidentId: string; databaseId: string; blockers: NonNullable<DiagnosticResult['blockers']> }>) {
  const queryClient = useQueryClient()
  const { run, pending, notice, fieldErrors } = useAction(() =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: incidentKeys.timeline(incidentId) }),
      queryClient.invalidateQueries({ queryKey: remediationKeys.all }),
    ]),
  )
  const [chosen, setChosen] = useState<{ pid: number; action: BackendAction; key: string } | null>(null)
  const [preview, setPreview] = useState<BackendActionPreview | null>(null)
  const [reason, setReason] = useState('')
  const [confirmName, setConfirmName] = useState('')

  function choose(pid: number, action: BackendAction) {
    setChosen({ pid, action, key: crypto.randomUUID() })
    setPreview(null)
    run(() => previewBackendActionAction({ databaseId, pid, action }), undefined, setPreview)
  }

  function submit(event: FormEvent) {
    event.preventDefault()
    if (!chosen) return
    run(
      () => requestBackendActionAction({ databaseId, pid: chosen.pid, action: chosen.action, idempotencyKey: chosen.key, reason, incidentId, confirmName }),
      () =>
        preview?.requiresApproval
          ? 'Requested: it waits for a commander or an admin to approve it (Remediations, or the incident timeline).'
          : 'Sent. The outcome and its verification are on the timeline.',
      () => (setChosen(null), setPreview(null), setReason(''), setConfirmName('')),
    )
  }

  return (
    <div className="mt-2 space-y-2 rounded-md border border-red-200 bg-red-50/40 p-2 text-xs" data-testid="backend-actions">
      <p className="font-medium text-slate-900">Heads of the chains</p>
      <ul className="space-y-1">
        {blockers.map((b) => (
          <li key={b.pid} className="flex flex-wrap items-center gap-1.5">
            <span className="font-mono">pid {b.pid}</span>
            <span className="text-slate-600">
              {b.state ?? 'unknown'}, {age(b.seconds)}, blocks {b.blocks}
            </span>
            <button type="button" disabled={pending} onClick={() => choose(b.pid, 'cancel')} className={`${small} bg-white ring-slate-300`}>
              Cancel query…<span className="sr-only"> of pid {b.pid}</span>
            </button>
            <button type="button" disabled={pending} onClick={() => choose(b.pid, 'terminate')} className={`${small} bg-white text-red-700 ring-red-300`}>
              End session…<span className="sr-only"> pid {b.pid}</span>
            </button>
          </li>
        ))}
      </ul>
      {chosen && preview ? (
        <form onSubmit={submit} className="space-y-1.5 rounded border border-slate-200 bg-white p-2" aria-label="Confirm the database action">
          <p className="font-semibold text-slate-900">{preview.summary}</p>
          <pre className="max-h-32 overflow-auto whitespace-pre-wrap break-all rounded bg-slate-950 p-2 text-[11px] text-slate-100">
            {preview.query ?? 'no query'}
          </pre>
          <p className="text-slate-700">
            {preview.state ?? 'unknown state'} for {age(preview.ageSeconds)}, as {preview.user ?? 'unknown user'}; blocks{' '}
            {preview.blocks.length ? preview.blocks.map((b) => `pid ${b.pid} (waiting ${age(b.seconds)})`).join(', ') : 'no one now'}.
          </p>
          {chosen.action === 'terminate' ? <p className="font-medium text-amber-800">⚠ Ends the whole session and rolls back its transaction.</p> : null}
          {preview.requiresApproval ? <p className="text-slate-700">Production: a commander or an admin must approve it before it runs.</p> : null}
          <label className="block font-medium" htmlFor="backend-reason">
            Reason
          </label>
          <input id="backend-reason" value={reason} onChange={(e) => setReason(e.target.value)} className="w-full rounded border border-slate-300 px-2 py-1" />
          <FieldError id="backend-reason-error" messages={fieldErrors.reason} />
          {preview.confirmName ? (
            <>
              <label className="block font-medium" htmlFor="backend-confirm">
                Type {preview.confirmName} to confirm
              </label>
              <input
                id="backend-confirm"
                value={confirmName}
                onChange={(e) => setConfirmName(e.target.value)}
                className="w-full rounded border border-slate-300 px-2 py-1"
              />
              <FieldError id="backend-confirm-error" messages={fieldErrors.confirmName} />
            </>
          ) : null}
          <div className="flex gap-1.5">
            <button type="submit" disabled={pending} className={`${small} bg-red-600 text-white ring-red-700`}>
              {chosen.action === 'cancel' ? 'Cancel the query' : 'End the session'}
              {preview.requiresApproval ? ' (ask for approval)' : ''}
            </button>
            <button type="button" onClick={() => (setChosen(null), setPreview(null))} className={`${small} ring-slate-300`}>
              Back
            </button>
          </div>
        </form>
      ) : null}
      <NoticeLine notice={notice} />
    </div>
  )
}
