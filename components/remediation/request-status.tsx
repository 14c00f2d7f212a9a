'use client'

import { useQuery } from '@tanstack/react-query'
import Link from 'next/link'
import type { RemediationStatus, RemediationView } from '@/lib/remediation/dto'
import { remediationQuery } from '@/lib/remediation/query-keys'
import { approvalPreview } from '@/lib/remediation/approval-preview'
import { remediationKindLabels } from '@/lib/remediation/schemas'

const statusStyle: Record<RemediationStatus, string> = {
  PENDING_APPROVAL: 'bg-amber-100 text-amber-900',
  APPROVED: 'bg-blue-100 text-blue-900',
  EXECUTING: 'bg-blue-100 text-blue-900 animate-pulse',
  SUCCEEDED: 'bg-green-100 text-green-900',
  FAILED: 'bg-red-100 text-red-900',
  UNKNOWN: 'bg-amber-100 text-amber-900',
  REJECTED: 'bg-slate-200 text-slate-800',
  EXPIRED: 'bg-slate-200 text-slate-800',
}
const statusText: Record<RemediationStatus, string> = {
  PENDING_APPROVAL: 'waiting for approval',
  APPROVED: 'approved',
  EXECUTING: 'running: watching the deployment',
  SUCCEEDED: 'done: service steady',
  FAILED: 'failed',
  UNKNOWN: 'outcome unknown: look at the service',
  REJECTED: 'rejected',
  EXPIRED: 'expired',
}

const stageText: Record<string, string> = {
  SENDING: 'running: sending to AWS',
  VERIFYING: 'running: no answer from AWS, reading the service back',
}

export function RemediationStatusChip({ status, stage, landing }: Readonly<{ status: RemediationStatus; stage?: string | null; landing?: string | null }>) {
  const text =
    status === 'EXECUTING' && stage && stageText[stage]
      ? stageText[stage]
      : status === 'FAILED' && landing === 'NOT_LANDED'
        ? 'failed: not landed'
        : statusText[status]
  return (
    <span className={`rounded px-1.5 py-0.5 text-xs font-semibold ${statusStyle[status]}`} data-testid="remediation-status">
      {text}
    </span>
  )
}

export function RemediationSummary({ r }: Readonly<{ r: RemediationView }>) {
  const after = r.after as { running?: number; desired?: number; taskDefinition?: string } | null
  return (
    <div className="space-y-1 text-sm">
      <div className="flex flex-wrap items-center gap-2">
        <span className="font-semibold">{remediationKindLabels[r.kind]}</span>
        <RemediationStatusChip status={r.status} stage={r.stage} landing={r.landing} />
        {r.incident ? (
          <Link href={`/incidents/${r.incident.id}`} className="text-xs text-brand-700 hover:underline">
            {r.incident.ref}
          </Link>
        ) : null}
      </div>
      <p className="text-slate-800">{r.preview}</p>
      {r.status === 'PENDING_APPROVAL' ? <ApprovalDetails r={r} /> : null}
      <p className="text-xs text-slate-600">
        asked by {r.requester.name} at {r.createdAt.slice(11, 19)} UTC: “{r.reason}”
        {r.approver ? ` · ${r.status === 'REJECTED' ? 'rejected' : 'approved'} by ${r.approver.name}` : ''}
        {r.decisionReason ? ` (“${r.decisionReason}”)` : ''}
      </p>
      {r.awsRequestId ? <p className="font-mono text-xs text-slate-500">AWS request {r.awsRequestId}</p> : null}
      {after?.running != null ? (
        <p className="text-xs text-green-800">
          now {after.running}/{after.desired} running on {after.taskDefinition}
        </p>
      ) : null}
      {r.landing ? (
        <p className="text-xs font-medium text-slate-700" data-testid="remediation-landing">
          {r.landing === 'LANDED'
            ? 'AWS did not answer; reading the service back showed the change landed.'
            : 'AWS did not answer; reading the service back showed the change did not land. It was not sent again.'}
        </p>
      ) : null}
      {r.error ? <p className="text-xs font-medium text-red-700">{r.error}</p> : null}
      {r.leftBehind && !r.error?.includes(r.leftBehind) ? (
        <p className="text-xs font-medium text-amber-800" data-testid="remediation-left-behind">
          Left behind in AWS: {r.leftBehind}
        </p>
      ) : null}
    </div>
  )
}

/** The full change a second person approves: what the requester saw, from the stored request. */
export function ApprovalDetails({ r }: Readonly<{ r: RemediationView }>) {
  const p = approvalPreview(r)
  return (
    <div className="rounded-md border border-slate-200 bg-slate-50 p-2" data-testid="approval-preview">
      <p className="text-xs font-semibold uppercase tracking-wide text-slate-600">Exactly what will change</p>
      <div className="relative overflow-x-auto">
        <table className="mt-1 text-xs">
          <tbody>
            {p.details.map((d) => (
              <tr key={d.label}>
                <th scope="row" className="pr-3 text-left align-top font-medium text-slate-600">
                  {d.label}
                </th>
                <td className="break-all font-mono text-red-700 line-through decoration-1">{d.from}</td>
                <td className="px-2 align-top" aria-label="becomes">
                  →
                </td>
                <td className="break-all font-mono font-semibold text-green-800">{d.to}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {p.warnings.map((w) => (
        <p key={w} className="mt-1 rounded bg-amber-50 px-2 py-1 text-xs text-amber-900">
          ⚠ {w}
        </p>
      ))}
      {r.expiresAt ? <p className="mt-1 text-xs text-slate-600">Expires at {r.expiresAt.slice(11, 16)} UTC unless approved.</p> : null}
    </div>
  )
}

/** A request followed live until it ends. */
export function LiveRemediation({ id }: Readonly<{ id: string }>) {
  const { data } = useQuery(remediationQuery(id))
  if (!data) return <p className="text-sm text-slate-500">Loading the request…</p>
  return <RemediationSummary r={data} />
}
