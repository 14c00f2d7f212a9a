import 'server-only'
// The remediation worker: one per database, whichever app instance leads (lib/db/leadership.ts). It
// advances every EXECUTING request (reads back a change that did not answer, judges the
// deployment a request created), expires approvals nobody decided on, and, on start,
// picks up what a stopped instance left: an approved request never claimed is run (or, past
// its approval window, expired with the reason), a request caught mid-call is read back, and
// one whose outcome cannot be learned ends UNKNOWN with its PENDING audit event completed.
// Progress does not depend on anyone having the page open.
import { createLeadership, runWhileLeader } from '@/lib/db/leadership'
import { env } from '@/lib/env.js'
import { logger } from '@/lib/logger'
import { advanceRemediation, executingRequests, expireStaleRequests, loadRun } from './mutations'
import { approvalDeadline, approvedOrphans, expireOrphan, orphanActor } from './mutations/orphans'
import { executeRemediation } from './run'

export const WORKER_TICK_MS = 2_000
/** The leadership (a session advisory lock, lib/db/leadership.ts) one instance per database holds to work. */
export const WORKER_LEADERSHIP = 'remediation-worker'

/** One pass over everything that needs moving. `now` is passed in so tests pin the clock. */
export async function workerTick(now = new Date()) {
  const expired = await expireStaleRequests(now)
  const resumed = await resumeApproved(now)
  const ids = await executingRequests()
  const advanced: Record<string, string> = {}
  for (const id of ids) {
    try {
      advanced[id] = await advanceRemediation(id, now)
    } catch (err) {
      logger.warn({ err, remediationId: id }, 'remediation worker: could not advance a request')
    }
  }
  return { expired, resumed, advanced }
}

/** Approved requests whose instance stopped before claiming them: run them now, or expire them past their window. */
async function resumeApproved(now: Date) {
  const resumed: Record<string, string> = {}
  for (const r of await approvedOrphans(now)) {
    try {
      if (now > approvalDeadline(r)) {
        if (await expireOrphan(r, now)) resumed[r.id] = 'EXPIRED'
        continue
      }
      logger.info({ remediationId: r.id }, 'remediation worker: running an approved request its instance left')
      await executeRemediation({ actor: orphanActor(r), requestId: `worker:${r.id}`, log: logger }, r.id).catch((err: unknown) => {
        // Refused at the claim (busy service, rate limit): already recorded on the request.
        logger.warn({ err, remediationId: r.id }, 'remediation worker: an approved request could not be run')
      })
      resumed[r.id] = (await loadRun(r.id))?.status ?? 'FAILED'
    } catch (err) {
      logger.warn({ err, remediationId: r.id }, 'remediation worker: could not resume an approved request')
    }
  }
  return resumed
}

type Worker = { stop(): Promise<void>; holder: string; isLeader(): boolean }
const globalForWorker = globalThis as unknown as { remediationWorker?: Worker }

/**
 * Starts the worker in this process (once). Every instance starts one; each tick runs only
 * while this instance leads (a Postgres session advisory lock on a connection of its own), so
 * one instance per database works at a time, and another takes over within a tick or two of
 * the leader's process dying.
 */
export function startRemediationWorker(opts: { tickMs?: number; now?: () => Date; connectionString?: string } = {}): Worker {
  if (globalForWorker.remediationWorker) return globalForWorker.remediationWorker
  const leadership = createLeadership(WORKER_LEADERSHIP, {
    connectionString: opts.connectionString ?? env.DATABASE_URL ?? '',
    onChange: (leader) => logger.info({ holder: leadership.holder }, leader ? 'remediation worker: this instance leads' : 'remediation worker: not leading'),
  })
  const loop = runWhileLeader(leadership, () => workerTick(opts.now?.() ?? new Date()), {
    everyMs: opts.tickMs ?? WORKER_TICK_MS,
    onError: (err) => logger.warn({ err }, 'remediation worker: tick failed'),
  })
  const worker: Worker = {
    holder: leadership.holder,
    isLeader: () => leadership.isLeader(),
    async stop() {
      await loop.stop()
      await leadership.stop()
      if (globalForWorker.remediationWorker === worker) delete globalForWorker.remediationWorker
    },
  }
  globalForWorker.remediationWorker = worker
  logger.info({ holder: leadership.holder }, 'remediation worker started')
  return worker
}
