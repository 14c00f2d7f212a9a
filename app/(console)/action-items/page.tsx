import type { Metadata } from 'next'
import { ActionItemFilters } from '@/components/postmortems/action-item-filters'
import { ActionItemTable } from '@/components/postmortems/action-item-table'
import { PageHeader } from '@/components/ui/page-header'
import { can } from '@/lib/auth/permissions'
import { requirePermission } from '@/lib/auth/session'
import { AppError } from '@/lib/errors'
import { listAssignableUsers } from '@/lib/incidents/queries'
import { listActionItems } from '@/lib/postmortems/queries'

export const metadata: Metadata = { title: 'Action items' }

type Props = { searchParams: Promise<Record<string, string | undefined>> }

export default async function ActionItemsPage({ searchParams }: Readonly<Props>) {
  const user = await requirePermission('console:read')
  const { cursor, ...filter } = await searchParams
  const people = await listAssignableUsers(user)
  let page: Awaited<ReturnType<typeof listActionItems>> | null = null
  let problem: string | null = null
  try {
    page = await listActionItems(user, filter, cursor)
  } catch (err) {
    if (!(err instanceof AppError)) throw err
    problem = [err.message, ...Object.values(err.fieldErrors ?? {}).flat()].join(' ')
  }
  return (
    <>
      <PageHeader title="Action items" description="Follow-up work from post-mortems across all incidents: who owns it, when it is due, what is overdue." />
      <ActionItemFilters filter={filter} people={people} />
      {problem ? (
        <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
          {problem}
        </p>
      ) : page ? (
        <ActionItemTable page={page} filter={filter} people={people} canWrite={can(user.role, 'incident:write')} now={new Date().toISOString()} />
      ) : null}
    </>
  )
}
