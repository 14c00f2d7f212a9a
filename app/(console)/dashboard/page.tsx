import type { Metadata } from 'next'
import { ComingSoon } from '@/components/ui/coming-soon'
import { PageHeader } from '@/components/ui/page-header'
import { requirePermission } from '@/lib/auth/session'

export const metadata: Metadata = { title: 'Dashboard' }

export default async function DashboardPage() {
  await requirePermission('console:read')
  return (
    <>
      <PageHeader title="Dashboard" description="The state of incidents and reliability, for managers and stakeholders." />
      <ComingSoon
        what="The status dashboard"
        points={[
          'Open incidents by severity and age, and which SLA clocks are overdue',
          'MTTA and MTTR by severity, and their trend over 7, 30 or 90 days',
          'Post-mortems and action items that are due or overdue',
        ]}
      />
    </>
  )
}
