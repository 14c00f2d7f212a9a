// Runs once when a server instance starts (the Next.js instrumentation hook): starts the
// remediation worker, so running requests advance and approvals expire without anyone having
// a page open. Every instance starts one; a lease row lets only one per database work at a time.
export async function register() {
  // eslint-disable-next-line no-restricted-syntax -- Next.js sets NEXT_RUNTIME; only the Node.js server runs the worker
  if (process.env.NEXT_RUNTIME !== 'nodejs') return
  const { env } = await import('./lib/env.js')
  if (env.REMEDIATION_WORKER === '0') return
  const { startRemediationWorker } = await import('./lib/remediation/worker')
  startRemediationWorker()
}
