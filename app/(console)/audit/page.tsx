import type { Metadata } from 'next'
import { AuditFilters } from '@/components/audit/audit-filters'
import { AuditTable } from '@/components/audit/audit-table'
import { VerifyChain } from '@/components/audit/verify-chain'
import { PageHeader } from '@/components/ui/page-header'
import { listAuditEvents } from '@/lib/audit/queries'
import { auditFilterSchema } from '@/lib/audit/schemas'
import { requirePermission } from '@/lib/auth/session'
import { listServices } from '@/lib/services/queries'

export const metadata: Metadata = { title: 'Audit' }

type Props = { searchParams: Promise<Record<string, string | undefined>> }

export default async function AuditPage({ searchParams }: Readonly<Props>) {
  const user = await requirePermission('audit:read')
  const raw = await searchParams
  const parsed = auditFilterSchema.safeParse(raw)
  const services = await listServices(user)
  const result = parsed.success ? await listAuditEvents(user, parsed.data) : null
  const { before: _before, ...filterOnly } = raw
  return (
    <>
      <PageHeader
        title="Audit"
        description="Every privileged action, newest first: sign-ins, user and role changes, remediation requests and decisions, and every AWS change with its request id. Append-only, and chained so tampering shows."
        actions={<VerifyChain />}
      />
      <AuditFilters filter={filterOnly} services={services.map((s) => ({ id: s.id, label: `${s.name} · ${s.cluster}` }))} />
      {parsed.success && result ? (
        <AuditTable events={result.events} nextCursor={result.nextCursor} filter={filterOnly} />
      ) : (
        <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
          {parsed.error?.issues.map((i) => i.message).join(' ')}
        </p>
      )}
    </>
  )
}
