'use client'

import { useQuery, useQueryClient } from '@tanstack/react-query'
import { useState, useTransition } from 'react'
import { approveRemediationAction, rejectRemediationAction } from '@/app/(console)/remediations/actions'
import type { RemediationView } from '@/lib/remediation/dto'
import { getJson } from '@/lib/query-client'
import { remediationKeys } from '@/lib/remediation/query-keys'
import { LiveRemediation, RemediationSummary } from './request-status'

function Decide({ r, userId }: Readonly<{ r: RemediationView; userId: string }>) {
  const queryClient = useQueryClient()
  const [reason, setReason] = useState('')
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null)
  const [pending, startTransition] = useTransition()
  const decide = (approve: boolean) =>
    startTransition(async () => {
      const result = approve ? await approveRemediationAction({ requestId: r.id, reason }) : await rejectRemediationAction({ requestId: r.id, reason })
      setMessage(result.ok ? { ok: true, text: approve ? 'Approved: running now.' : 'Rejected.' } : { ok: false, text: result.message })
      await queryClient.invalidateQueries({ queryKey: remediationKeys.all })
    })
  if (r.requester.id === userId) return <p className="mt-1 text-xs text-slate-500">Waiting for another commander: you cannot approve your own request.</p>
  return (
    <div className="mt-2 space-y-2">
      <label className="block text-xs font-medium text-slate-600">
        Reason (needed to reject)
        <input
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          className="mt-0.5 block w-full rounded-md border border-slate-300 px-2 py-1 text-sm"
        />
      </label>
      <div className="flex gap-2">
        <button
          type="button"
          disabled={pending}
          onClick={() => decide(true)}
          className="rounded-md bg-green-700 px-3 py-1.5 text-sm font-semibold text-white hover:bg-green-800 disabled:opacity-50"
        >
          Approve and run
        </button>
        <button
          type="button"
          disabled={pending}
          onClick={() => decide(false)}
          className="rounded-md px-3 py-1.5 text-sm font-medium text-red-700 ring-1 ring-red-200 hover:bg-red-50 disabled:opacity-50"
        >
          Reject
        </button>
      </div>
      {message ? (
        <p role={message.ok ? 'status' : 'alert'} className={`text-sm ${message.ok ? 'text-green-700' : 'text-red-700'}`}>
          {message.text}
        </p>
      ) : null}
    </div>
  )
}

/** Remediation requests for an incident (or all), live, with approve/reject for commanders. */
export function RemediationList({
  query,
  canApprove,
  userId,
  title,
  empty,
}: Readonly<{ query: string; canApprove: boolean; userId: string; title: string; empty: string }>) {
  const { data } = useQuery({
    queryKey: [...remediationKeys.all, 'list', query],
    queryFn: () => getJson<RemediationView[]>(`/api/remediations?${query}`),
    refetchInterval: 4_000,
    refetchIntervalInBackground: false,
  })
  return (
    <section aria-label={title} className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm">
      <h2 className="mb-2 text-sm font-semibold">{title}</h2>
      {!data ? <p className="text-sm text-slate-500">Loading…</p> : data.length === 0 ? <p className="text-sm text-slate-500">{empty}</p> : null}
      <ul className="space-y-3">
        {data?.map((r) => (
          <li key={r.id} className="rounded-md border border-slate-100 p-2" data-testid={`remediation-${r.id}`}>
            {r.status === 'EXECUTING' ? <LiveRemediation id={r.id} /> : <RemediationSummary r={r} />}
            {r.status === 'PENDING_APPROVAL' && canApprove ? <Decide r={r} userId={userId} /> : null}
          </li>
        ))}
      </ul>
    </section>
  )
}
