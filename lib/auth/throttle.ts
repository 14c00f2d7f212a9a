// Password sign-in is limited per key, with progressive delays: after `free`
// attempts in a row, each further attempt locks the key for twice as long as the
// one before, up to a quarter of an hour. Two keys are checked (lib/sign-in/mutations.ts):
//   - the source (the client's address): many wrong passwords from one place slow
//     that place down, whichever accounts they name;
//   - the account from that source: an attacker elsewhere never locks out the real
//     user, who signs in from their own address.
// A success restarts the account's count (and gives the source its attempt back);
// an hour without attempts restarts any count.
export type ThrottleRule = { free: number; firstLockSeconds: number; maxLockSeconds: number }

export const ACCOUNT_RULE: ThrottleRule = { free: 5, firstLockSeconds: 30, maxLockSeconds: 15 * 60 }
export const SOURCE_RULE: ThrottleRule = { free: 20, firstLockSeconds: 10, maxLockSeconds: 15 * 60 }
export const IDLE_RESET_SECONDS = 60 * 60

export const FREE_ATTEMPTS = ACCOUNT_RULE.free

/** The lock that the attempt numbered `attempt` (1, 2, …) starts; 0 for the free ones. */
export function lockoutSeconds(attempt: number, rule: ThrottleRule = ACCOUNT_RULE) {
  if (attempt < rule.free) return 0
  return Math.min(rule.maxLockSeconds, rule.firstLockSeconds * 2 ** (attempt - rule.free))
}

export function secondsUntil(when: Date | null | undefined, now = new Date()) {
  if (!when) return 0
  return Math.max(0, Math.ceil((when.getTime() - now.getTime()) / 1000))
}

/** The fixed set of codes a password sign-in may put in a URL; anything else (a database error…) is UNAVAILABLE. */
export function publicSignInCode(err: unknown): string {
  const message = err instanceof Error ? err.message : ''
  return /^(LOCKED|THROTTLED):\d{1,6}$|^(SSO_ONLY|DISABLED)$/.test(message) ? message : 'UNAVAILABLE'
}

/**
 * What the sign-in form shows for each refusal; next-auth carries the code in `error`.
 * The URL is anyone's to write: only known codes and claim names (those below, and
 * `groupsClaim`, the configured groups claim) are ever shown back.
 */
export function signInErrorMessage(code: string | null | undefined, groupsClaim = 'groups') {
  if (!code) return null
  if (code.startsWith('LOCKED:')) {
    const seconds = Number(code.slice('LOCKED:'.length)) || 30
    const wait = seconds >= 90 ? `${Math.ceil(seconds / 60)} minutes` : `${seconds} seconds`
    return `Too many wrong passwords for this account. Try again in ${wait}.`
  }
  if (code.startsWith('THROTTLED:')) {
    const seconds = Number(code.slice('THROTTLED:'.length)) || 10
    const wait = seconds >= 90 ? `${Math.ceil(seconds / 60)} minutes` : `${seconds} seconds`
    return `Too many sign-in attempts from your network. Try again in ${wait}.`
  }
  if (code === 'UNAVAILABLE') return 'Sign-in is not available right now. Try again in a moment.'
  if (code === 'DISABLED') return 'This account is disabled. Ask an admin to enable it.'
  if (code === 'SessionRequired') return 'Sign in to continue.'
  const sso = ssoErrorMessage(code, groupsClaim)
  if (sso) return sso
  return 'Wrong email or password.'
}

const claimNames: Record<string, string> = {
  email: 'an email address (neither the email claim nor a preferred_username that is one)',
  sub: 'a subject (sub)',
  iss: 'an issuer (iss)',
}

/** Single sign-on outcomes: each says what happened and what to do. */
function ssoErrorMessage(code: string, groupsClaim: string): string | null {
  const [kind, detail = ''] = code.split(/:(.*)/s, 2)
  switch (kind) {
    case 'SSO_ONLY':
      return 'Password sign-in is turned off here. Use single sign-on.'
    case 'SSO_IDP_DOWN':
      return 'Your identity provider cannot be reached. Try again in a few minutes; if it stays down, an admin can still sign in with the break-glass password.'
    case 'SSO_IDP_SLOW':
      return 'Your identity provider did not answer in time. Try again.'
    case 'SSO_TOKEN':
      return 'Single sign-on failed while checking the answer from your identity provider (token exchange). Try again; if it keeps failing, ask an admin to check the client ID and secret.'
    case 'SSO_CANCELLED':
      return 'Single sign-on was cancelled. Nothing changed.'
    case 'SSO_NOT_ALLOWED':
      if (detail === 'domain') return 'Your email domain is not allowed to sign in here. Ask an admin.'
      if (detail === 'group') return 'Your account is not in a group that may sign in here. Ask an admin to add you.'
      return 'Your identity provider has not verified your email, and this site only admits verified emails.'
    case 'SSO_MISSING_CLAIM':
      return `Your identity provider did not send ${
        Object.hasOwn(claimNames, detail) ? claimNames[detail] : detail === groupsClaim ? `the "${groupsClaim}" claim (your groups)` : 'a claim this site needs'
      }. Ask an admin to release it to Incident Command.`
    case 'SSO_NOT_INVITED':
      return 'This site is invite-only. Ask an admin to add you, then sign in again.'
    case 'SSO_UNVERIFIED':
      return 'Your identity provider has not verified your email, so no account was created. Verify it there, or ask an admin.'
    case 'SSO_ACCOUNT_EXISTS':
      return 'An account with this email already exists. Sign in with its password and link single sign-on from your profile, or ask an admin to allow the link.'
    case 'SSO_LINK_CONFLICT':
      return 'That single sign-on identity is already linked to another account.'
    case 'SSO_LINK_EXPIRED':
      return 'The link request expired. Start again from your profile.'
    case 'SSO_FAILED':
    case 'OAuthSignin':
    case 'OAuthCallback':
    case 'Callback':
      return 'Single sign-on failed on our side. Try again or use your password.'
    case 'AccessDenied':
      return 'Single sign-on refused this account.'
    default:
      return null
  }
}
