import type { Metadata } from 'next'
import { GameDay } from '@/components/admin/game-day'
import { GameDayDatabaseLocks } from '@/components/admin/game-day-database-locks'
import { listDatabases } from '@/lib/databases/queries'
import { listDatabaseLocks } from '@/lib/gameday/mutations/database-locks'
import { PageHeader } from '@/components/ui/page-header'
import { requirePermission } from '@/lib/auth/session'
import { gameDayAvailable, listActiveFaults, listActiveScenarios } from '@/lib/gameday/mutations'
import { listServices } from '@/lib/services/queries'

export const metadata: Metadata = { title: 'Game day' }
export const dynamic = 'force-dynamic'

export default async function GameDayPage() {
  const user = await requirePermission('admin:gameday')
  const [services, active, faults, databases] = await Promise.all([listServices(user), listActiveScenarios(), listActiveFaults(), listDatabases(user)])
  return (
    <>
      <PageHeader
        title="Game day"
        description="Inject the failures from our runbooks into the simulated fleet, then practise: watch the board, declare, follow the runbook, fix, and clear."
      />
      {gameDayAvailable() ? (
        <div className="space-y-6">
          <GameDay services={services.map((s) => ({ id: s.id, label: `${s.name} · ${s.cluster}` }))} active={active} faults={faults} />
          <div className="lg:w-1/2 lg:pr-3">
            <GameDayDatabaseLocks databases={databases.map((d) => ({ id: d.id, name: d.name }))} running={listDatabaseLocks()} />
          </div>
        </div>
      ) : (
        <p className="rounded-xl border border-slate-200 bg-white p-6 text-sm text-slate-700">
          This instance talks to real AWS (AWS_MODE=aws), so there is nothing to inject into. Game day runs against the built-in simulator.
        </p>
      )}
    </>
  )
}
