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
