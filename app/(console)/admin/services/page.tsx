import type { Metadata } from 'next'
import { CatalogEditor } from '@/components/admin/catalog-editor'
import { ResourceImport } from '@/components/admin/resource-import'
import { ResourceLinks } from '@/components/admin/resource-links'
import { PageHeader } from '@/components/ui/page-header'
import { requirePermission } from '@/lib/auth/session'
import { listResources } from '@/lib/resources/queries/catalog'
import { listServices } from '@/lib/services/queries'

export const metadata: Metadata = { title: 'Service catalog' }

export default async function CatalogPage() {
  const user = await requirePermission('admin:catalog')
  const [services, resources] = await Promise.all([listServices(user), listResources(user)])
  return (
    <>
      <PageHeader title="Service catalog" description="The ECS services Incident Command watches. Add them one by one or import a whole cluster from ECS." />
      <CatalogEditor services={services} />
      <div className="mt-6 grid items-start gap-6 lg:grid-cols-2">
        <ResourceLinks resources={resources} services={services} />
        <ResourceImport />
      </div>
    </>
  )
}
