import type { Metadata } from 'next'
import { ComingSoon } from '@/components/ui/coming-soon'
import { PageHeader } from '@/components/ui/page-header'
import { requirePermission } from '@/lib/auth/session'

export const metadata: Metadata = { title: 'Runbooks' }

export default async function RunbooksPage() {
  await requirePermission('console:read')
  return (
    <>
      <PageHeader title="Runbooks" description="Guided checklists for the failures ECS services really have." />
      <ComingSoon
        what="The runbook catalog"
        points={[
          'Browse runbooks for crash loops, OOM kills, failed deployments, 5xx spikes and more',
          'Start one inside an incident and check steps off as a team',
          'Run live diagnostics from a step and attach the output as evidence',
        ]}
      />
    </>
  )
}
