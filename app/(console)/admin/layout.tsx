import type { ReactNode } from 'react'
import { AdminTabs } from '@/components/admin/admin-tabs'
import { requirePermission } from '@/lib/auth/session'

// Checked here, above the pages' loading boundaries, so a refusal is a real 403.
export default async function AdminLayout({ children }: Readonly<{ children: ReactNode }>) {
  await requirePermission('admin:users')
  return (
    <>
      <AdminTabs />
      {children}
    </>
  )
}
