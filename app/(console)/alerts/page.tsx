import type { Metadata } from 'next'
import { AlertInbox } from '@/components/alerts/alert-inbox'
import { PageHeader } from '@/components/ui/page-header'
import { listInbox } from '@/lib/alerts/queries'
import { can } from '@/lib/auth/permissions'
import { requirePermission } from '@/lib/auth/session'
import { openIncidentsForServices } from '@/lib/incidents/queries'
import type { InboxView } from '@/lib/alerts/query-keys'

export const metadata: Metadata = { title: 'Alert inbox' }

export default async function AlertInboxPage() {
  const user = await requirePermission('console:read')
  const [alerts, open] = await Promise.all([listInbox(user), openIncidentsForServices(user)])
  const initial: InboxView = { alerts, openIncidents: open.map((i) => ({ id: i.id, label: `${i.ref} ${i.title}` })) }
  return (
    <>
      <PageHeader
        title="Alert inbox"
        description="Alerts that did not open or join an incident, as they arrive: acknowledge them, declare, attach one to an open incident, or silence it for a while with a reason."
      />
      <AlertInbox initial={initial} canAct={can(user.role, 'incident:write')} />
    </>
  )
}
