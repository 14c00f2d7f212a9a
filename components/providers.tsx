'use client'

import { QueryClientProvider } from '@tanstack/react-query'
import { useRouter } from 'next/navigation'
import { useState, type ReactNode } from 'react'
import { makeQueryClient } from '@/lib/query-client'
import { LiveProvider } from './live/live-provider'

export function Providers({ children }: Readonly<{ children: ReactNode }>) {
  const router = useRouter()
  const [client] = useState(() => makeQueryClient(() => router.replace('/login')))
  return (
    <QueryClientProvider client={client}>
      <LiveProvider>{children}</LiveProvider>
    </QueryClientProvider>
  )
}
