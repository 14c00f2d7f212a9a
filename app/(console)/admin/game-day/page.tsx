import type { Metadata } from 'next'
import { GameDay } from '@/components/admin/game-day'
import { PageHeader } from '@/components/ui/page-header'
import { requirePermission } from '@/lib/auth/session'
import { gameDayAvailable, listActiveFaults, listActiveScenarios } from '@/lib/gameday/mutations'
import { listServices } from '@/lib/services/queries'

export const metadata: Metadata = { title: 'Game day' }
export const dynamic = 'force-dynamic'

export default async function GameDayPage() {
  const user = await requirePermission('admin:gameday')
  const [services, active, faults] = await Promise.all([listServices(user), listActiveScenarios(), listActiveFaults()])
  return (
    <>
      <PageHeader
        title="Game day"
        description="Inject the failures from our runbooks into the simulated fleet, then practise: watch the board, declare, follow the runbook, fix, and clear."
      />
      {gameDayAvailable() ? (
        <GameDay services={services.map((s) => ({ id: s.id, label: `${s.name} · ${s.cluster}` }))} active={active} faults={faults} />
      ) : (
        <p className="rounded-xl border border-slate-200 bg-white p-6 text-sm text-slate-700">
          This instance talks to real AWS (AWS_MODE=aws), so there is nothing to inject into. Game day runs against the built-in simulator.
        </p>
      )}
    </>
  )
}
