import type { Metadata } from 'next'
import { CreateUserForm } from '@/components/admin/create-user-form'
import { UserTable } from '@/components/admin/user-table'
import { PageHeader } from '@/components/ui/page-header'
import { ssoEnabled } from '@/lib/auth/options'
import { requirePermission } from '@/lib/auth/session'
import { listUsers } from '@/lib/users/queries'

export const metadata: Metadata = { title: 'Admin' }

export default async function AdminPage() {
  const user = await requirePermission('admin:users')
  const users = await listUsers(user)
  return (
    <>
      <PageHeader title="Admin" description="Who can use Incident Command, and with which role. Every change here is recorded in the audit log." />
      <div className="grid grid-cols-[minmax(0,1fr)] items-start gap-6 xl:grid-cols-[minmax(0,1fr)_18rem]">
        <UserTable users={users} currentUserId={user.id} sso={ssoEnabled} />
        <CreateUserForm />
      </div>
    </>
  )
}
