import type { Metadata } from 'next'
import { ComingSoon } from '@/components/ui/coming-soon'
import { PageHeader } from '@/components/ui/page-header'
import { requirePermission } from '@/lib/auth/session'

export const metadata: Metadata = { title: 'Incidents' }

export default async function IncidentsPage() {
  await requirePermission('console:read')
  return (
    <>
      <PageHeader title="Incidents" description="Declare, run and resolve incidents." />
      <ComingSoon
        what="Incident tracking"
        points={[
          'Declare an incident with a suggested severity, from here or from a failing service',
          'Run it with roles, SLA clocks and a timeline that writes itself',
          'Draft and post status updates from the incident’s current state',
        ]}
      />
    </>
  )
}
