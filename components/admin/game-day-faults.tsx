'use client'

import { useState, useTransition, type FormEvent } from 'react'
import { clearFaultsAction, injectFaultAction } from '@/app/(console)/admin/game-day/actions'
import { Card } from '@/components/ui/card'
import { NoticeLine } from '@/components/ui/notice'
import { gameDayFaults, type ActiveFaultView } from '@/lib/gameday/scenarios'

const describeFault = (f: ActiveFaultView) =>
  `${f.kind} · ${f.operation ? `${f.api}:${f.operation}` : (f.api ?? 'every API')}${f.times ? ` · next ${f.times} call${f.times === 1 ? '' : 's'}` : ''}`

/** Account-wide AWS faults: AWS hanging, expired credentials, a late or lost ECS change. */
export function GameDayFaults({ faults }: Readonly<{ faults: ActiveFaultView[] }>) {
  const [preset, setPreset] = useState<string>(gameDayFaults[0].preset)
  const [notice, setNotice] = useState<{ ok: boolean; text: string } | null>(null)
  const [pending, startTransition] = useTransition()
  const chosen = gameDayFaults.find((f) => f.preset === preset)

  function inject(event: FormEvent) {
    event.preventDefault()
    startTransition(async () => {
      const r = await injectFaultAction({ preset })
      setNotice(r.ok ? { ok: true, text: `${chosen?.label} injected (${r.data.id}).` } : { ok: false, text: r.message })
    })
  }

  function clear() {
    startTransition(async () => {
      const r = await clearFaultsAction({})
      setNotice(r.ok ? { ok: true, text: `Cleared ${r.data.cleared} fault${r.data.cleared === 1 ? '' : 's'}.` } : { ok: false, text: r.message })
    })
  }

  return (
    <Card title={`AWS faults (${faults.length})`}>
      <form onSubmit={inject} className="space-y-3 p-4">
        <div>
          <label htmlFor="gd-fault" className="block text-sm font-medium">
            Fault, for the whole account
          </label>
          <select
            id="gd-fault"
            value={preset}
            onChange={(e) => setPreset(e.target.value)}
            className="mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 text-sm"
            aria-describedby="gd-fault-help"
          >
            {gameDayFaults.map((f) => (
              <option key={f.preset} value={f.preset}>
                {f.label}
              </option>
            ))}
          </select>
          <p id="gd-fault-help" className="mt-1 text-xs text-slate-600">
            {chosen?.description}
          </p>
        </div>
        <div className="flex flex-wrap gap-2">
          <button
            type="submit"
            disabled={pending}
            className="rounded-md bg-red-600 px-3 py-2 text-sm font-semibold text-white hover:bg-red-700 disabled:opacity-60"
          >
            Inject fault
          </button>
          <button
            type="button"
            disabled={pending || faults.length === 0}
            onClick={clear}
            className="rounded-md px-3 py-2 text-sm font-medium ring-1 ring-slate-300 hover:bg-slate-100 disabled:opacity-60"
          >
            Remove all faults
          </button>
        </div>
        <NoticeLine notice={notice} />
      </form>
      {faults.length > 0 ? (
        <ul className="divide-y divide-slate-100 border-t border-slate-100">
          {faults.map((f) => (
            <li key={f.id} className="px-4 py-2 text-sm">
              <span className="font-mono text-xs">{f.id}</span> {describeFault(f)}
            </li>
          ))}
        </ul>
      ) : null}
    </Card>
  )
}
