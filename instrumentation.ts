// Runs once when a server instance starts. Writes a signed digest of the audit chain
// at start and every five minutes (lib/audit/digest.ts), so the chain is anchored
// outside the database even when nobody presses "verify chain".
export const DIGEST_EVERY_MS = 5 * 60_000

export async function register() {
  // Set by Next.js itself for this hook (not configuration): only the Node.js server anchors.
  // eslint-disable-next-line no-restricted-syntax
  if (process.env.NEXT_RUNTIME !== 'nodejs') return
  const { startAuditDigests } = await import('./lib/audit/digest-timer')
  startAuditDigests(DIGEST_EVERY_MS)
}
