'use client'

import type { FormEvent } from 'react'
import { importResourcesAction } from '@/app/(console)/admin/resources/actions'
import { Card } from '@/components/ui/card'
import { NoticeLine } from '@/components/ui/notice'
import { useAction } from '@/components/ui/use-action'
import { environmentLabels, environments } from '@/lib/services/dto'

/** Adds the region's Lambda functions, PostgreSQL instances, Redis clusters and DynamoDB tables that the catalog lacks. */
export function ResourceImport() {
  const { run, pending, notice, fieldErrors } = useAction()
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    const f = new FormData(event.currentTarget)
    const v = (k: string) => String(f.get(k) ?? '')
    run(
      () => importResourcesAction({ region: v('region'), environment: v('environment'), team: v('team') }),
      (r) =>
        r.added.length
          ? `Added ${r.added.join(', ')}${r.alreadyPresent ? ` (${r.alreadyPresent} already in the catalog)` : ''}.`
          : 'Every resource AWS lists there is already in the catalog.',
    )
  }
  const shown = notice && !notice.ok ? { ok: false, text: [notice.text, ...Object.values(fieldErrors).flat()].join(' ') } : notice
  const field = 'mt-1 block w-full rounded-md border border-slate-300 px-3 py-1.5 text-sm'
  return (
    <Card title="Import resources from AWS">
      <form onSubmit={submit} className="grid grid-cols-2 gap-2 p-4 text-sm" data-testid="resource-import">
        <p className="col-span-2 text-xs text-slate-600">Lambda functions, PostgreSQL DB instances, Redis cache clusters and DynamoDB tables of a region.</p>
        <label className="font-medium">
          Region
          <input name="region" defaultValue="us-east-1" className={field} />
        </label>
        <label className="font-medium">
          Environment
          <select name="environment" defaultValue="PROD" className={field}>
            {environments.map((e) => (
              <option key={e} value={e}>
                {environmentLabels[e]}
              </option>
            ))}
          </select>
        </label>
        <label className="col-span-2 font-medium">
          Owning team
          <input name="team" required className={field} />
        </label>
        <button type="submit" disabled={pending} className="col-span-2 rounded-md bg-slate-900 px-3 py-2 font-semibold text-white disabled:opacity-50">
          {pending ? 'Listing resources…' : 'Import resources'}
        </button>
        <NoticeLine notice={shown} className="col-span-2" />
      </form>
    </Card>
  )
}
