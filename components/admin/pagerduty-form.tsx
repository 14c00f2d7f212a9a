'use client'
// /admin/alerts: forwarding auto-declared incidents to PagerDuty (or any Events API v2 endpoint).

import { useState } from 'react'
import { savePagerDutyAction } from '@/app/(console)/admin/alerts/actions'
import type { PagerDutyView } from '@/lib/alerts/queries'
import { AdminForm, adminField as field, useAdminForm } from './admin-form'

export function PagerDutyForm({ view }: Readonly<{ view: PagerDutyView }>) {
  const f = useAdminForm()
  const [enabled, setEnabled] = useState(view.enabled)
  const [url, setUrl] = useState(view.url)
  const [routingKey, setRoutingKey] = useState('')
  const save = () =>
    f.run(
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
      <AdminForm
        form={f}
        submitLabel="Save"
        onSubmit={save}
        buttonClassName="rounded-md bg-brand-700 px-3 py-1 text-sm text-white hover:bg-brand-800 disabled:opacity-50"
      >
        <label className="flex items-center gap-2 self-center">
          <input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} /> Forward
        </label>
        <label className="min-w-0 flex-[2_1_16rem]">
          Events API URL
          <input className={field} value={url} onChange={(e) => setUrl(e.target.value)} inputMode="url" />
          {f.err('url')}
        </label>
        <label className="min-w-0 flex-[1_1_12rem]">
          Routing key {view.routingKeyPreview ? <span className="font-normal text-slate-500">(saved: {view.routingKeyPreview}; empty keeps it)</span> : null}
          <input className={field} type="password" autoComplete="off" value={routingKey} onChange={(e) => setRoutingKey(e.target.value)} />
          {f.err('routingKey')}
        </label>
      </AdminForm>
    </section>
  )
}
