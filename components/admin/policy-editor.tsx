'use client'

import { useState, type FormEvent } from 'react'
import { updateSeverityPolicyAction } from '@/app/(console)/admin/policy/actions'
import { SeverityBadge } from '@/components/incidents/badges'
import { FieldError } from '@/components/ui/field-error'
import { useAction } from '@/components/ui/use-action'
import type { SeverityPolicyRow } from '@/lib/incidents/dto'

/** One minutes setting of a severity: its label, the number (empty for none) and what the server said of it. */
function Minutes({
  name,
  label,
  placeholder,
  value,
  errors,
}: Readonly<{ name: string; label: string; placeholder: string; value: number | null; errors?: string[] }>) {
  return (
    <label>
      {label}
      <input
        name={name}
        inputMode="numeric"
        defaultValue={value ?? ''}
        placeholder={placeholder}
        className="mt-0.5 block w-24 rounded-md border border-slate-300 px-2 py-1 text-sm"
      />
      <FieldError messages={errors} className="" />
    </label>
  )
}

function Row({ row, saved, onSaved }: Readonly<{ row: SeverityPolicyRow; saved: string | undefined; onSaved: (text: string) => void }>) {
  const { run, pending, notice, fieldErrors: errors } = useAction()

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    const f = new FormData(event.currentTarget)
    const v = (k: string) => String(f.get(k) ?? '')
    // A saved row comes back with a new version and is drawn afresh, so the editor keeps the confirmation.
    run(
      () =>
        updateSeverityPolicyAction({
          severity: row.severity,
          expectedVersion: row.version,
          description: v('description'),
          ackWithinMinutes: v('ackWithinMinutes'),
          resolveWithinMinutes: v('resolveWithinMinutes'),
          updateEveryMinutes: v('updateEveryMinutes'),
          updatesAtStartAndEnd: f.get('updatesAtStartAndEnd') === 'on',
          escalateAfterMinutes: v('escalateAfterMinutes'),
          postmortemRequired: f.get('postmortemRequired') === 'on',
        }),
      undefined,
      () => onSaved(`${row.severity} saved at ${new Date().toISOString().slice(11, 19)} UTC.`),
    )
  }

  const id = (k: string) => `${row.severity}-${k}`
  return (
    <form
      onSubmit={submit}
      className="grid grid-cols-[minmax(0,1fr)] gap-3 border-b border-slate-100 p-4 md:grid-cols-[5rem_1fr]"
      aria-label={`${row.severity} policy`}
    >
      <div className="pt-1">
        <SeverityBadge severity={row.severity} />
      </div>
      <div className="space-y-3">
        <div>
          <label htmlFor={id('description')} className="text-xs font-medium text-slate-600">
            Meaning
          </label>
          <input
            id={id('description')}
            name="description"
            defaultValue={row.description}
            className="mt-0.5 block w-full rounded-md border border-slate-300 px-2 py-1 text-sm"
          />
          <FieldError messages={errors.description} className="" />
        </div>
        <div className="flex flex-wrap items-end gap-4 text-xs font-medium text-slate-600">
          <Minutes
            name="ackWithinMinutes"
            label="Acknowledge within (min)"
            placeholder="next business day"
            value={row.ackWithinMinutes}
            errors={errors.ackWithinMinutes}
          />
          <Minutes
            name="resolveWithinMinutes"
            label="Resolve within (min)"
            placeholder="no target"
            value={row.resolveWithinMinutes}
            errors={errors.resolveWithinMinutes}
          />
          <Minutes name="updateEveryMinutes" label="Update every (min)" placeholder="none" value={row.updateEveryMinutes} errors={errors.updateEveryMinutes} />
          <Minutes
            name="escalateAfterMinutes"
            label="Escalate after open (min)"
            placeholder="no progress only"
            value={row.escalateAfterMinutes}
            errors={errors.escalateAfterMinutes}
          />
          <label className="flex items-center gap-1.5 pb-1">
            <input type="checkbox" name="updatesAtStartAndEnd" defaultChecked={row.updatesAtStartAndEnd} /> Updates at start and end
          </label>
          <label className="flex items-center gap-1.5 pb-1">
            <input type="checkbox" name="postmortemRequired" defaultChecked={row.postmortemRequired} /> Post-mortem required
          </label>
          <button type="submit" disabled={pending} className="ml-auto rounded-md bg-slate-900 px-3 py-1.5 text-sm font-medium text-white disabled:opacity-50">
            Save {row.severity}
          </button>
        </div>
        <FieldError messages={errors.updatesAtStartAndEnd} className="" />
        {notice ? (
          <p role={notice.ok ? 'status' : 'alert'} className={`text-sm ${notice.ok ? 'text-green-700' : 'text-red-700'}`}>
            {notice.text}
          </p>
        ) : saved ? (
          <p role="status" className="text-sm font-medium text-green-800" data-testid={`policy-saved-${row.severity}`}>
            ✓ {saved}
          </p>
        ) : null}
      </div>
    </form>
  )
}

export function PolicyEditor({ rows }: Readonly<{ rows: SeverityPolicyRow[] }>) {
  const [saved, setSaved] = useState<Record<string, string>>({})
  return (
    <section aria-labelledby="policy-heading" className="mb-6 rounded-xl border border-slate-200 bg-white shadow-sm">
      <h2 id="policy-heading" className="border-b border-slate-100 px-4 py-3 text-sm font-semibold">
        Severity levels
      </h2>
      {rows.map((r) => (
        <Row key={`${r.severity}:${r.version}`} row={r} saved={saved[r.severity]} onSaved={(text) => setSaved((all) => ({ ...all, [r.severity]: text }))} />
      ))}
    </section>
  )
}
