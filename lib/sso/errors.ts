// What went wrong in the OAuth/OIDC exchange itself, from the error next-auth saw.
// next-auth reports all of these as one code (OAuthSignin / OAuthCallback); the
// login page needs to tell "your IdP is down" from "you pressed cancel".

export type SsoFailureCode = 'SSO_IDP_DOWN' | 'SSO_IDP_SLOW' | 'SSO_TOKEN' | 'SSO_CANCELLED'

const networkCodes = /\b(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ECONNRESET|EHOSTUNREACH|ENETUNREACH|socket hang up)\b/

export function classifySsoFailure(message: string): SsoFailureCode {
  if (/^access_denied\b/.test(message) || /\baborted\b/i.test(message)) return 'SSO_CANCELLED'
  if (/timed out|timeout|ETIMEDOUT/i.test(message)) return 'SSO_IDP_SLOW'
  if (networkCodes.test(message) || /expected 200 OK, got: 5\d\d/.test(message)) return 'SSO_IDP_DOWN'
  return 'SSO_TOKEN'
}

/** The message of whatever next-auth passed its logger (an Error, or metadata holding one). */
export function messageOf(metadata: unknown): string {
  if (metadata instanceof Error) return metadata.message
  const m = metadata as { error?: unknown; message?: unknown } | null | undefined
  if (m?.error instanceof Error) return m.error.message
  if (typeof m?.message === 'string') return m.message
  if (typeof m?.error === 'string') return m.error
  return String(metadata)
}
