'use client'

import { useState } from 'react'
import { updateWebhooksAction } from '@/app/(console)/admin/policy/actions'
import { FieldError } from '@/components/ui/field-error'
import { NoticeLine } from '@/components/ui/notice'
import { useAction } from '@/components/ui/use-action'
import type { WebhookFormat, WebhookSettings } from '@/lib/incidents/dto'

type Draft = { id?: string; name: string; format: WebhookFormat; url: string; enabled: boolean; urlPreview?: string }

export function WebhooksEditor({ settings }: Readonly<{ settings: WebhookSettings }>) {
  const [rows, setRows] = useState<Draft[]>(
    settings.webhooks.map((w) => ({ id: w.id, name: w.name, format: w.format, url: '', enabled: w.enabled, urlPreview: w.urlPreview })),
  )
  const { run, pending, notice, fieldErrors: errors } = useAction()
  const update = (i: number, patch: Partial<Draft>) => setRows(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)))

  function save() {
    run(
      () =>
        updateWebhooksAction({
          expectedVersion: settings.version,
          webhooks: rows.map((r) => ({ id: r.id, name: r.name, format: r.format, url: r.url || undefined, enabled: r.enabled })),
        }),
      'Webhooks saved. Status updates posted from now on are sent to the enabled ones.',
    )
  }

  return (
    <section aria-labelledby="webhooks-heading" className="rounded-xl border border-slate-200 bg-white shadow-sm">
      <h2 id="webhooks-heading" className="border-b border-slate-100 px-4 py-3 text-sm font-semibold">
        Status update webhooks
      </h2>
      <div className="space-y-3 p-4">
        <p className="text-sm text-slate-600">
          Slack and Microsoft Teams incoming webhooks. Posting a status update sends it to every enabled one; a failed delivery is shown to the person posting
          and recorded on the timeline.
        </p>
        {rows.length === 0 ? <p className="text-sm text-slate-500">No webhook yet: updates are posted to the timeline and copied by hand.</p> : null}
        {rows.map((r, i) => (
          <div key={r.id ?? `new-${i}`} className="flex flex-wrap items-end gap-3 rounded-md border border-slate-200 p-3 text-xs font-medium text-slate-600">
            <label>
              Channel name
              <input
                value={r.name}
                onChange={(e) => update(i, { name: e.target.value })}
                className="mt-0.5 block w-40 rounded-md border border-slate-300 px-2 py-1 text-sm"
              />
              <FieldError messages={errors[`webhooks.${i}.name`]} className="" />
            </label>
            <label>
              Format
              <select
                value={r.format}
                onChange={(e) => update(i, { format: e.target.value as WebhookFormat })}
                className="mt-0.5 block rounded-md border border-slate-300 px-2 py-1 text-sm"
              >
                <option value="slack">Slack</option>
                <option value="teams">Teams</option>
              </select>
            </label>
            <label className="min-w-64 flex-1">
              Webhook URL {r.urlPreview ? <span className="font-normal text-slate-500">(now {r.urlPreview}; leave empty to keep)</span> : null}
              <input
                type="url"
                value={r.url}
                onChange={(e) => update(i, { url: e.target.value })}
                placeholder="https://hooks.slack.com/services/…"
                className="mt-0.5 block w-full rounded-md border border-slate-300 px-2 py-1 text-sm"
              />
              <FieldError messages={errors[`webhooks.${i}.url`]} className="" />
            </label>
            <label className="flex items-center gap-1.5 pb-1">
              <input type="checkbox" checked={r.enabled} onChange={(e) => update(i, { enabled: e.target.checked })} /> Enabled
            </label>
            <button type="button" onClick={() => setRows(rows.filter((_, j) => j !== i))} className="pb-1 text-red-700 hover:underline">
              Remove<span className="sr-only"> {r.name}</span>
            </button>
          </div>
        ))}
        <div className="flex gap-2">
          <button
            type="button"
            onClick={() => setRows([...rows, { name: '', format: 'slack', url: '', enabled: true }])}
            className="rounded-md px-3 py-1.5 text-sm ring-1 ring-slate-300 hover:bg-slate-50"
          >
            Add webhook
          </button>
          <button
            type="button"
            disabled={pending}
            onClick={save}
            className="rounded-md bg-slate-900 px-3 py-1.5 text-sm font-medium text-white disabled:opacity-50"
          >
            Save webhooks
          </button>
        </div>
        <NoticeLine notice={notice} />
      </div>
    </section>
  )
}
