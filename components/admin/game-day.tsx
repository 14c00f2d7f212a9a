'use client'

import { clearFaultsAction, clearScenariosAction, injectFaultAction, injectScenarioAction } from '@/app/(console)/admin/game-day/actions'
import { useState } from 'react'
import { Card } from '@/components/ui/card'
import { FieldError } from '@/components/ui/field-error'
import { useAction } from '@/components/ui/use-action'
import {
  gameDayFaults,
  gameDayScenarios,
  type ActiveFaultView,
  type ActiveScenarioView,
  type GameDayFaultPreset,
  type GameDayScenario,
} from '@/lib/gameday/scenarios'
import { InjectForm, selectClass } from './inject-form'

const labelOf = (kind: string) => gameDayScenarios.find((s) => s.kind === kind)?.label ?? kind
const scenarioChoices = gameDayScenarios.map((s) => ({ value: s.kind, label: s.label, description: s.description }))
const faultChoices = gameDayFaults.map((f) => ({ value: f.preset, label: f.label, description: f.description }))

const describeFault = (f: ActiveFaultView) =>
  `${f.kind} · ${f.operation ? `${f.api}:${f.operation}` : (f.api ?? 'every API')}${f.times ? ` · next ${f.times} call${f.times === 1 ? '' : 's'}` : ''}`

export function GameDay({
  services,
  active,
  faults = [],
}: Readonly<{ services: { id: string; label: string }[]; active: ActiveScenarioView[]; faults?: ActiveFaultView[] }>) {
  const scenarios = useAction()
  const aws = useAction()
  const [minutesIn, setMinutesIn] = useState(0)

  function clear(id?: string) {
    scenarios.run(
      () => clearScenariosAction(id ? { id } : {}),
      (d) => `Cleared ${d.cleared} failure${d.cleared === 1 ? '' : 's'}. Services recover over the next minutes.`,
    )
  }

  return (
    <div className="grid grid-cols-[minmax(0,1fr)] items-start gap-6 lg:grid-cols-2">
      <Card title="Inject a failure">
        <InjectForm
          id="gd-scenario"
          field="scenario"
          label="Failure"
          choices={scenarioChoices}
          services={services}
          submit="Inject failure"
          pending={scenarios.pending}
          notice={scenarios.notice}
          fieldErrors={scenarios.fieldErrors}
          onInject={(c, serviceId) =>
            scenarios.run(
              () => injectScenarioAction({ serviceId, scenario: c.value as GameDayScenario, ...(minutesIn ? { minutesIn } : {}) }),
              (d) => `${c.label} injected into ${d.service} (${d.cluster})${minutesIn ? `, as if it began ${minutesIn} minutes ago` : ''}. Watch the board.`,
            )
          }
          fields={
            <div>
              <label htmlFor="gd-began" className="block text-sm font-medium">
                Began
              </label>
              <select
                id="gd-began"
                value={minutesIn}
                onChange={(e) => setMinutesIn(Number(e.target.value))}
                className={selectClass}
                aria-describedby="gd-began-help"
              >
                {[0, 5, 10, 20].map((m) => (
                  <option key={m} value={m}>
                    {m === 0 ? 'Now' : `${m} minutes ago`}
                  </option>
                ))}
              </select>
              <p id="gd-began-help" className="mt-1 text-xs text-slate-600">
                For failures of the service itself: the simulator replays the service&apos;s last minutes with the failure in them (stopped tasks, events,
                metrics, alarms), so the drill starts in the middle of the incident.
              </p>
              <FieldError messages={scenarios.fieldErrors.minutesIn} />
            </div>
          }
        />
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
                    disabled={scenarios.pending}
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
                disabled={scenarios.pending}
                onClick={() => clear()}
                className="rounded-md px-3 py-1.5 text-sm font-medium ring-1 ring-slate-300 hover:bg-slate-100"
              >
                Clear all
              </button>
            </div>
          </>
        )}
      </Card>

      {/* Account-wide AWS faults: AWS hanging, expired credentials, a late or lost ECS change. */}
      <Card title={`AWS faults (${faults.length})`}>
        <InjectForm
          id="gd-fault"
          field="preset"
          label="Fault, for the whole account"
          choices={faultChoices}
          submit="Inject fault"
          pending={aws.pending}
          notice={aws.notice}
          fieldErrors={aws.fieldErrors}
          onInject={(c) =>
            aws.run(
              () => injectFaultAction({ preset: c.value as GameDayFaultPreset }),
              (d) => `${c.label} injected (${d.id}).`,
            )
          }
        >
          <button
            type="button"
            disabled={aws.pending || faults.length === 0}
            onClick={() =>
              aws.run(
                () => clearFaultsAction({}),
                (d) => `Cleared ${d.cleared} fault${d.cleared === 1 ? '' : 's'}.`,
              )
            }
            className="rounded-md px-3 py-2 text-sm font-medium ring-1 ring-slate-300 hover:bg-slate-100 disabled:opacity-60"
          >
            Remove all faults
          </button>
        </InjectForm>
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
    </div>
  )
}
