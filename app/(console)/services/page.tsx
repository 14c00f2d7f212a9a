import type { Metadata } from 'next'
import { ServiceCatalog } from '@/components/services/service-catalog'
import { PageHeader } from '@/components/ui/page-header'
import { requirePermission } from '@/lib/auth/session'
import { listServices } from '@/lib/services/queries'

export const metadata: Metadata = { title: 'Services' }

export default async function ServicesPage() {
  const user = await requirePermission('console:read')
  const services = await listServices(user)
  return (
    <>
      <PageHeader
        title="Services"
        description="Every ECS service in the catalog, by environment and cluster. Live health (tasks, deployments, metrics, alarms) arrives with the status board."
      />
      <ServiceCatalog services={services} />
    </>
  )
}
