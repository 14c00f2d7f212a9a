import type { Metadata } from 'next'
import { AuditTable } from '@/components/audit/audit-table'
import { PageHeader } from '@/components/ui/page-header'
import { listAuditEvents } from '@/lib/audit/queries'
import { requirePermission } from '@/lib/auth/session'

export const metadata: Metadata = { title: 'Audit' }

type Props = { searchParams: Promise<{ before?: string }> }

export default async function AuditPage({ searchParams }: Readonly<Props>) {
  const user = await requirePermission('audit:read')
  const before = Number((await searchParams).before) || undefined
  const { events, nextCursor } = await listAuditEvents(user, before)
  return (
    <>
      <PageHeader title="Audit" description="Every privileged action, newest first: sign-ins, user and role changes, and (soon) every AWS change." />
      <AuditTable events={events} nextCursor={nextCursor} />
    </>
  )
}
