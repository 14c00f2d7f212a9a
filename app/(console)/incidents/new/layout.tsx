import type { ReactNode } from 'react'
import { requirePermission } from '@/lib/auth/session'

// Checked here, above the page's loading boundary, so a viewer gets a real 403. The
// incidents list keeps its own loading boundary in (list)/, which does not wrap this one.
export default async function DeclareLayout({ children }: Readonly<{ children: ReactNode }>) {
  await requirePermission('incident:write')
  return children
}
