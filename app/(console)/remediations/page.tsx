import type { Metadata } from 'next'
import { RemediationList } from '@/components/remediation/remediation-list'
import { PageHeader } from '@/components/ui/page-header'
import { can } from '@/lib/auth/permissions'
import { requirePermission } from '@/lib/auth/session'

export const metadata: Metadata = { title: 'Remediation' }

export default async function RemediationsPage() {
  const user = await requirePermission('console:read')
  const canApprove = can(user.role, 'remediation:approve')
  return (
    <>
      <PageHeader
        title="Remediation"
        description="Changes made to services from Incident Command: what waits for a second person, what is running, and what happened."
      />
      <div className="grid grid-cols-[minmax(0,1fr)] items-start gap-6 lg:grid-cols-2">
        <RemediationList query="pending=1" canApprove={canApprove} userId={user.id} title="Waiting for approval" empty="Nothing waits for approval." />
        <RemediationList query="" canApprove={false} userId={user.id} title="Recent actions" empty="No action yet." />
      </div>
    </>
  )
}
