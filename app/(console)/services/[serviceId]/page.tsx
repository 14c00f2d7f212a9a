import type { Metadata } from 'next'
import Link from 'next/link'
import { notFound } from 'next/navigation'
import { ServiceCertificate } from '@/components/certificates/certificates-panel'
import { ServiceDependencies } from '@/components/health/service-dependencies'
import { ServiceDetailView } from '@/components/health/service-detail'
import { RemediationPanel } from '@/components/remediation/remediation-panel'
import { remediationKinds } from '@/lib/remediation/schemas'
import { PageHeader } from '@/components/ui/page-header'
import { can } from '@/lib/auth/permissions'
import { requirePermission } from '@/lib/auth/session'
import { environmentLabels } from '@/lib/services/dto'
import { getService } from '@/lib/services/queries'
import { fixContextFor } from '@/lib/runbooks/fix-context'

type Props = { params: Promise<{ serviceId: string }>; searchParams: Promise<{ fix?: string; run?: string; step?: string }> }

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const user = await requirePermission('console:read')
  const service = await getService(user, (await params).serviceId)
  return { title: service ? `${service.name} (${service.cluster})` : 'Service' }
}

export default async function ServicePage({ params, searchParams }: Readonly<Props>) {
  const user = await requirePermission('console:read')
  const service = await getService(user, (await params).serviceId)
  if (!service) notFound()
  const { fix, run, step } = await searchParams
  const initialKind = remediationKinds.find((k) => k === fix) ?? null
  const canRequest = can(user.role, 'remediation:request')
  // Opened from a runbook step: the incident, a proposed reason and the step to link.
  const context = initialKind && canRequest ? await fixContextFor(user, initialKind, run, step) : null
  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-2 text-sm text-slate-500">
        <Link href="/services" className="hover:underline">
          Services
        </Link>{' '}
        / {service.cluster}
      </nav>
      <PageHeader
        title={service.name}
        description={`${environmentLabels[service.environment]} · ${service.cluster} · ${service.region} · team ${service.team}`}
        actions={
          can(user.role, 'incident:write') ? (
            <Link
              href={`/incidents/new?service=${service.id}`}
              className="rounded-md bg-red-600 px-3 py-2 text-sm font-semibold text-white shadow-sm hover:bg-red-700"
            >
              Declare incident
            </Link>
          ) : null
        }
      />
      <div className="mb-5">
        <RemediationPanel serviceId={service.id} canRequest={canRequest} initialKind={initialKind} context={context} />
      </div>
      <div className="mb-5">
        <ServiceCertificate serviceId={service.id} canCheck={can(user.role, 'incident:write')} />
      </div>
      <ServiceDependencies serviceId={service.id} />
      <ServiceDetailView serviceId={service.id} />
    </>
  )
}
