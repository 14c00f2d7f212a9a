import type { Clock, IncidentClocks } from '@/lib/incidents/clocks'
import { formatMinutes } from '@/lib/incidents/policy'
import { clockStyle } from './badges'

function clockText(c: Clock) {
  if (c.state === 'none') return 'no target'
  if (c.state === 'met') return `done at ${c.doneAt?.slice(11, 16)} UTC`
  if (c.state === 'missed') return `done late, at ${c.doneAt?.slice(11, 16)} UTC`
  if (c.minutesLeft == null) return '—'
  return c.minutesLeft < 0 ? `overdue by ${formatMinutes(-c.minutesLeft)}` : `due in ${formatMinutes(c.minutesLeft)}`
}

function ClockTile({ label, clock, testId }: Readonly<{ label: string; clock: Clock; testId: string }>) {
  return (
    <div className={`rounded-lg border px-3 py-2 ${clockStyle[clock.state]}`} data-testid={testId} data-state={clock.state}>
      <p className="text-xs font-medium uppercase tracking-wide">{label}</p>
      <p className="text-sm font-semibold">{clockText(clock)}</p>
      {clock.dueAt && (clock.state === 'ok' || clock.state === 'due_soon' || clock.state === 'overdue') ? (
        <p className="text-xs opacity-90">by {clock.dueAt.slice(11, 16)} UTC</p>
      ) : null}
    </div>
  )
}

export function ClocksPanel({ clocks }: Readonly<{ clocks: IncidentClocks }>) {
  return (
    <section aria-labelledby="clocks-heading" className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm">
      <h2 id="clocks-heading" className="mb-2 text-sm font-semibold">
        SLA clocks
      </h2>
      <div className="grid grid-cols-1 gap-2 sm:grid-cols-3 lg:grid-cols-1 xl:grid-cols-3">
        <ClockTile label="Acknowledge" clock={clocks.acknowledge} testId="clock-ack" />
        <ClockTile label={clocks.update.next === 'resolution' ? 'Closing update' : 'Next update'} clock={clocks.update} testId="clock-update" />
        <ClockTile label="Resolve" clock={clocks.resolution} testId="clock-resolve" />
      </div>
    </section>
  )
}
