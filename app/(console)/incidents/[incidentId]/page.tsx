import type { Metadata } from 'next'
import Link from 'next/link'
import { PendingApprovalsBanner } from '@/components/remediation/pending-approvals'
import { IncidentView } from '@/components/incidents/incident-view'
import { can } from '@/lib/auth/permissions'
import { requirePermission } from '@/lib/auth/session'
import { getIncident, getTimeline, listAssignableUsers } from '@/lib/incidents/queries'
import { listServices } from '@/lib/services/queries'

type Props = { params: Promise<{ incidentId: string }> }

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const user = await requirePermission('console:read')
  const incident = await getIncident(user, (await params).incidentId)
  return { title: `${incident.ref} ${incident.title}` }
}

export default async function IncidentPage({ params }: Readonly<Props>) {
  const user = await requirePermission('console:read')
  const { incidentId } = await params
  const [incident, timeline, people, services] = await Promise.all([
    getIncident(user, incidentId),
    getTimeline(user, incidentId),
    listAssignableUsers(user),
    listServices(user),
  ])
  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-2 text-sm text-slate-500">
        <Link href="/incidents" className="hover:underline">
          Incidents
        </Link>{' '}
        / {incident.ref}
      </nav>
      {can(user.role, 'remediation:approve') ? <PendingApprovalsBanner userId={user.id} /> : null}
      <IncidentView
        initial={incident}
        initialTimeline={timeline.entries}
        people={people}
        catalog={services.map((s) => ({ id: s.id, label: `${s.name} · ${s.cluster}` }))}
        canWrite={can(user.role, 'incident:write')}
        canApprove={can(user.role, 'remediation:approve')}
        userId={user.id}
      />
    </>
  )
}
