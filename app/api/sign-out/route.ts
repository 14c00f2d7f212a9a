import type { NextRequest } from 'next/server'
import { getToken } from 'next-auth/jwt'
import { idpLogoutUrl } from '@/lib/auth/idp-logout'
import { env } from '@/lib/env'

/** Before the app's session ends: the provider's sign-out URL for an SSO session, or null. */
export async function POST(req: NextRequest) {
  const token = await getToken({ req, secret: env.NEXTAUTH_SECRET })
  const url = token?.method === 'sso' ? await idpLogoutUrl(token.idToken) : null
  return Response.json({ url }, { headers: { 'cache-control': 'no-store' } })
}
