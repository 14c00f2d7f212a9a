// Repeated wrong passwords for one account slow it down: after FREE_ATTEMPTS
// failures in a row, each further failure locks sign-in for twice as long as the
// one before, up to a quarter of an hour. A success resets the count.
export const FREE_ATTEMPTS = 5
const FIRST_LOCK_SECONDS = 30
const MAX_LOCK_SECONDS = 15 * 60

export function lockoutSeconds(consecutiveFailures: number) {
  if (consecutiveFailures < FREE_ATTEMPTS) return 0
  return Math.min(MAX_LOCK_SECONDS, FIRST_LOCK_SECONDS * 2 ** (consecutiveFailures - FREE_ATTEMPTS))
}

export function secondsUntil(when: Date | null | undefined, now = new Date()) {
  if (!when) return 0
  return Math.max(0, Math.ceil((when.getTime() - now.getTime()) / 1000))
}

/** What the sign-in form shows for each refusal; next-auth carries the code in `error`. */
export function signInErrorMessage(code: string | null | undefined) {
  if (!code) return null
  if (code.startsWith('LOCKED:')) {
    const seconds = Number(code.slice('LOCKED:'.length)) || 30
    const wait = seconds >= 90 ? `${Math.ceil(seconds / 60)} minutes` : `${seconds} seconds`
    return `Too many wrong passwords for this account. Try again in ${wait}.`
  }
  if (code === 'DISABLED') return 'This account is disabled. Ask an admin to enable it.'
  if (code === 'SessionRequired') return 'Sign in to continue.'
  if (code === 'OAuthSignin' || code === 'OAuthCallback' || code === 'Callback') return 'Single sign-on failed. Try again or use your password.'
  if (code === 'AccessDenied') return 'Single sign-on refused this account. It may be disabled.'
  return 'Wrong email or password.'
}
