import 'server-only'
// The remediation worker: one per database, whichever app instance holds its lease. It
// advances every EXECUTING request (reads back a change that did not answer, judges the
// deployment a request created), expires approvals nobody decided on, and, on start,
// picks up what a stopped instance left: an approved request never claimed is run (or, past
// its approval window, expired with the reason), a request caught mid-call is read back, and
// one whose outcome cannot be learned ends UNKNOWN with its PENDING audit event completed.
// Progress does not depend on anyone having the page open.
import { createLease } from '@/lib/db/lease'
import { logger } from '@/lib/logger'
import { advanceRemediation, executingRequests, expireStaleRequests, loadRun } from './mutations'
import { approvalDeadline, approvedOrphans, expireOrphan, orphanActor } from './mutations/orphans'
import { executeRemediation } from './run'

export const WORKER_TICK_MS = 2_000
export const WORKER_LEASE_MS = 30_000
const LEASE_KEY = 'remediation-worker'

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

type Worker = { stop(): Promise<void>; holder: string }
const globalForWorker = globalThis as unknown as { remediationWorker?: Worker }

/** Starts the worker in this process (once); every tick it runs only while it holds the lease. */
export function startRemediationWorker(opts: { tickMs?: number; leaseMs?: number; now?: () => Date } = {}): Worker {
  if (globalForWorker.remediationWorker) return globalForWorker.remediationWorker
  const lease = createLease(LEASE_KEY, opts.leaseMs ?? WORKER_LEASE_MS)
  let timer: NodeJS.Timeout | null = null
  let running: Promise<void> | null = null
  let stopped = false
  const tick = async () => {
    try {
      if (await lease.take()) await workerTick(opts.now?.() ?? new Date())
    } catch (err) {
      logger.warn({ err }, 'remediation worker: tick failed')
    }
  }
  const loop = () => {
    if (stopped) return
    running = tick().finally(() => {
      running = null
      if (!stopped) timer = setTimeout(loop, opts.tickMs ?? WORKER_TICK_MS)
      timer?.unref?.()
    })
  }
  loop()
  const worker: Worker = {
    holder: lease.holder,
    async stop() {
      stopped = true
      if (timer) clearTimeout(timer)
      await running
      await lease.release().catch(() => undefined)
      if (globalForWorker.remediationWorker === worker) delete globalForWorker.remediationWorker
    },
  }
  globalForWorker.remediationWorker = worker
  logger.info({ holder: lease.holder }, 'remediation worker started')
  return worker
}
