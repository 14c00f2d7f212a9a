/** Whether a session that began at `signedInAt` (ms) has outlived `maxMinutes`; a session without a start has. */
export function sessionExpired(signedInAt: number | undefined, maxMinutes: number, now: number) {
  if (typeof signedInAt !== 'number' || !Number.isFinite(signedInAt)) return true
  return now - signedInAt >= maxMinutes * 60_000
}
