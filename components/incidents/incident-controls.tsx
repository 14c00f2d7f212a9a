'use client'

import { useState, type FormEvent } from 'react'
import { acknowledgeIncidentAction, changeSeverityAction, changeStatusAction } from '@/app/(console)/incidents/actions'
import type { IncidentDetail } from '@/lib/incidents/dto'
import { severities, type Severity } from '@/lib/incidents/policy'
import { allowedTransitions, statusLabels, type IncidentStatus } from '@/lib/incidents/transitions'
import { NoticeLine } from '@/components/ui/notice'
import { useIncidentAction } from './use-incident-action'

const verb: Record<string, string> = { advance: 'Move to', step_back: 'Back to', resolve: 'Resolve', reopen: 'Reopen as' }
const btn = 'rounded-md px-3 py-1.5 text-sm font-medium ring-1 disabled:opacity-50'

export function IncidentControls({ incident }: Readonly<{ incident: IncidentDetail }>) {
  const { run, pending, notice, fieldErrors } = useIncidentAction(incident.id)
  const [target, setTarget] = useState<IncidentStatus | null>(null)
  const [severityOpen, setSeverityOpen] = useState(false)
  const transitions = allowedTransitions(incident.status)
  const chosen = transitions.find((t) => t.to === target)
  const base = { incidentId: incident.id, expectedVersion: incident.version }

  function submitStatus(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    const form = new FormData(event.currentTarget)
    run(
      () =>
        changeStatusAction({
          ...base,
          status: target,
          reason: String(form.get('reason') ?? '') || undefined,
          resolutionSummary: String(form.get('resolutionSummary') ?? '') || undefined,
        }),
      `${incident.ref} is now ${target ? statusLabels[target] : ''}.`,
      () => setTarget(null),
    )
  }

  function submitSeverity(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    const form = new FormData(event.currentTarget)
    const severity = String(form.get('severity')) as Severity
    run(
      () => changeSeverityAction({ ...base, severity, reason: String(form.get('reason') ?? '') }),
      `Severity is now ${severity}.`,
      () => setSeverityOpen(false),
    )
  }

  return (
    <div className="space-y-3">
      <div className="flex flex-wrap gap-2">
        {!incident.acknowledgedAt ? (
          <button
            type="button"
            disabled={pending}
            onClick={() => run(() => acknowledgeIncidentAction(base), `${incident.ref} acknowledged.`)}
            className={`${btn} bg-blue-600 text-white ring-blue-700 hover:bg-blue-700`}
          >
            Acknowledge
          </button>
        ) : null}
        {transitions.map((t) => (
          <button
            key={t.to}
            type="button"
            disabled={pending}
            aria-pressed={target === t.to}
            onClick={() => setTarget(target === t.to ? null : t.to)}
            className={`${btn} ${t.kind === 'resolve' ? 'bg-green-700 text-white ring-green-800 hover:bg-green-800' : 'bg-white text-slate-800 ring-slate-300 hover:bg-slate-50'}`}
          >
            {t.kind === 'resolve' ? 'Resolve' : `${verb[t.kind]} ${statusLabels[t.to]}`}
          </button>
        ))}
        <button
          type="button"
          disabled={pending}
          aria-expanded={severityOpen}
          onClick={() => setSeverityOpen(!severityOpen)}
          className={`${btn} bg-white text-slate-800 ring-slate-300 hover:bg-slate-50`}
        >
          Change severity
        </button>
      </div>

      {chosen ? (
        <form onSubmit={submitStatus} className="space-y-2 rounded-lg border border-slate-200 bg-slate-50 p-3">
          {chosen.needs === 'resolutionSummary' ? (
            <div>
              <label htmlFor="resolutionSummary" className="block text-sm font-medium">
                Resolution summary
              </label>
              <textarea
                id="resolutionSummary"
                name="resolutionSummary"
                rows={3}
                required
                placeholder="What fixed it, and how you know it is fixed"
                className="mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 text-sm"
              />
              {fieldErrors.resolutionSummary ? <p className="text-xs text-red-700">{fieldErrors.resolutionSummary.join(' ')}</p> : null}
            </div>
          ) : null}
          {chosen.needs === 'reason' ? (
            <div>
              <label htmlFor="status-reason" className="block text-sm font-medium">
                Reason
              </label>
              <input id="status-reason" name="reason" required className="mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 text-sm" />
            </div>
          ) : null}
          <div className="flex gap-2">
            <button type="submit" disabled={pending} className={`${btn} bg-slate-900 text-white ring-slate-900`}>
              {chosen.kind === 'resolve' ? 'Resolve incident' : `Confirm: ${statusLabels[chosen.to]}`}
            </button>
            <button type="button" onClick={() => setTarget(null)} className={`${btn} bg-white ring-slate-300`}>
              Cancel
            </button>
          </div>
        </form>
      ) : null}

      {severityOpen ? (
        <form onSubmit={submitSeverity} className="flex flex-wrap items-end gap-2 rounded-lg border border-slate-200 bg-slate-50 p-3">
          <label className="text-sm font-medium">
            New severity
            <select name="severity" defaultValue={incident.severity} className="mt-1 block rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm">
              {severities.map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </select>
          </label>
          <label className="min-w-56 flex-1 text-sm font-medium">
            Reason
            <input name="reason" required minLength={3} className="mt-1 block w-full rounded-md border border-slate-300 px-3 py-1.5 text-sm" />
          </label>
          <button type="submit" disabled={pending} className={`${btn} bg-slate-900 text-white ring-slate-900`}>
            Change severity
          </button>
          {fieldErrors.reason ? <p className="w-full text-xs text-red-700">{fieldErrors.reason.join(' ')}</p> : null}
        </form>
      ) : null}
      <NoticeLine notice={notice} />
    </div>
  )
}
