import type { Metadata } from 'next'
import { DashboardView } from '@/components/dashboard/dashboard-view'
import { RangePicker } from '@/components/dashboard/range-picker'
import { PageHeader } from '@/components/ui/page-header'
import { requirePermission } from '@/lib/auth/session'
import { getDashboard } from '@/lib/dashboard/queries'
import { parseRange } from '@/lib/dashboard/range'
import { getFleetHealth } from '@/lib/health/queries/fleet'

export const metadata: Metadata = { title: 'Dashboard' }

type Props = { searchParams: Promise<Record<string, string | undefined>> }

export default async function DashboardPage({ searchParams }: Readonly<Props>) {
  const user = await requirePermission('console:read')
  const { range, problem } = parseRange(await searchParams)
  // Live health comes from the shared cache; if AWS cannot be reached the panel loads it later.
  const [data, fleet] = await Promise.all([getDashboard(user, range), getFleetHealth(user).catch(() => null)])
  return (
    <>
      <PageHeader
        title="Dashboard"
        description="Open incidents and troubled services now; response times, targets, post-mortems and follow-up over a period."
      />
      <RangePicker range={range} problem={problem} />
      <DashboardView initial={data} fleet={fleet} />
    </>
  )
}
