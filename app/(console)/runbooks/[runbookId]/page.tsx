import type { Metadata } from 'next'
import Link from 'next/link'
import { notFound } from 'next/navigation'
import { RunbookReader } from '@/components/runbooks/runbook-reader'
import { PageHeader } from '@/components/ui/page-header'
import { can } from '@/lib/auth/permissions'
import { requirePermission } from '@/lib/auth/session'
import { listIncidents } from '@/lib/incidents/queries'
import { runbookById } from '@/lib/runbooks/catalog'
import { runbookView } from '@/lib/runbooks/view'

type Props = { params: Promise<{ runbookId: string }> }

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: runbookById((await params).runbookId)?.title ?? 'Runbook' }
}

export default async function RunbookPage({ params }: Readonly<Props>) {
  const user = await requirePermission('console:read')
  const runbook = runbookById((await params).runbookId)
  if (!runbook) notFound()
  const open = can(user.role, 'incident:write') ? (await listIncidents(user, { state: 'open', limit: 50 })).items : []
  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-2 text-sm text-slate-500">
        <Link href="/runbooks" className="hover:underline">
          Runbooks
        </Link>{' '}
        / {runbook.id}
      </nav>
      <PageHeader title={runbook.title} description={runbook.summary} />
      <RunbookReader view={runbookView(runbook)} incidents={open.map((i) => ({ id: i.id, label: `${i.ref} ${i.title}` }))} />
    </>
  )
}
