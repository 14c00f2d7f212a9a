'use client'

import { useState, useTransition, type FormEvent } from 'react'
import { clearScenariosAction, injectScenarioAction } from '@/app/(console)/admin/game-day/actions'
import { Card } from '@/components/ui/card'
import { NoticeLine } from '@/components/ui/notice'
import { gameDayScenarios, type ActiveFaultView, type ActiveScenarioView } from '@/lib/gameday/scenarios'
import { GameDayFaults } from './game-day-faults'

const labelOf = (kind: string) => gameDayScenarios.find((s) => s.kind === kind)?.label ?? kind

export function GameDay({
  services,
  active,
  faults = [],
}: Readonly<{ services: { id: string; label: string }[]; active: ActiveScenarioView[]; faults?: ActiveFaultView[] }>) {
  const [serviceId, setServiceId] = useState(services[0]?.id ?? '')
  const [scenario, setScenario] = useState<string>(gameDayScenarios[0].kind)
  const [notice, setNotice] = useState<{ ok: boolean; text: string } | null>(null)
  const [pending, startTransition] = useTransition()
  const chosen = gameDayScenarios.find((s) => s.kind === scenario)

  function inject(event: FormEvent) {
    event.preventDefault()
    startTransition(async () => {
      const r = await injectScenarioAction({ serviceId, scenario })
      setNotice(
        r.ok
          ? { ok: true, text: `${labelOf(scenario)} injected into ${r.data.service} (${r.data.cluster}). Watch the board.` }
          : { ok: false, text: r.message },
      )
    })
  }

  function clear(id?: string) {
    startTransition(async () => {
      const r = await clearScenariosAction(id ? { id } : {})
      setNotice(
        r.ok
          ? { ok: true, text: `Cleared ${r.data.cleared} failure${r.data.cleared === 1 ? '' : 's'}. Services recover over the next minutes.` }
          : { ok: false, text: r.message },
      )
    })
  }

  return (
    <div className="grid grid-cols-[minmax(0,1fr)] items-start gap-6 lg:grid-cols-2">
      <Card title="Inject a failure">
        <form onSubmit={inject} className="space-y-3 p-4">
          <div>
            <label htmlFor="gd-service" className="block text-sm font-medium">
              Service
            </label>
            <select
              id="gd-service"
              value={serviceId}
              onChange={(e) => setServiceId(e.target.value)}
              className="mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 text-sm"
            >
              {services.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.label}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label htmlFor="gd-scenario" className="block text-sm font-medium">
              Failure
            </label>
            <select
              id="gd-scenario"
              value={scenario}
              onChange={(e) => setScenario(e.target.value)}
              className="mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 text-sm"
              aria-describedby="gd-scenario-help"
            >
              {gameDayScenarios.map((s) => (
                <option key={s.kind} value={s.kind}>
                  {s.label}
                </option>
              ))}
            </select>
            <p id="gd-scenario-help" className="mt-1 text-xs text-slate-600">
              {chosen?.description}
            </p>
          </div>
          <button
            type="submit"
            disabled={pending || !serviceId}
            className="w-full rounded-md bg-red-600 px-3 py-2 text-sm font-semibold text-white hover:bg-red-700 disabled:opacity-60"
          >
            Inject failure
          </button>
          <NoticeLine notice={notice} />
        </form>
      </Card>

      <Card title={`Active failures (${active.length})`}>
        {active.length === 0 ? (
          <p className="p-4 text-sm text-slate-600">Nothing injected. The fleet runs normally.</p>
        ) : (
          <>
            <ul className="divide-y divide-slate-100">
              {active.map((a) => (
                <li key={a.id} className="flex items-center justify-between gap-3 px-4 py-2.5 text-sm">
                  <div>
                    <p className="font-medium">{labelOf(a.scenario)}</p>
                    <p className="text-xs text-slate-600">
                      {a.service} · {a.cluster} · since {a.startedAt.slice(11, 19)} UTC
                    </p>
                  </div>
                  <button
                    type="button"
                    disabled={pending}
                    onClick={() => clear(a.id)}
                    className="rounded px-2 py-0.5 text-xs font-medium ring-1 ring-slate-300 hover:bg-slate-100"
                  >
                    Clear
                    <span className="sr-only">
                      {' '}
                      {labelOf(a.scenario)} on {a.service}
                    </span>
                  </button>
                </li>
              ))}
            </ul>
            <div className="border-t border-slate-100 p-3">
              <button
                type="button"
                disabled={pending}
                onClick={() => clear()}
                className="rounded-md px-3 py-1.5 text-sm font-medium ring-1 ring-slate-300 hover:bg-slate-100"
              >
                Clear all
              </button>
            </div>
          </>
        )}
      </Card>
      <GameDayFaults faults={faults} />
    </div>
  )
}
