'use client'

import { useQuery, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { approveRemediationAction, rejectRemediationAction } from '@/app/(console)/remediations/actions'
import { useAction } from '@/components/ui/use-action'
import type { RemediationView } from '@/lib/remediation/dto'
import { useLivePoll } from '@/components/live/live-provider'
import { getJson } from '@/lib/query-client'
import { remediationKeys } from '@/lib/remediation/query-keys'
import { LiveRemediation, RemediationSummary } from './request-status'

type Message = { ok: boolean; text: string }

function Decide({ r, userId, setMessage }: Readonly<{ r: RemediationView; userId: string; setMessage: (m: Message) => void }>) {
  const queryClient = useQueryClient()
  const [reason, setReason] = useState('')
  const { run, pending } = useAction(() => queryClient.invalidateQueries({ queryKey: remediationKeys.all }))
  // The answer goes to the list at once (before the refresh): this form goes away once the request is decided.
  const decide = (approve: boolean) =>
    run(async () => {
      const result = approve ? await approveRemediationAction({ requestId: r.id, reason }) : await rejectRemediationAction({ requestId: r.id, reason })
      setMessage(result.ok ? { ok: true, text: approve ? 'Approved: running now.' : 'Rejected.' } : { ok: false, text: result.message })
      return result
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
    </div>
  )
}

/** Kept by the list, not by the approve form: the form goes away once the request is decided, the answer stays. */
function DecisionMessage({ message }: Readonly<{ message: Message | undefined }>) {
  if (!message) return null
  return (
    <p
      role={message.ok ? 'status' : 'alert'}
      className={`mt-1 text-sm font-medium ${message.ok ? 'text-green-800' : 'text-red-700'}`}
      data-testid="decision-message"
    >
      {message.text}
    </p>
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
    refetchInterval: useLivePoll(4_000),
    refetchIntervalInBackground: false,
  })
  const [messages, setMessages] = useState<Record<string, Message & { r: RemediationView }>>({})
  const rows = [...(data ?? [])]
  // A request decided here stays in this list (with its answer) until the page is left, even when the list only shows pending ones.
  for (const m of Object.values(messages)) if (!rows.some((r) => r.id === m.r.id)) rows.push(m.r)
  return (
    <section aria-label={title} className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm">
      <h2 className="mb-2 text-sm font-semibold">{title}</h2>
      {!data ? <p className="text-sm text-slate-500">Loading…</p> : rows.length === 0 ? <p className="text-sm text-slate-500">{empty}</p> : null}
      <ul className="space-y-3">
        {rows.map((r) => (
          <li
            key={r.id}
            id={`remediation-${r.id}`}
            className="scroll-mt-4 rounded-md border border-slate-100 p-2 target:ring-2 target:ring-amber-400"
            data-testid={`remediation-${r.id}`}
          >
            {messages[r.id] || r.status === 'EXECUTING' ? <LiveRemediation id={r.id} /> : <RemediationSummary r={r} />}
            {r.status === 'PENDING_APPROVAL' && canApprove && !messages[r.id]?.ok ? (
              <Decide r={r} userId={userId} setMessage={(m) => setMessages((all) => ({ ...all, [r.id]: { ...m, r } }))} />
            ) : null}
            <DecisionMessage message={messages[r.id]} />
          </li>
        ))}
      </ul>
    </section>
  )
}
