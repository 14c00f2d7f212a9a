import 'server-only'
import { headers } from 'next/headers'
import { env } from '@/lib/env'
import { clientSource } from './client-source'

/** The current request's source address (see client-source.ts); 'unknown' outside a request. */
export async function requestSource() {
  try {
    return clientSource(await headers(), env.AUTH_TRUSTED_PROXIES ?? 0)
  } catch {
    return 'unknown'
  }
}
