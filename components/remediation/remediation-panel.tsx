'use client'

import { useQuery } from '@tanstack/react-query'
import { useEffect, useState, type FormEvent } from 'react'
import { requestRemediationAction } from '@/app/(console)/remediations/actions'
import { FieldError } from '@/components/ui/field-error'
import { NoticeLine } from '@/components/ui/notice'
import { useAction } from '@/components/ui/use-action'
import { serviceDetailQuery } from '@/lib/health/query-keys'
import { fetchPreview, remediationKeys } from '@/lib/remediation/query-keys'
import { remediationKindLabels, remediationKinds, type RemediationKind, type RemediationParams } from '@/lib/remediation/schemas'
import type { FixContext } from '@/lib/runbooks/fix-context'
import { LiveRemediation } from './request-status'

const input = 'mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 text-sm'

function actionOf(kind: RemediationKind, amount: string): RemediationParams | null {
  if (kind === 'SCALE') return amount === '' || Number.isNaN(Number(amount)) ? null : { kind, desiredCount: Number(amount) }
  if (kind === 'RAISE_MEMORY') return amount === '' || Number.isNaN(Number(amount)) ? null : { kind, memoryMiB: Number(amount) }
  return { kind }
}

function Dialog({
  serviceId,
  kind,
  context,
  onDone,
}: Readonly<{ serviceId: string; kind: RemediationKind; context: FixContext | null; onDone: (id: string) => void }>) {
  const [amount, setAmount] = useState('')
  const [idempotencyKey] = useState(() => crypto.randomUUID())
  const action = actionOf(kind, amount)
  const preview = useQuery({
    queryKey: remediationKeys.preview(serviceId, action ?? { kind: 'FORCE_NEW_DEPLOYMENT' }),
    queryFn: () => fetchPreview(serviceId, action!),
    enabled: action !== null,
    retry: false,
    staleTime: 10_000,
  })
  const { run, pending, notice, fieldErrors: errors } = useAction()
  const p = preview.data

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    if (!action) return
    const f = new FormData(event.currentTarget)
    const incidentId = String(f.get('incidentId') ?? '')
    run(
      () =>
        requestRemediationAction({
          serviceId,
          action,
          idempotencyKey,
          reason: String(f.get('reason') ?? ''),
          incidentId,
          confirmName: String(f.get('confirmName') ?? ''),
          cooldownOverride: String(f.get('cooldownOverride') ?? ''),
          // Linked to the runbook step only while acting under the step's own incident.
          ...(context && context.incidentId === incidentId ? { runbookStep: context.runbookStep } : {}),
        }),
      undefined,
      (data) => onDone(data.id),
    )
  }

  return (
    <form onSubmit={submit} className="space-y-3 rounded-lg border border-slate-200 bg-slate-50 p-4" aria-label={`${remediationKindLabels[kind]} preview`}>
      {kind === 'SCALE' || kind === 'RAISE_MEMORY' ? (
        <div>
          <label htmlFor="amount" className="block text-sm font-medium">
            {kind === 'SCALE' ? 'New desired task count' : 'New memory (MiB)'}
          </label>
          <input
            id="amount"
            inputMode="numeric"
            value={amount}
            onChange={(e) => setAmount(e.target.value.replace(/[^0-9]/g, ''))}
            className={`${input} max-w-40`}
            autoFocus
          />
        </div>
      ) : null}
      {preview.isFetching ? <p className="text-sm text-slate-500">Reading the service from AWS…</p> : null}
      {preview.error ? (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
          {preview.error.message}
        </p>
      ) : null}
      {p ? (
        <>
          <div className="rounded-md border border-slate-300 bg-white p-3" data-testid="remediation-preview">
            <p className="text-xs font-semibold uppercase tracking-wide text-slate-500">Exactly what will change</p>
            <p className="mt-1 text-base font-semibold text-slate-900">{p.summary}</p>
            {p.targetReason ? (
              <p className="mt-1 text-xs text-slate-700" data-testid="remediation-target-reason">
                Why this revision: {p.targetReason}
              </p>
            ) : null}
            {/* Long revisions and images wrap inside their cell instead of widening the page at 390 px. */}
            <table className="mt-2 w-full text-xs" data-testid="remediation-change-table">
              <tbody>
                {p.details.map((d) => (
                  <tr key={d.label} className="align-top">
                    <th scope="row" className="w-px whitespace-nowrap pr-3 text-left font-medium text-slate-500">
                      {d.label}
                    </th>
                    <td className="font-mono text-red-700 line-through decoration-1 [overflow-wrap:anywhere]">{d.from}</td>
                    <td className="w-px px-2">→</td>
                    <td className="font-mono font-semibold text-green-800 [overflow-wrap:anywhere]">{d.to}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            {p.warnings.map((w) => (
              <p key={w} className="mt-2 rounded bg-amber-50 px-2 py-1 text-xs text-amber-900">
                ⚠ {w}
              </p>
            ))}
            {p.requiresApproval ? (
              <p className="mt-2 text-xs font-semibold text-amber-800">A commander must approve this before it runs (requests expire after 15 minutes).</p>
            ) : null}
          </div>
          {p.cooldown ? (
            <div>
              <p className="text-sm text-amber-900">
                {p.cooldown.running
                  ? `Running now: ${p.cooldown.lastAction}.`
                  : `An action just finished here (${p.cooldown.lastAction}). Watch the service for 5 minutes before the next step.`}
              </p>
              {!p.cooldown.running ? (
                <>
                  <label htmlFor="cooldownOverride" className="mt-1 block text-sm font-medium">
                    Reason to act now anyway
                  </label>
                  <input id="cooldownOverride" name="cooldownOverride" className={input} />
                </>
              ) : null}
            </div>
          ) : null}
          <div>
            <label htmlFor="incidentId" className="block text-sm font-medium">
              Incident{p.production ? '' : ' (optional)'}
            </label>
            <select
              id="incidentId"
              name="incidentId"
              className={input}
              defaultValue={p.incidents.find((i) => i.id === context?.incidentId)?.id ?? p.incidents[0]?.id ?? ''}
            >
              {!p.production ? <option value="">None</option> : null}
              {p.incidents.map((i) => (
                <option key={i.id} value={i.id}>
                  {i.ref} {i.title}
                </option>
              ))}
            </select>
            {p.production && p.incidents.length === 0 ? (
              <p className="mt-1 text-xs text-red-700">Production actions need an open incident that names this service. Declare one first.</p>
            ) : null}
            <FieldError messages={errors.incidentId} />
          </div>
          <div>
            <label htmlFor="reason" className="block text-sm font-medium">
              Reason
            </label>
            <input id="reason" name="reason" required minLength={3} defaultValue={context?.reason} className={input} placeholder="Why this, why now" />
            {context ? <p className="mt-1 text-xs text-slate-600">Proposed from the incident and the runbook step; change it if you need to.</p> : null}
            <FieldError messages={errors.reason} />
          </div>
          {p.confirmName ? (
            <div>
              <label htmlFor="confirmName" className="block text-sm font-medium">
                Type <span className="font-mono">{p.confirmName}</span> to confirm
              </label>
              {/* Opened from a runbook step, the one thing left to type is the name: the cursor waits there. */}
              <input id="confirmName" name="confirmName" autoComplete="off" autoFocus={context !== null} className={input} />
              <FieldError messages={errors.confirmName} />
            </div>
          ) : null}
          <NoticeLine notice={notice} />
          <button
            type="submit"
            disabled={pending || (p.cooldown?.running ?? false)}
            className={`w-full rounded-md px-3 py-2 text-sm font-semibold text-white disabled:opacity-50 ${p.requiresApproval ? 'bg-amber-600 hover:bg-amber-700' : 'bg-red-600 hover:bg-red-700'}`}
          >
            {p.requiresApproval ? 'Request approval' : `Run: ${p.summary}`}
          </button>
        </>
      ) : null}
    </form>
  )
}

export function RemediationPanel({
  serviceId,
  canRequest,
  initialKind = null,
  context = null,
}: Readonly<{ serviceId: string; canRequest: boolean; initialKind?: RemediationKind | null; context?: FixContext | null }>) {
  // A runbook's remediation step opens the panel on its action (?fix=ROLLBACK&run=…&step=…).
  // The address is read once, then cleared: reloading the page later (after the rollback
  // ran, say) must not reopen a dialog whose target has moved on to an older revision.
  const [kind, setKind] = useState<RemediationKind | null>(canRequest ? initialKind : null)
  // On the next task, not in this effect: the router's own mount effects run after this
  // one (parents after children) and would otherwise keep the old address as its own,
  // writing it back on its next update.
  useEffect(() => {
    const t = setTimeout(() => {
      const url = new URL(window.location.href)
      if (!['fix', 'run', 'step'].some((k) => url.searchParams.has(k))) return
      for (const k of ['fix', 'run', 'step']) url.searchParams.delete(k)
      // Not the router's own state object: given that, Next.js would take the call for its own and keep the old address.
      window.history.replaceState(null, '', url.pathname + url.search + url.hash)
    }, 0)
    return () => clearTimeout(t)
  }, [])
  const [started, setStarted] = useState<string[]>([])
  const [round, setRound] = useState(0)
  // The same query (and cache entry) as the health view below: ECS's status of the service.
  const { data: detail, isPending: reading } = useQuery(serviceDetailQuery(serviceId))
  const gone = detail?.serviceStatus === 'INACTIVE' || detail?.serviceStatus === 'DRAINING' ? detail.serviceStatus : null
  return (
    <section aria-labelledby="fix-heading" className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm" data-testid="fix-it">
      <h2 id="fix-heading" className="text-sm font-semibold">
        Fix it
      </h2>
      {gone ? (
        <p className="mt-1 text-sm text-slate-700" data-testid="fix-it-unavailable">
          Nothing to fix here: ECS reports this service as {gone} ({gone === 'INACTIVE' ? 'deleted' : 'being deleted'}), so it cannot be scaled, restarted,
          rolled back or given more memory{initialKind ? `, and the runbook's "${remediationKindLabels[initialKind]}" step does not apply` : ''}. Recreate the
          service in ECS, or remove it from the catalog.
        </p>
      ) : canRequest ? (
        <>
          <p className="mb-3 text-xs text-slate-600">
            Each action shows the exact change first, runs once, and is recorded in the audit log and the incident timeline.
          </p>
          <div className="flex flex-wrap gap-2">
            {remediationKinds.map((k) => (
              <button
                key={k}
                type="button"
                aria-pressed={kind === k}
                onClick={() => (setKind(kind === k ? null : k), setRound(round + 1))}
                className={`rounded-md px-3 py-1.5 text-sm font-medium ring-1 ${kind === k ? 'bg-slate-900 text-white ring-slate-900' : 'bg-white ring-slate-300 hover:bg-slate-50'}`}
              >
                {remediationKindLabels[k]}…
              </button>
            ))}
          </div>
          {kind && !reading ? (
            <div className="mt-3">
              <Dialog
                key={`${kind}-${round}`}
                serviceId={serviceId}
                kind={kind}
                context={round === 0 && kind === initialKind ? context : null}
                onDone={(id) => {
                  setStarted([id, ...started])
                  setKind(null)
                }}
              />
            </div>
          ) : null}
        </>
      ) : (
        <p className="text-sm text-slate-600">Your role can watch but not change services.</p>
      )}
      {started.length ? (
        <ul className="mt-4 space-y-3 border-t border-slate-100 pt-3" aria-live="polite">
          {started.map((id) => (
            <li key={id}>
              <LiveRemediation id={id} />
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  )
}
