'use client'

// TLS certificates of the health URLs: a "Certificates" section for the board (problems first,
// every URL on demand) and a one-row card for a service page. Its own component and query so the
// board's ECS refresh is untouched; the checks run hourly in the shared refresh (and "Check now").
import { useQuery, useQueryClient } from '@tanstack/react-query'
import Link from 'next/link'
import { checkCertificatesAction } from '@/app/(console)/services/actions'
import { StatusBadge } from '@/components/health/status-badge'
import { NoticeLine } from '@/components/ui/notice'
import { useAction } from '@/components/ui/use-action'
import type { CertificateRow, CertificatesView } from '@/lib/certificates/dto'
import { certificateKeys, certificatesQuery } from '@/lib/certificates/query-keys'
import type { CertificateStatus } from '@/lib/certificates/rules'
import { ageText } from '@/lib/health/rules'
import { environmentLabels } from '@/lib/services/dto'

const rank: Record<CertificateStatus, number> = { critical: 0, degraded: 1, unknown: 2, healthy: 3, not_applicable: 4 }

export function CertificateBadge({ status }: Readonly<{ status: CertificateStatus }>) {
  if (status !== 'not_applicable') return <StatusBadge status={status} />
  return <span className="inline-flex rounded-full bg-slate-50 px-2 py-0.5 text-xs font-semibold text-slate-600 ring-1 ring-slate-200">No TLS</span>
}

function expiry(r: CertificateRow) {
  return r.validTo ? `expires ${r.validTo.slice(0, 10)}` : null
}

function checkedText(at: string | null, now: Date) {
  return at ? `checked ${ageText(at, now)}` : 'not checked yet'
}

function CheckNow() {
  const qc = useQueryClient()
  const { run, pending, notice } = useAction(() => qc.invalidateQueries({ queryKey: certificateKeys.all }))
  return (
    <div className="flex flex-wrap items-center gap-2">
      <button
        type="button"
        disabled={pending}
        onClick={() => run(() => checkCertificatesAction({}), 'Certificates checked')}
        className="rounded-md border border-slate-300 bg-white px-2.5 py-1.5 text-xs font-semibold text-slate-700 shadow-sm hover:bg-slate-50 disabled:opacity-60"
      >
        {pending ? 'Checking…' : 'Check now'}
      </button>
      <NoticeLine notice={notice} className="py-1 text-xs" />
    </div>
  )
}

function Row({ r, now }: Readonly<{ r: CertificateRow; now: Date }>) {
  return (
    <li className="flex flex-col gap-1 px-4 py-2.5 sm:flex-row sm:items-center sm:gap-3" data-testid="certificate-row">
      <span className="w-24 shrink-0">
        <CertificateBadge status={r.status} />
      </span>
      <span className="min-w-0 flex-1">
        <Link href={`/services/${r.serviceId}`} className="font-semibold text-slate-900 hover:underline">
          {r.serviceName}
        </Link>{' '}
        <span className="text-xs text-slate-500">
          {environmentLabels[r.environment]} · {r.cluster}
        </span>
        <span className="block break-all text-xs text-slate-600">{r.host}</span>
      </span>
      <span className="text-sm text-slate-800 sm:w-72">
        {r.reason}
        <span className="block text-xs text-slate-500">{[expiry(r), checkedText(r.checkedAt, now)].filter(Boolean).join(' · ')}</span>
      </span>
    </li>
  )
}

function summary(view: CertificatesView) {
  const counts = new Map<CertificateStatus, number>()
  for (const r of view.rows) counts.set(r.status, (counts.get(r.status) ?? 0) + 1)
  const part = (s: CertificateStatus, word: string) => (counts.get(s) ? `${counts.get(s)} ${word}` : null)
  return [
    part('critical', 'critical'),
    part('degraded', 'expiring soon'),
    part('unknown', 'unknown'),
    part('healthy', 'healthy'),
    part('not_applicable', 'plain http'),
  ]
    .filter(Boolean)
    .join(' · ')
}

/** The board's "Certificates" section: every problem listed, the rest behind "All certificates". */
export function CertificatesSection({ canCheck }: Readonly<{ canCheck: boolean }>) {
  const { data, error } = useQuery(certificatesQuery())
  const now = new Date()
  const problems = data?.rows.filter((r) => r.status === 'critical' || r.status === 'degraded' || r.status === 'unknown') ?? []
  const sorted = [...(data?.rows ?? [])].sort((a, b) => rank[a.status] - rank[b.status] || a.serviceName.localeCompare(b.serviceName))
  return (
    <section aria-labelledby="certificates" className="mt-6 rounded-xl border border-slate-200 bg-white shadow-sm" data-testid="certificates">
      <div className="flex flex-wrap items-center justify-between gap-2 border-b border-slate-100 px-4 py-3">
        <div>
          <h2 id="certificates" className="text-sm font-semibold text-slate-900">
            Certificates
          </h2>
          <p className="text-xs text-slate-600">
            TLS of every health URL, checked from the app every hour
            {data ? ` · ${data.checkedAt ? `last check ${ageText(data.checkedAt, now)}` : 'first check running'}` : ''}
            {data?.stale ? ' · late: the hourly check is failing' : ''}
          </p>
        </div>
        {canCheck ? <CheckNow /> : null}
      </div>
      {error ? <p className="px-4 py-3 text-sm text-red-800">Cannot load certificates: {error.message}</p> : null}
      {!data && !error ? <p className="px-4 py-3 text-sm text-slate-600">Loading certificates…</p> : null}
      {data ? (
        <>
          <p className="px-4 pt-3 text-sm text-slate-700" data-testid="certificates-summary">
            {data.rows.length ? summary(data) : 'No service in the catalog has a health URL.'}
          </p>
          {problems.length ? (
            <ul className="divide-y divide-slate-100" aria-label="Certificates needing attention">
              {problems.map((r) => (
                <Row key={r.serviceId} r={r} now={now} />
              ))}
            </ul>
          ) : null}
          {data.rows.length ? (
            <details className="border-t border-slate-100">
              <summary className="cursor-pointer px-4 py-2.5 text-sm font-medium text-brand-700">All certificates ({data.rows.length})</summary>
              <ul className="divide-y divide-slate-100">
                {sorted.map((r) => (
                  <Row key={r.serviceId} r={r} now={now} />
                ))}
              </ul>
            </details>
          ) : null}
        </>
      ) : null}
    </section>
  )
}

/** A service page's card: its health URL's certificate, or why there is none. */
export function ServiceCertificate({ serviceId, canCheck }: Readonly<{ serviceId: string; canCheck: boolean }>) {
  const { data, error } = useQuery(certificatesQuery(serviceId))
  const r = data?.rows[0]
  const now = new Date()
  return (
    <section aria-labelledby="certificate" className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm" data-testid="service-certificate">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id="certificate" className="text-sm font-semibold text-slate-900">
          TLS certificate
        </h2>
        {canCheck && r && r.status !== 'not_applicable' ? <CheckNow /> : null}
      </div>
      {error ? <p className="mt-2 text-sm text-red-800">Cannot load the certificate: {error.message}</p> : null}
      {data && !r ? <p className="mt-2 text-sm text-slate-600">No health URL in the catalog.</p> : null}
      {r ? (
        <div className="mt-2 flex flex-wrap items-start gap-3">
          <CertificateBadge status={r.status} />
          <div className="min-w-0 text-sm text-slate-800">
            <p>{r.reason}</p>
            <p className="break-all text-xs text-slate-600">{r.host}</p>
            <p className="text-xs text-slate-600">
              {[expiry(r), r.issuer ? `issued by ${r.issuer}` : null, checkedText(r.checkedAt, now)].filter(Boolean).join(' · ')}
            </p>
          </div>
        </div>
      ) : null}
    </section>
  )
}
