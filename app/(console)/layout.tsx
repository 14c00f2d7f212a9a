import type { ReactNode } from 'react'
import { AppShell } from '@/components/layout/app-shell'
import { Providers } from '@/components/providers'
import { requireUser } from '@/lib/auth/session'

export default async function ConsoleLayout({ children }: Readonly<{ children: ReactNode }>) {
  const user = await requireUser()
  return (
    <Providers>
      <AppShell user={user}>{children}</AppShell>
    </Providers>
  )
}
