'use client'

import { useState } from 'react'
import { linkResourceAction } from '@/app/(console)/admin/resources/actions'
import { Card } from '@/components/ui/card'
import { NoticeLine } from '@/components/ui/notice'
import { useAction } from '@/components/ui/use-action'
import type { ResourceSummary } from '@/lib/resources/dto'
import { resourceKindLabels } from '@/lib/resources/kinds'
import type { ServiceSummary } from '@/lib/services/dto'

/** Each resource of the catalog and the services that depend on it; an admin changes the list. */
export function ResourceLinks({ resources, services }: Readonly<{ resources: ResourceSummary[]; services: ServiceSummary[] }>) {
  const [editing, setEditing] = useState<string | null>(null)
  const [chosen, setChosen] = useState<string[]>([])
  const { run, pending, notice } = useAction()
  const nameOf = new Map(services.map((s) => [s.id, `${s.name} · ${s.cluster}`]))
  if (!resources.length) return null
  return (
    <Card title="Resources and the services that depend on them">
      <ul className="divide-y divide-slate-100 text-sm" data-testid="resource-links">
        {resources.map((r) => (
          <li key={r.id} className="space-y-2 px-4 py-2.5">
            <div className="flex flex-wrap items-center justify-between gap-2">
              <span>
                <span className="font-semibold">{r.name}</span>{' '}
                <span className="text-xs text-slate-500">
                  {resourceKindLabels[r.kind].one} · {r.awsId} · {r.region} · {r.team}
                </span>
              </span>
              {editing !== r.id ? (
                <button
                  type="button"
                  className="rounded-md border border-slate-300 px-2 py-1 text-xs font-semibold"
                  onClick={() => {
                    setEditing(r.id)
                    setChosen(r.serviceIds)
                  }}
                >
                  Change services
                </button>
              ) : null}
            </div>
            {editing === r.id ? (
              <form
                className="space-y-2"
                onSubmit={(e) => {
                  e.preventDefault()
                  run(
                    () => linkResourceAction({ resourceId: r.id, serviceIds: chosen }),
                    (out) => {
                      setEditing(null)
                      return `${r.name}: ${out.services} services depend on it.`
                    },
                  )
                }}
              >
                <label className="block text-xs font-medium">
                  Services that depend on {r.name}
                  <select
                    multiple
                    value={chosen}
                    onChange={(e) => setChosen([...e.target.selectedOptions].map((o) => o.value))}
                    className="mt-1 block h-32 w-full rounded-md border border-slate-300 px-2 py-1 text-sm"
                  >
                    {services.map((s) => (
                      <option key={s.id} value={s.id}>
                        {nameOf.get(s.id)}
                      </option>
                    ))}
                  </select>
                </label>
                <div className="flex gap-2">
                  <button type="submit" disabled={pending} className="rounded-md bg-slate-900 px-3 py-1.5 text-xs font-semibold text-white disabled:opacity-50">
                    Save
                  </button>
                  <button type="button" className="rounded-md border border-slate-300 px-3 py-1.5 text-xs" onClick={() => setEditing(null)}>
                    Cancel
                  </button>
                </div>
              </form>
            ) : (
              <p className="text-xs text-slate-600">
                {r.serviceIds.length ? r.serviceIds.map((id) => nameOf.get(id) ?? 'a removed service').join(', ') : 'No service linked yet.'}
              </p>
            )}
          </li>
        ))}
      </ul>
      <NoticeLine notice={notice} className="px-4 pb-3" />
    </Card>
  )
}
