import type { Metadata } from 'next'
import Link from 'next/link'
import { ActionItemsPanel } from '@/components/postmortems/action-items-panel'
import { FactsPanel } from '@/components/postmortems/facts-panel'
import { PostMortemEditor } from '@/components/postmortems/postmortem-editor'
import { StartPostMortem } from '@/components/postmortems/start-postmortem'
import { can } from '@/lib/auth/permissions'
import { requirePermission } from '@/lib/auth/session'
import { listAssignableUsers } from '@/lib/incidents/queries'
import { getPostMortemPage } from '@/lib/postmortems/queries'

type Props = { params: Promise<{ incidentId: string }> }

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const user = await requirePermission('console:read')
  const page = await getPostMortemPage(user, (await params).incidentId)
  return { title: `Post-mortem ${page.facts.incident.ref}` }
}

export default async function PostMortemPage({ params }: Readonly<Props>) {
  const user = await requirePermission('console:read')
  const { incidentId } = await params
  const [page, people] = await Promise.all([getPostMortemPage(user, incidentId), listAssignableUsers(user)])
  const { facts, postMortem } = page
  const canWrite = can(user.role, 'incident:write')
  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-2 text-sm text-slate-500">
        <Link href="/incidents" className="hover:underline">
          Incidents
        </Link>{' '}
        /{' '}
        <Link href={`/incidents/${incidentId}`} className="hover:underline">
          {facts.incident.ref}
        </Link>{' '}
        / Post-mortem
      </nav>
      <div className="grid grid-cols-[minmax(0,1fr)] items-start gap-5 lg:grid-cols-[minmax(0,1fr)_22rem]">
        <div className="min-w-0 space-y-5">
          {postMortem ? (
            <PostMortemEditor
              key={postMortem.id}
              initial={postMortem}
              facts={facts}
              timeline={page.timeline}
              canWrite={canWrite}
              canPublish={can(user.role, 'incident:command')}
              userName={user.name}
            />
          ) : (
            <>
              <h1 className="text-2xl font-semibold tracking-tight">
                Post-mortem: {facts.incident.ref} {facts.incident.title}
              </h1>
              <StartPostMortem incidentId={incidentId} canWrite={canWrite} cannotStart={page.cannotStart} required={page.required} dueAt={page.dueAt} />
            </>
          )}
        </div>
        <FactsPanel facts={facts} />
      </div>
      {postMortem || page.actionItems.length ? (
        <div className="mt-5">
          <ActionItemsPanel
            postMortemId={postMortem?.id ?? null}
            items={page.actionItems}
            people={people}
            canWrite={canWrite}
            published={postMortem?.status === 'PUBLISHED'}
            now={new Date().toISOString()}
          />
        </div>
      ) : null}
    </>
  )
}
