/** Whether a session that began at `signedInAt` (ms) has outlived `maxMinutes`; a session without a start has. */
export function sessionExpired(signedInAt: number | undefined, maxMinutes: number, now: number) {
  if (typeof signedInAt !== 'number' || !Number.isFinite(signedInAt)) return true
  return now - signedInAt >= maxMinutes * 60_000
}

/**
 * Whether this account may use a password: anyone, unless single sign-on only is on;
 * then only the break-glass admin, while they are an active admin.
 */
export function passwordAllowed(
  settings: { ssoOnly: boolean; breakGlassEmail: string | null },
  user: { email: string; role: string; disabled?: boolean } | null,
) {
  if (!settings.ssoOnly) return true
  return user !== null && !user.disabled && user.role === 'ADMIN' && user.email === settings.breakGlassEmail
}

/**
 * Whether a session still lets its user in: not past the session lifetime, and a
 * password session only while passwords are allowed for this user (single sign-on
 * only ends every other password session at its next request).
 */
export function sessionAllowed(
  session: { method?: string; signedInAt?: number },
  user: { email: string; role: string },
  settings: { ssoOnly: boolean; breakGlassEmail: string | null; sessionMaxAgeMinutes: number },
  now: number,
) {
  if (sessionExpired(session.signedInAt, settings.sessionMaxAgeMinutes, now)) return false
  return session.method === 'sso' || passwordAllowed(settings, user)
}
