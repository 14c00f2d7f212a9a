'use client'
// The catalog's imports from AWS (an ECS cluster on /admin/services, other resources on
// /admin/resources): the same region, environment and owning team fields, one submit, and
// one notice. The form passes what it adds before those fields as children.

import type { FormEvent, ReactNode } from 'react'
import { Card } from '@/components/ui/card'
import { NoticeLine } from '@/components/ui/notice'
import { useAction } from '@/components/ui/use-action'
import type { ActionResult } from '@/lib/actions/result'
import { EnvironmentOptions } from '@/components/ui/environment-options'

export const importField = 'mt-1 block w-full rounded-md border border-slate-300 px-3 py-1.5 text-sm'

export type ImportedResult = { added: string[]; alreadyPresent: number }

export function AwsImportForm({
  title,
  submitLabel,
  pendingLabel,
  nothingNew,
  importAction,
  testId,
  children,
}: Readonly<{
  title: string
  submitLabel: string
  pendingLabel: string
  /** The success text when everything AWS listed was already in the catalog. */
  nothingNew: string
  /** The server action, given the form's fields by name. */
  importAction: (value: (name: string) => string) => Promise<ActionResult<ImportedResult>>
  testId?: string
  children?: ReactNode
}>) {
  const { run, pending, notice, fieldErrors } = useAction()
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    const f = new FormData(event.currentTarget)
    run(
      () => importAction((k) => String(f.get(k) ?? '')),
      (r) => (r.added.length ? `Added ${r.added.join(', ')}${r.alreadyPresent ? ` (${r.alreadyPresent} already in the catalog)` : ''}.` : nothingNew),
    )
  }
  // These small forms have no place under each field: a refusal names the fields' problems after its message.
  const shown = notice && !notice.ok ? { ok: false, text: [notice.text, ...Object.values(fieldErrors).flat()].join(' ') } : notice
  return (
    <Card title={title}>
      <form onSubmit={submit} className="grid grid-cols-2 gap-2 p-4 text-sm" data-testid={testId}>
        {children}
        <label className="font-medium">
          Region
          <input name="region" defaultValue="us-east-1" className={importField} />
        </label>
        <label className="font-medium">
          Environment
          <select name="environment" defaultValue="PROD" className={importField}>
            <EnvironmentOptions />
          </select>
        </label>
        <label className="col-span-2 font-medium">
          Owning team
          <input name="team" required className={importField} />
        </label>
        <button type="submit" disabled={pending} className="col-span-2 rounded-md bg-slate-900 px-3 py-2 font-semibold text-white disabled:opacity-50">
          {pending ? pendingLabel : submitLabel}
        </button>
        <NoticeLine notice={shown} className="col-span-2" />
      </form>
    </Card>
  )
}
