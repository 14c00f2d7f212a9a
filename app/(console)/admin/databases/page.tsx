import type { Metadata } from 'next'
import { DatabaseRegistry } from '@/components/admin/database-registry'
import { PageHeader } from '@/components/ui/page-header'
import { requirePermission } from '@/lib/auth/session'
import { listDatabases } from '@/lib/databases/queries'
import { listResources } from '@/lib/resources/queries/catalog'
import { listServices } from '@/lib/services/queries'

export const metadata: Metadata = { title: 'Databases' }

export default async function DatabasesPage() {
  const user = await requirePermission('admin:catalog')
  const [databases, services, resources] = await Promise.all([listDatabases(user), listServices(user), listResources(user)])
  return (
    <>
      <PageHeader
        title="Databases"
        description="PostgreSQL databases the runbooks' database steps read live: connections, long queries, idle transactions and blocking chains."
      />
      <DatabaseRegistry
        databases={databases}
        services={services.map((s) => ({ id: s.id, name: s.name, environment: s.environment }))}
        rdsResources={resources.filter((r) => r.kind === 'RDS').map((r) => ({ id: r.id, name: r.name, region: r.region }))}
      />
    </>
  )
}
