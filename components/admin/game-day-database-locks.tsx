'use client'
// Game day: start or stop a real blocking transaction in a registered database.
import { useState, type FormEvent } from 'react'
import { startDatabaseLocksAction, stopDatabaseLocksAction } from '@/app/(console)/admin/game-day/actions'
import { Card } from '@/components/ui/card'
import { NoticeLine } from '@/components/ui/notice'
import { useRefreshAction } from '@/components/postmortems/use-refresh-action'
import type { DatabaseLocksView } from '@/lib/gameday/mutations/database-locks'

export function GameDayDatabaseLocks({ databases, running }: Readonly<{ databases: { id: string; name: string }[]; running: DatabaseLocksView[] }>) {
  const [databaseId, setDatabaseId] = useState(databases[0]?.id ?? '')
  const { run, pending, notice } = useRefreshAction()

  function start(event: FormEvent) {
    event.preventDefault()
    run(
      () => startDatabaseLocksAction({ databaseId }),
      (r) => `Session ${r.blockerPid} holds a row lock in an open transaction; session ${r.waiterPid} waits on it. Run the blocking-chain diagnostic.`,
    )
  }

  return (
    <Card title="Database locks">
      <form onSubmit={start} className="space-y-3 p-4 text-sm">
        <p className="text-slate-600">
          Opens a real transaction that updates a row and then sits idle, and a second session that waits for the same row, in a registered database.
        </p>
        {databases.length ? (
          <div>
            <label htmlFor="gd-database" className="block font-medium">
              Database
            </label>
            <select
              id="gd-database"
              value={databaseId}
              onChange={(e) => setDatabaseId(e.target.value)}
              className="mt-1 block w-full rounded-md border border-slate-300 px-3 py-2"
            >
              {databases.map((d) => (
                <option key={d.id} value={d.id}>
                  {d.name}
                </option>
              ))}
            </select>
          </div>
        ) : (
          <p className="text-slate-600">No database is registered (Admin → Databases).</p>
        )}
        <button
          type="submit"
          disabled={pending || !databaseId}
          className="w-full rounded-md bg-red-600 px-3 py-2 font-semibold text-white hover:bg-red-700 disabled:opacity-60"
        >
          Start database locks
        </button>
        <NoticeLine notice={notice} />
        {running.length ? (
          <ul className="divide-y divide-slate-100 rounded-md border border-slate-200" aria-label="Database locks running">
            {running.map((l) => (
              <li key={l.databaseId} className="flex flex-wrap items-center justify-between gap-2 px-3 py-2">
                <span>
                  {l.name}: pid {l.blockerPid} blocks pid {l.waiterPid} since {l.startedAt.slice(11, 19)} UTC
                </span>
                <button
                  type="button"
                  disabled={pending}
                  onClick={() => run(() => stopDatabaseLocksAction({ databaseId: l.databaseId }), `Stopped the locks on ${l.name}.`)}
                  className="rounded px-2 py-0.5 text-xs font-medium ring-1 ring-slate-300 hover:bg-slate-100"
                >
                  Stop<span className="sr-only"> the locks on {l.name}</span>
                </button>
              </li>
            ))}
          </ul>
        ) : null}
      </form>
    </Card>
  )
}
