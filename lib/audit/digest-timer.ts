import 'server-only'
// Started by instrumentation.ts: anchors the audit chain outside the database at start
// and then every `everyMs`. It shares the instrumentation bundle's client (lib/db/client)
// with the remediation worker.
import { db } from '@/lib/db/client'
import { env } from '@/lib/env.js'
import { logger } from '@/lib/logger'
import { anchorAuditChain, auditDigestPlace } from './digest'

export function startAuditDigests(everyMs: number) {
  if (!env.DATABASE_URL) return
  const run = async () => {
    try {
      const { problem } = await anchorAuditChain(db, auditDigestPlace())
      if (problem) logger.error({ brokenAt: problem.brokenAt }, `audit chain does not match its latest signed digest: ${problem.problem}`)
    } catch (err) {
      logger.warn({ err }, 'could not write the audit digest')
    }
  }
  void run()
  setInterval(run, everyMs).unref()
}
