'use client'

import { useQuery } from '@tanstack/react-query'
import Link from 'next/link'
import { useLivePoll } from '@/components/live/live-provider'
import { pendingApprovalsQuery } from '@/lib/remediation/query-keys'
import { remediationKindLabels } from '@/lib/remediation/schemas'

/** The number of requests waiting for approval, beside "Remediation" in the navigation (from md up; the phone header has its own). */
export function PendingApprovalsCount() {
  const { data } = useQuery({ ...pendingApprovalsQuery(), refetchInterval: useLivePoll(10_000) })
  if (!data?.length) return null
  return (
    <span className="ml-auto hidden rounded-full bg-amber-400 px-1.5 text-xs font-bold text-slate-900 md:inline" data-testid="nav-pending-approvals">
      {data.length}
      <span className="sr-only"> waiting for approval</span>
    </span>
  )
}

/**
 * On a phone the navigation is a row that scrolls sideways, which can carry the count
 * out of sight: the header keeps it in view instead, as a link to the approvals.
 */
export function PendingApprovalsHeaderLink() {
  const { data } = useQuery({ ...pendingApprovalsQuery(), refetchInterval: useLivePoll(10_000) })
  if (!data?.length) return null
  return (
    <Link
      href="/remediations"
      className="shrink-0 rounded-full bg-amber-400 px-2.5 py-1 text-xs font-bold text-slate-900 md:hidden"
      data-testid="header-pending-approvals"
    >
      {data.length} waiting for approval
    </Link>
  )
}

/** A banner for commanders: every request waiting for a second person, each linking to its full preview. */
export function PendingApprovalsBanner({ userId }: Readonly<{ userId: string }>) {
  const { data } = useQuery({ ...pendingApprovalsQuery(), refetchInterval: useLivePoll(10_000) })
  if (!data?.length) return null
  return (
    <section
      aria-label="Waiting for approval"
      className="mb-4 rounded-xl border-2 border-amber-400 bg-amber-50 px-4 py-3 text-sm text-amber-950"
      data-testid="pending-approvals-banner"
    >
      <h2 className="font-semibold">{data.length === 1 ? 'A production change waits' : `${data.length} production changes wait`} for a second commander</h2>
      <ul className="mt-1 space-y-1">
        {data.map((r) => (
          <li key={r.id} className="flex flex-wrap items-baseline gap-x-2">
            <span>
              <span className="font-medium">{remediationKindLabels[r.kind]}</span> {r.service.name} ({r.service.cluster})
              {r.incident ? ` for ${r.incident.ref}` : ''}, asked by {r.requester.id === userId ? 'you' : r.requester.name}
              {r.expiresAt ? `, expires ${r.expiresAt.slice(11, 16)} UTC` : ''}
            </span>
            <Link href={`/remediations#remediation-${r.id}`} className="font-semibold text-amber-950 underline">
              {r.requester.id === userId ? 'See the request' : 'Review and approve'}
              <span className="sr-only">
                {' '}
                {remediationKindLabels[r.kind]} {r.service.name}
              </span>
            </Link>
          </li>
        ))}
      </ul>
    </section>
  )
}
