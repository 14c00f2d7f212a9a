'use client'

import { useRouter } from 'next/navigation'
import { useState } from 'react'
import { startRunbookAction } from '@/app/(console)/incidents/[incidentId]/actions'
import { CopyButton } from '@/components/health/copy-button'
import { stepKindLabels } from '@/lib/runbooks/types'
import type { RunbookView } from '@/lib/runbooks/view'
import { CommandBlock } from '@/components/ui/command-block'
import { useAction } from '@/components/ui/use-action'

export function RunbookReader({ view, incidents }: Readonly<{ view: RunbookView; incidents: { id: string; label: string }[] }>) {
  const router = useRouter()
  const [incidentId, setIncidentId] = useState(incidents[0]?.id ?? '')
  const { run, pending, notice } = useAction()
  const phases = [...new Set(view.steps.map((s) => s.phaseLabel))]
  return (
    <div className="grid grid-cols-[minmax(0,1fr)] items-start gap-6 lg:grid-cols-[minmax(0,1fr)_18rem]">
      <div className="space-y-5">
        <section className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm">
          <h2 className="text-sm font-semibold">Symptoms</h2>
          <ul className="mt-1 list-disc pl-5 text-sm text-slate-700">
            {view.symptoms.map((s) => (
              <li key={s}>{s}</li>
            ))}
          </ul>
        </section>
        {phases.map((p) => (
          <section key={p} className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm" aria-label={p}>
            <h2 className="mb-2 text-sm font-semibold">{p}</h2>
            <ol className="space-y-3">
              {view.steps
                .filter((s) => s.phaseLabel === p)
                .map((s) => (
                  <li key={s.id} className="border-l-2 border-slate-200 pl-3">
                    <p className="text-sm font-medium">
                      {s.title}{' '}
                      <span className="ml-1 rounded bg-slate-100 px-1 py-0.5 text-[10px] font-semibold uppercase text-slate-600">{stepKindLabels[s.kind]}</span>
                      {s.optional ? <span className="ml-1 text-[10px] uppercase text-slate-500">optional</span> : null}
                    </p>
                    {s.when ? <p className="text-xs text-slate-600">When: {s.when}</p> : null}
                    {s.detail ? <p className="text-xs text-slate-600">{s.detail}</p> : null}
                    {s.caution ? <p className="text-xs font-medium text-amber-800">⚠ {s.caution}</p> : null}
                    {s.diagnostic ? <p className="text-xs text-slate-700">Runs live in an incident: {s.diagnostic.description}</p> : null}
                    {s.kind === 'remediation' || s.kind === 'verification' ? <p className="text-xs text-slate-700">→ {s.describes}</p> : null}
                    {s.commands.map((c) => (
                      <div key={c.label + c.text} className="mt-1">
                        <div className="flex items-center justify-between text-[11px] text-slate-500">
                          {c.label} <CopyButton text={c.text} />
                        </div>
                        <CommandBlock label={c.label} text={c.text} className="px-2 py-1 text-[11px]" />
                      </div>
                    ))}
                  </li>
                ))}
            </ol>
          </section>
        ))}
      </div>
      <aside className="space-y-3 rounded-xl border border-slate-200 bg-white p-4 shadow-sm lg:sticky lg:top-4">
        <h2 className="text-sm font-semibold">Start in an incident</h2>
        {incidents.length ? (
          <>
            <label htmlFor="start-incident" className="sr-only">
              Incident
            </label>
            <select
              id="start-incident"
              value={incidentId}
              onChange={(e) => setIncidentId(e.target.value)}
              className="block w-full rounded-md border border-slate-300 px-2 py-1.5 text-sm"
            >
              {incidents.map((i) => (
                <option key={i.id} value={i.id}>
                  {i.label}
                </option>
              ))}
            </select>
            <button
              type="button"
              disabled={pending || !incidentId}
              onClick={() =>
                run(
                  () => startRunbookAction({ incidentId, runbookId: view.id }),
                  undefined,
                  () => router.push(`/incidents/${incidentId}`),
                )
              }
              className="w-full rounded-md bg-slate-900 px-3 py-2 text-sm font-semibold text-white disabled:opacity-50"
            >
              Start this runbook
            </button>
            {notice && !notice.ok ? (
              <p role="alert" className="text-xs text-red-700">
                {notice.text}
              </p>
            ) : null}
          </>
        ) : (
          <p className="text-sm text-slate-600">No open incident to start it in (or your role only reads).</p>
        )}
        <p className="text-xs text-slate-500">Commands here show placeholders; inside an incident they are filled in for the affected service.</p>
      </aside>
    </div>
  )
}
