import 'server-only'
import { env } from '@/lib/env'
import { logger } from '@/lib/logger'
import { ssoEnabled, ssoIssuer } from './options'

/**
 * Where to send the browser to end the provider's session too, when the provider
 * advertises an end_session_endpoint (RP-initiated logout); null otherwise, or
 * when the provider does not answer in time (signing out of the app still works).
 */
export async function idpLogoutUrl(idToken: string | undefined): Promise<string | null> {
  if (!ssoEnabled || !idToken) return null
  try {
    const res = await fetch(`${ssoIssuer}/.well-known/openid-configuration`, {
      signal: AbortSignal.timeout(env.AUTH_OIDC_TIMEOUT_MS ?? 5000),
      redirect: 'error',
    })
    if (!res.ok) throw new Error(`discovery answered ${res.status}`)
    const { end_session_endpoint: endpoint } = (await res.json()) as { end_session_endpoint?: unknown }
    if (typeof endpoint !== 'string' || !/^https?:\/\//.test(endpoint)) return null
    const url = new URL(endpoint)
    url.searchParams.set('id_token_hint', idToken)
    url.searchParams.set('client_id', env.AUTH_OIDC_CLIENT_ID ?? '')
    url.searchParams.set('post_logout_redirect_uri', `${(env.NEXTAUTH_URL ?? '').replace(/\/$/, '')}/login`)
    return url.toString()
  } catch (err) {
    logger.warn({ err }, 'could not find the provider end-session endpoint; signed out of the app only')
    return null
  }
}
