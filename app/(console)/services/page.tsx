import type { Metadata } from 'next'
import { CertificatesSection } from '@/components/certificates/certificates-panel'
import { PendingApprovalsBanner } from '@/components/remediation/pending-approvals'
import { ResourceBoard } from '@/components/health/resource-board'
import { StatusBoard } from '@/components/health/status-board'
import { PageHeader } from '@/components/ui/page-header'
import { can } from '@/lib/auth/permissions'
import { requirePermission } from '@/lib/auth/session'
import { listServices } from '@/lib/services/queries'

export const metadata: Metadata = { title: 'Services' }

export default async function ServicesPage() {
  const user = await requirePermission('console:read')
  const services = await listServices(user)
  return (
    <>
      <PageHeader
        title="Service health"
        description="Live status of every ECS service in the catalog and of the resources they depend on, from AWS and CloudWatch. Critical first; refreshes every 10 seconds."
      />
      {can(user.role, 'remediation:approve') ? <PendingApprovalsBanner userId={user.id} /> : null}
      <StatusBoard canDeclare={can(user.role, 'incident:write')} />
      <CertificatesSection canCheck={can(user.role, 'incident:write')} />
      <ResourceBoard services={services.map((s) => ({ id: s.id, name: s.name }))} />
    </>
  )
}
