import type { Metadata } from 'next'
import Link from 'next/link'
import { IncidentFilters } from '@/components/incidents/incident-filters'
import { IncidentTable } from '@/components/incidents/incident-table'
import { PageHeader } from '@/components/ui/page-header'
import { can } from '@/lib/auth/permissions'
import { requirePermission } from '@/lib/auth/session'
import { AppError } from '@/lib/errors'
import { listIncidents } from '@/lib/incidents/queries'
import { listServices } from '@/lib/services/queries'
import { listAssignableUsers } from '@/lib/incidents/queries'

export const metadata: Metadata = { title: 'Incidents' }

type Props = { searchParams: Promise<Record<string, string | undefined>> }

export default async function IncidentsPage({ searchParams }: Readonly<Props>) {
  const user = await requirePermission('console:read')
  const { cursor, ...filter } = await searchParams
  const [services, people] = await Promise.all([listServices(user), listAssignableUsers(user)])
  let result: Awaited<ReturnType<typeof listIncidents>> | null = null
  let problem: string | null = null
  try {
    result = await listIncidents(user, filter, cursor)
  } catch (err) {
    if (!(err instanceof AppError)) throw err
    problem = [err.message, ...Object.values(err.fieldErrors ?? {}).flat()].join(' ')
  }
  return (
    <>
      <PageHeader
        title="Incidents"
        description="Open incidents first, then the most recent. Filter, search titles and notes, or declare a new one."
        actions={
          can(user.role, 'incident:write') ? (
            <Link href="/incidents/new" className="rounded-md bg-red-600 px-3 py-2 text-sm font-semibold text-white shadow-sm hover:bg-red-700">
              Declare incident
            </Link>
          ) : null
        }
      />
      <IncidentFilters
        filter={filter}
        services={services.map((s) => ({ id: s.id, label: `${s.name} · ${s.cluster}` }))}
        people={people.map((p) => ({ id: p.id, label: p.name }))}
      />
      {problem ? (
        <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
          {problem}
        </p>
      ) : result ? (
        <IncidentTable page={result} filter={filter} />
      ) : null}
    </>
  )
}
