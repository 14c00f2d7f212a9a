import { defineRoute } from '@/lib/actions/define-route'
import { listInbox } from '@/lib/alerts/queries'
import type { InboxView } from '@/lib/alerts/query-keys'
import { openIncidentsForServices } from '@/lib/incidents/queries'

export const dynamic = 'force-dynamic'

/** The alert inbox as its page shows it; refetched when a live alert event arrives (or by a slow poll). */
export const GET = defineRoute({ permission: 'console:read' }, async ({ ctx }) => {
  const [alerts, open] = await Promise.all([listInbox(ctx.actor), openIncidentsForServices(ctx.actor)])
  const view: InboxView = { alerts, openIncidents: open.map((i) => ({ id: i.id, label: `${i.ref} ${i.title}` })) }
  return Response.json(view, { headers: { 'cache-control': 'no-store' } })
})
