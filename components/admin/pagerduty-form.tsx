'use client'
// /admin/alerts: forwarding auto-declared incidents to PagerDuty (or any Events API v2 endpoint).

import { useState } from 'react'
import { savePagerDutyAction } from '@/app/(console)/admin/alerts/actions'
import { FieldError } from '@/components/ui/field-error'
import { NoticeLine } from '@/components/ui/notice'
import { useAction } from '@/components/ui/use-action'
import type { PagerDutyView } from '@/lib/alerts/queries'

const field = 'mt-0.5 block w-full max-w-full rounded-md border border-slate-300 px-2 py-1 text-sm'

export function PagerDutyForm({ view }: Readonly<{ view: PagerDutyView }>) {
  const { run, pending, notice, fieldErrors } = useAction()
  const [enabled, setEnabled] = useState(view.enabled)
  const [url, setUrl] = useState(view.url)
  const [routingKey, setRoutingKey] = useState('')
  const save = () =>
    run(
      () => savePagerDutyAction({ enabled, url, routingKey, expectedVersion: view.version }),
      enabled ? 'Saved: auto-declared incidents page PagerDuty.' : 'Saved: off.',
      () => setRoutingKey(''),
    )
  return (
    <section className="space-y-3 rounded-xl border border-slate-200 bg-white p-4 shadow-sm" aria-label="PagerDuty forward" data-testid="pagerduty">
      <div>
        <h2 className="text-sm font-semibold">PagerDuty forward</h2>
        <p className="text-xs text-slate-600">
          When an alert declares an incident, send a PagerDuty Events API v2 trigger (one per incident), and resolve it when the incident is resolved. Any
          compatible endpoint works (Opsgenie, a relay). A refused event is written on the incident&apos;s timeline.
        </p>
      </div>
      <form
        className="flex flex-wrap items-end gap-3 text-xs font-medium text-slate-600"
        onSubmit={(e) => {
          e.preventDefault()
          save()
        }}
      >
        <label className="flex items-center gap-2 self-center">
          <input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} /> Forward
        </label>
        <label className="min-w-0 flex-[2_1_16rem]">
          Events API URL
          <input className={field} value={url} onChange={(e) => setUrl(e.target.value)} inputMode="url" />
          <FieldError messages={fieldErrors.url} className="" />
        </label>
        <label className="min-w-0 flex-[1_1_12rem]">
          Routing key {view.routingKeyPreview ? <span className="font-normal text-slate-500">(saved: {view.routingKeyPreview}; empty keeps it)</span> : null}
          <input className={field} type="password" autoComplete="off" value={routingKey} onChange={(e) => setRoutingKey(e.target.value)} />
          <FieldError messages={fieldErrors.routingKey} className="" />
        </label>
        <button type="submit" disabled={pending} className="rounded-md bg-brand-700 px-3 py-1 text-sm text-white hover:bg-brand-800 disabled:opacity-50">
          Save
        </button>
      </form>
      <NoticeLine notice={notice} />
    </section>
  )
}
