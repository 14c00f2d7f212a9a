'use client'

import { useQueryClient } from '@tanstack/react-query'
import Link from 'next/link'
import { useEffect, useRef, useState } from 'react'
import {
  attachDiagnosticAction,
  checkStepAction,
  runDiagnosticAction,
  skipStepAction,
  stepNoteAction,
  verifyStepAction,
} from '@/app/(console)/incidents/[incidentId]/actions'
import { CopyButton } from '@/components/health/copy-button'
import { CommandBlock } from '@/components/ui/command-block'
import { useAction } from '@/components/ui/use-action'
import type { ActionResult } from '@/lib/actions/result'
import { incidentKeys } from '@/lib/incidents/query-keys'
import type { DiagnosticResult } from '@/lib/runbooks/diagnostics'
import type { IncidentRunbooks } from '@/lib/runbooks/incident-runbooks'
import { stepKindLabels } from '@/lib/runbooks/types'
import type { StepView } from '@/lib/runbooks/view'
import type { VerificationOutcome } from '@/lib/runbooks/verify'
import { BackendActions } from '@/components/databases/backend-actions'
import { DiagnosticResultView } from './diagnostic-result'

// One started runbook on the incident page: its checklist, step by step.
type Run = IncidentRunbooks['runs'][number]
type Databases = IncidentRunbooks['databases']
export const small = 'rounded px-2 py-0.5 text-xs font-medium ring-1 disabled:opacity-50'

export function useRunbookAction(incidentId: string) {
  const queryClient = useQueryClient()
  const { run, pending, notice } = useAction(() =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: ['incidents', 'runbooks', incidentId] }),
      queryClient.invalidateQueries({ queryKey: incidentKeys.timeline(incidentId) }),
    ]),
  )
  return {
    run: <T,>(call: () => Promise<ActionResult<T>>, onOk?: (data: T) => void) => run(call, undefined, onOk),
    pending,
    error: notice && !notice.ok ? notice.text : null,
  }
}

function Step({
  step,
  run,
  incidentId,
  serviceId,
  databases,
  canWrite,
}: Readonly<{ step: StepView; run: Run; incidentId: string; serviceId: string | null; databases: Databases; canWrite: boolean }>) {
  const fix = run.fixes[step.id]
  // A fix this step launched ticks it only once its recorded outcome is SUCCEEDED.
  const state =
    run.steps[step.id] ?? (fix?.status === 'SUCCEEDED' ? { status: 'done' as const, at: fix.createdAt, actor: null, note: null, output: null } : undefined)
  const fixedBy = !run.steps[step.id] && fix?.status === 'SUCCEEDED'
  const { run: act, pending, error } = useRunbookAction(incidentId)
  const [result, setResult] = useState<DiagnosticResult | null>(null)
  const [outcome, setOutcome] = useState<VerificationOutcome | null>(null)
  const [watching, setWatching] = useState(false)
  const [mode, setMode] = useState<'skip' | 'note' | null>(null)
  const [text, setText] = useState('')
  const ids = { runId: run.id, stepId: step.id }
  // PostgreSQL steps read a registered database, chosen here (linked to the incident's services first).
  const onDatabase = step.diagnostic?.kind.startsWith('pg_') ?? false
  const [databaseId, setDatabaseId] = useState(databases[0]?.id ?? '')
  const target = onDatabase ? { databaseId } : {}

  // A verification re-checks every 15 s until it passes or the responder stops it.
  const recheck = useRef<() => void>(() => undefined)
  useEffect(() => {
    recheck.current = () => {
      if (serviceId)
        act(
          () => verifyStepAction({ runId: run.id, stepId: step.id, serviceId }),
          (o) => (setOutcome(o), o.passed && setWatching(false)),
        )
    }
  })
  useEffect(() => {
    if (!watching) return
    const t = setInterval(() => recheck.current(), 15_000)
    return () => clearInterval(t)
  }, [watching])

  const icon = state?.status === 'done' ? '✓' : state?.status === 'skipped' ? '⤼' : '○'
  return (
    <li
      className={`rounded-md border p-2 ${state ? 'border-slate-100 bg-slate-50' : 'border-slate-200 bg-white'}`}
      data-testid={`step-${step.id}`}
      data-state={state?.status ?? 'open'}
    >
      <div className="flex items-start gap-2">
        <span
          aria-hidden
          className={`mt-0.5 w-4 text-center font-bold ${state?.status === 'done' ? 'text-green-700' : state?.status === 'skipped' ? 'text-slate-500' : 'text-slate-500'}`}
        >
          {icon}
        </span>
        <div className="min-w-0 flex-1">
          <p className={`text-sm font-medium ${state?.status === 'skipped' ? 'text-slate-500 line-through' : ''}`}>
            {step.title}{' '}
            <span className="ml-1 rounded bg-slate-100 px-1 py-0.5 text-[10px] font-semibold uppercase text-slate-600">{stepKindLabels[step.kind]}</span>
            {step.optional ? <span className="ml-1 text-[10px] uppercase text-slate-500">optional</span> : null}
          </p>
          {step.when ? <p className="text-xs text-slate-600">When: {step.when}</p> : null}
          {step.detail ? <p className="text-xs text-slate-600">{step.detail}</p> : null}
          {step.caution ? <p className="text-xs font-medium text-amber-800">⚠ {step.caution}</p> : null}
          {step.kind === 'remediation' || step.kind === 'verification' ? <p className="text-xs text-slate-800">→ {step.describes}</p> : null}
          {state && !fixedBy ? (
            <p className="text-[11px] text-slate-500">
              {state.status === 'done' ? 'done' : 'skipped'} by {state.actor ?? 'someone'} at {state.at.slice(11, 19)} UTC{state.note ? `: ${state.note}` : ''}
            </p>
          ) : null}
          {fix ? (
            <p className="text-[11px] text-slate-600" data-testid="step-fix">
              {fixedBy ? 'Done by the fix it launched: ' : 'Fix launched from this step: '}
              <Link href={`/remediations#remediation-${fix.id}`} className="text-brand-700 underline">
                {fix.preview}
              </Link>{' '}
              ({fix.status.toLowerCase().replace('_', ' ')})
            </p>
          ) : null}
          {step.commands.length ? (
            <details className="mt-1">
              <summary className="cursor-pointer text-xs text-brand-700">Commands ({step.commands.length})</summary>
              <ul className="mt-1 space-y-1">
                {step.commands.map((c) => (
                  <li key={c.label + c.text}>
                    <div className="flex items-center justify-between gap-2 text-[11px] text-slate-600">
                      {c.label} <CopyButton text={c.text} />
                    </div>
                    <CommandBlock label={c.label} text={c.text} className="px-2 py-1 text-[11px]" />
                  </li>
                ))}
              </ul>
            </details>
          ) : null}
          {result ? (
            <div className="mt-2">
              <DiagnosticResultView r={result} />
              {result.blockers?.length && result.database && canWrite ? (
                <BackendActions incidentId={incidentId} databaseId={result.database.id} blockers={result.blockers} />
              ) : null}
            </div>
          ) : null}
          {outcome ? (
            <p className={`mt-1 text-xs font-semibold ${outcome.passed ? 'text-green-700' : 'text-red-700'}`} data-testid="verification-outcome">
              {outcome.passed ? 'Passed' : 'Not yet'}: {outcome.detail} ({outcome.checkedAt.slice(11, 19)} UTC){watching ? ' · re-checking every 15 s' : ''}
            </p>
          ) : null}
          {canWrite ? (
            <div className="mt-1.5 flex flex-wrap gap-1.5">
              {step.kind === 'diagnostic' && serviceId && onDatabase && !databases.length ? (
                <p className="text-xs text-slate-600">No database is registered: an admin adds one under Admin → Databases.</p>
              ) : null}
              {step.kind === 'diagnostic' && serviceId && onDatabase && databases.length ? (
                <>
                  <label className="sr-only" htmlFor={`${run.id}-${step.id}-db`}>
                    Database
                  </label>
                  <select
                    id={`${run.id}-${step.id}-db`}
                    value={databaseId}
                    onChange={(e) => (setDatabaseId(e.target.value), setResult(null))}
                    className="rounded border border-slate-300 px-1 py-0.5 text-xs"
                  >
                    {databases.map((d) => (
                      <option key={d.id} value={d.id}>
                        {d.name} ({d.environment.toLowerCase()})
                      </option>
                    ))}
                  </select>
                </>
              ) : null}
              {step.kind === 'diagnostic' && serviceId && (!onDatabase || databases.length) ? (
                <>
                  <button
                    type="button"
                    disabled={pending}
                    onClick={() => act(() => runDiagnosticAction({ ...ids, serviceId, ...target }), setResult)}
                    className={`${small} bg-slate-900 text-white ring-slate-900`}
                  >
                    Run diagnostic
                  </button>
                  {result ? (
                    <button
                      type="button"
                      disabled={pending}
                      onClick={() => act(() => attachDiagnosticAction({ ...ids, serviceId, ...target }))}
                      className={`${small} ring-slate-300`}
                    >
                      Attach to timeline
                    </button>
                  ) : null}
                </>
              ) : null}
              {step.kind === 'verification' && serviceId ? (
                <>
                  <button
                    type="button"
                    disabled={pending}
                    onClick={() => act(() => verifyStepAction({ ...ids, serviceId }), setOutcome)}
                    className={`${small} bg-slate-900 text-white ring-slate-900`}
                  >
                    Check now
                  </button>
                  <button type="button" onClick={() => setWatching(!watching)} className={`${small} ring-slate-300`}>
                    {watching ? 'Stop re-checking' : 'Keep checking'}
                  </button>
                </>
              ) : null}
              {step.kind === 'remediation' && serviceId ? (
                <Link
                  href={`/services/${serviceId}?fix=${step.remediation?.kind ?? ''}&run=${run.id}&step=${encodeURIComponent(step.id)}`}
                  className={`${small} bg-red-600 text-white ring-red-700`}
                >
                  Open fix-it: {step.remediation?.label}
                </Link>
              ) : null}
              {step.kind === 'communication' ? (
                <button
                  type="button"
                  onClick={() => document.getElementById('update-heading')?.scrollIntoView({ behavior: 'smooth' })}
                  className={`${small} ring-slate-300`}
                >
                  Open the status update
                </button>
              ) : null}
              {state?.status !== 'done' ? (
                <button type="button" disabled={pending} onClick={() => act(() => checkStepAction(ids))} className={`${small} ring-green-300 text-green-800`}>
                  Mark done
                </button>
              ) : null}
              {!state ? (
                <button type="button" onClick={() => setMode(mode === 'skip' ? null : 'skip')} className={`${small} ring-slate-300`}>
                  Skip…
                </button>
              ) : null}
              <button type="button" onClick={() => setMode(mode === 'note' ? null : 'note')} className={`${small} ring-slate-300`}>
                Note…
              </button>
            </div>
          ) : null}
          {mode ? (
            <form
              onSubmit={(e) => {
                e.preventDefault()
                const done = () => (setMode(null), setText(''))
                if (mode === 'skip') act(() => skipStepAction({ ...ids, reason: text }), done)
                else act(() => stepNoteAction({ ...ids, note: text }), done)
              }}
              className="mt-1.5 flex gap-1.5"
            >
              <label className="sr-only" htmlFor={`${run.id}-${step.id}-${mode}`}>
                {mode === 'skip' ? 'Why skip this step' : 'Note on this step'}
              </label>
              <input
                id={`${run.id}-${step.id}-${mode}`}
                value={text}
                onChange={(e) => setText(e.target.value)}
                placeholder={mode === 'skip' ? 'Why skip it?' : 'Note'}
                className="min-w-0 flex-1 rounded border border-slate-300 px-2 py-0.5 text-xs"
              />
              <button type="submit" disabled={pending} className={`${small} bg-slate-900 text-white ring-slate-900`}>
                {mode === 'skip' ? 'Skip step' : 'Add note'}
              </button>
            </form>
          ) : null}
          {error ? (
            <p role="alert" className="mt-1 text-xs text-red-700">
              {error}
            </p>
          ) : null}
        </div>
      </div>
    </li>
  )
}

export function RunCard({
  run,
  incidentId,
  serviceId,
  databases,
  canWrite,
}: Readonly<{ run: Run; incidentId: string; serviceId: string | null; databases: Databases; canWrite: boolean }>) {
  const total = run.view.steps.length
  const done = run.view.steps.filter((s) => run.steps[s.id] || run.fixes[s.id]?.status === 'SUCCEEDED').length
  const phases = [...new Set(run.view.steps.map((s) => s.phaseLabel))]
  return (
    // A finished checklist folds away; one still in progress stays open.
    <details open={done < total} className="rounded-lg border border-slate-200" data-testid={`runbook-run-${run.runbookId}`}>
      <summary className="cursor-pointer list-none px-3 py-2">
        <div className="flex items-center justify-between gap-2">
          <span className="text-sm font-semibold">{run.view.title}</span>
          <span className="text-xs text-slate-600" data-testid="runbook-progress">
            {done}/{total} steps
          </span>
        </div>
        <div className="mt-1 h-1.5 overflow-hidden rounded bg-slate-100" aria-hidden>
          <div className="h-full bg-green-500" style={{ width: `${(done / Math.max(1, total)) * 100}%` }} />
        </div>
      </summary>
      <div className="space-y-3 px-3 pb-3">
        {phases.map((p) => (
          <div key={p}>
            <p className="mb-1 text-[11px] font-semibold uppercase tracking-wide text-slate-500">{p}</p>
            <ol className="space-y-1.5">
              {run.view.steps
                .filter((s) => s.phaseLabel === p)
                .map((s) => (
                  <Step key={s.id} step={s} run={run} incidentId={incidentId} serviceId={serviceId} databases={databases} canWrite={canWrite} />
                ))}
            </ol>
          </div>
        ))}
      </div>
    </details>
  )
}
