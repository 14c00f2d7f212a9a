import type { ReactNode } from 'react'
import { requirePermission } from '@/lib/auth/session'

// Checked here, above the page's loading boundary, so a refusal is a real 403.
export default async function AdminLayout({ children }: Readonly<{ children: ReactNode }>) {
  await requirePermission('admin:users')
  return children
}
