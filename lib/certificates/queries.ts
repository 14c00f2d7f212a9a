import 'server-only'
// The TLS certificates of every https health URL in the catalog, checked from the app.
// One check of every URL per hour, shared by every viewer and instance through the shared
// cache (its lease lets one instance check while the others read the row it writes), and on
// demand ("Check now"). A row says when its own handshake happened; a URL never checked,
// or changed since, is "not checked yet" (unknown), never healthy.
import { readFileSync } from 'node:fs'
import { rootCertificates } from 'node:tls'
import type { Actor } from '@/lib/actions/actor'
import { db } from '@/lib/db/client'
import { createSharedCache } from '@/lib/db/shared-cache'
import { env } from '@/lib/env'
import { limitConcurrency } from '@/lib/limit-concurrency'
import { logger } from '@/lib/logger'
import { checkCertificate, type CheckOptions } from './check'
import type { CertificateRow, CertificatesView } from './dto'
import { assessCertificate, type CertificateObservation } from './rules'

export const CERT_CHECK_INTERVAL_MS = 60 * 60_000
/** "Check now" again within this reuses the check just made (by anyone, on any instance). */
const ON_DEMAND_MIN_MS = 5_000
const KEY = 'certificates:v1'
const cache = createSharedCache()

type Checked = { serviceId: string; url: string; checkedAt: string; observation: CertificateObservation }
type Stored = { checkedAt: string; results: Checked[] }

/**
 * Where and against what to check. In simulated mode (as for the health probe) the
 * simulator's TLS endpoint answers for every demo host, and its CA is trusted; never with
 * real AWS (lib/config/env-schema.js refuses the variables there too). TLS_CA_FILE adds a
 * bundle to the public roots.
 */
export function certificateCheckOptions(): CheckOptions {
  const simulated = env.AWS_MODE !== 'aws' && Boolean(env.AWS_SIMULATOR_URL) && Boolean(env.AWS_SIMULATOR_TLS)
  const extra: string[] = []
  if (env.TLS_CA_FILE) extra.push(readFileSync(env.TLS_CA_FILE, 'utf8'))
  if (simulated && env.AWS_SIMULATOR_CA_FILE) extra.push(readFileSync(env.AWS_SIMULATOR_CA_FILE, 'utf8'))
  const [host, port] = simulated ? env.AWS_SIMULATOR_TLS!.split(':') : []
  return {
    ca: extra.length ? [...rootCertificates, ...extra] : undefined,
    connectTo: simulated ? { host, port: Number(port) } : undefined,
    timeoutMs: 5_000,
  }
}

const catalog = () =>
  db.service.findMany({
    where: { healthUrl: { not: null } },
    select: { id: true, name: true, environment: true, cluster: true, healthUrl: true },
    orderBy: [{ environment: 'asc' }, { name: 'asc' }],
  })

/** Checks every https health URL of the catalog (a few at a time); the outcome of each, with its time. */
export async function checkAllCertificates(opts: CheckOptions = certificateCheckOptions()): Promise<Stored> {
  const services = (await catalog()).filter((s) => /^https:/i.test(s.healthUrl ?? ''))
  const run = limitConcurrency(8)
  const results = await Promise.all(
    services.map((s) =>
      run(async () => {
        const observation = await checkCertificate(s.healthUrl!, opts)
        return { serviceId: s.id, url: s.healthUrl!, checkedAt: new Date().toISOString(), observation }
      }),
    ),
  )
  return { checkedAt: new Date().toISOString(), results }
}

const hostOf = (url: string) => {
  try {
    return new URL(url).hostname
  } catch {
    return url
  }
}

/** The view at `now`: days left are counted from `now`, so they fall between two checks. */
export function certificatesView(
  services: Awaited<ReturnType<typeof catalog>>,
  stored: { value: Stored; refreshedAt: Date } | null,
  now: Date,
): CertificatesView {
  const byService = new Map((stored?.value.results ?? []).map((r) => [r.serviceId, r]))
  const rows: CertificateRow[] = services.map((s) => {
    const url = s.healthUrl!
    const hit = byService.get(s.id)
    const checked = hit && hit.url === url ? hit : null
    const verdict = assessCertificate(url, checked?.observation ?? null, now)
    return {
      serviceId: s.id,
      serviceName: s.name,
      environment: s.environment,
      cluster: s.cluster,
      url,
      host: hostOf(url),
      status: verdict.status,
      reason: verdict.reason,
      daysLeft: verdict.daysLeft,
      validTo: checked?.observation.validTo ?? null,
      issuer: checked?.observation.issuer ?? null,
      checkedAt: checked?.checkedAt ?? null,
    }
  })
  const checkedAt = stored ? stored.value.checkedAt : null
  const stale = stored ? now.getTime() - stored.refreshedAt.getTime() > 2 * CERT_CHECK_INTERVAL_MS : false
  return { rows, checkedAt, intervalMs: CERT_CHECK_INTERVAL_MS, stale }
}

/** Starts the hourly check when the last one is older than the interval; never waits for it. */
function refreshInBackground(opts?: CheckOptions) {
  cache.get(KEY, CERT_CHECK_INTERVAL_MS, () => checkAllCertificates(opts)).catch((err: unknown) => logger.warn({ err }, 'certificate check failed'))
}

/** What the board and service pages show; `serviceId` narrows to one service. */
export async function getCertificates(_actor: Actor, opts: { now?: Date; serviceId?: string; check?: CheckOptions } = {}): Promise<CertificatesView> {
  const now = opts.now ?? new Date()
  const [services, stored] = await Promise.all([catalog(), cache.latest<Stored>(KEY)])
  if (!stored || Date.now() - stored.refreshedAt.getTime() >= CERT_CHECK_INTERVAL_MS) refreshInBackground(opts.check)
  const view = certificatesView(services, stored, now)
  return opts.serviceId ? { ...view, rows: view.rows.filter((r) => r.serviceId === opts.serviceId) } : view
}

/** "Check now": a fresh check of every URL (or the one just made by someone else), then the view. */
export async function checkCertificatesNow(actor: Actor, opts: { now?: Date; check?: CheckOptions; reuseMs?: number } = {}): Promise<CertificatesView> {
  await cache.get(KEY, opts.reuseMs ?? ON_DEMAND_MIN_MS, () => checkAllCertificates(opts.check), { waitForFresh: true })
  return getCertificates(actor, { now: opts.now, check: opts.check })
}
