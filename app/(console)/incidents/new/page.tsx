import type { Metadata } from 'next'
import Link from 'next/link'
import { DeclareForm } from '@/components/incidents/declare-form'
import { PageHeader } from '@/components/ui/page-header'
import { requirePermission } from '@/lib/auth/session'
import { getSeverityPolicy, listAssignableUsers } from '@/lib/incidents/queries'
import { completePolicy } from '@/lib/incidents/policy'
import { declareDraft } from '@/lib/incidents/draft'
import { listServices } from '@/lib/services/queries'

export const metadata: Metadata = { title: 'Declare incident' }

type Props = { searchParams: Promise<{ service?: string | string[] }> }

export default async function DeclarePage({ searchParams }: Readonly<Props>) {
  const user = await requirePermission('incident:write')
  const asked = (await searchParams).service
  const [services, people, policy] = await Promise.all([listServices(user), listAssignableUsers(user), getSeverityPolicy()])
  const preselected = (Array.isArray(asked) ? asked : asked ? [asked] : []).filter((id) => services.some((s) => s.id === id))
  // From one service (a row of the board, a service page): a draft from its live health.
  const draft = preselected.length === 1 ? await declareDraft(user, preselected[0]) : null
  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-2 text-sm text-slate-500">
        <Link href="/incidents" className="hover:underline">
          Incidents
        </Link>{' '}
        / declare
      </nav>
      <PageHeader
        title="Declare an incident"
        description="Say what is broken and who is hurt. You become the incident commander unless you name someone else; the timeline starts now."
      />
      <DeclareForm
        services={services.map((s) => ({ id: s.id, name: s.name, cluster: s.cluster, environment: s.environment }))}
        people={people.map((p) => ({ id: p.id, name: p.name }))}
        me={user.id}
        policy={completePolicy(policy)}
        preselected={preselected}
        draft={draft}
      />
    </>
  )
}
