// Runs once when a server instance starts (the Next.js instrumentation hook):
// - writes a signed digest of the audit chain at start and every five minutes
//   (lib/audit/digest.ts), so the chain is anchored outside the database even when nobody
//   presses "verify chain";
// - starts the remediation worker, so running requests advance and approvals expire without
//   anyone having a page open. Every instance starts one; a Postgres session advisory lock
//   (lib/db/leadership.ts) lets only one per database work at a time, and another instance
//   takes over within seconds of the leader dying.
// The digest is per instance on purpose: each instance anchors the chain in its own digest
// folder (which may be its own disk) and checks the database against it.
export const DIGEST_EVERY_MS = 5 * 60_000

export async function register() {
  // eslint-disable-next-line no-restricted-syntax -- Next.js sets NEXT_RUNTIME; only the Node.js server anchors and works
  if (process.env.NEXT_RUNTIME !== 'nodejs') return
  const { startAuditDigests } = await import('./lib/audit/digest-timer')
  startAuditDigests(DIGEST_EVERY_MS)
  const { env } = await import('./lib/env.js')
  if (env.REMEDIATION_WORKER === '0') return
  const { startRemediationWorker } = await import('./lib/remediation/worker')
  startRemediationWorker()
}
