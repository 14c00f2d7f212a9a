'use client'

import { useQuery, useQueryClient } from '@tanstack/react-query'
import Link from 'next/link'
import { useState } from 'react'
import { acknowledgeAlertAction, attachAlertAction, silenceAlertAction } from '@/app/(console)/alerts/actions'
import { NoticeLine } from '@/components/ui/notice'
import { useAction } from '@/components/ui/use-action'
import type { ActionResult } from '@/lib/actions/result'
import type { InboxAlert } from '@/lib/alerts/dto'
import { alertKeys, INBOX_POLL_MS, inboxQuery, type InboxView } from '@/lib/alerts/query-keys'
import { useLivePoll } from '@/components/live/live-provider'
import { serverSeeded } from '@/components/live/server-seeded'
import { formatUtc } from '@/lib/incidents/clocks'

const severityStyle = { CRITICAL: 'bg-red-50 text-red-800', WARNING: 'bg-amber-50 text-amber-900', INFO: 'bg-slate-100 text-slate-700' } as const
const fieldClass = 'mt-0.5 block rounded-md border border-slate-300 px-2 py-1 text-sm'
const buttonClass = 'rounded-md border border-slate-300 px-3 py-1 text-sm hover:bg-slate-50 disabled:opacity-50'

function AlertRow({ alert, openIncidents, canAct }: Readonly<{ alert: InboxAlert; openIncidents: { id: string; label: string }[]; canAct: boolean }>) {
  const client = useQueryClient()
  const { run: call, pending, notice } = useAction(() => client.invalidateQueries({ queryKey: alertKeys.inbox }))
  const [minutes, setMinutes] = useState(60)
  const [reason, setReason] = useState('')
  const [incidentId, setIncidentId] = useState(openIncidents[0]?.id ?? '')
  const run = (fn: () => Promise<ActionResult<unknown>>, done: string) => call(fn, done)
  const ref = { alertId: alert.id, expectedVersion: alert.version }
  const silenced = alert.silencedUntil && new Date(alert.silencedUntil) > new Date()
  return (
    <li className="space-y-2 rounded-xl border border-slate-200 bg-white p-4 shadow-sm">
      <div className="flex flex-wrap items-center gap-2 text-xs">
        <span className={`rounded px-1.5 py-0.5 font-medium ${severityStyle[alert.severity]}`}>{alert.severity.toLowerCase()}</span>
        <span className="rounded bg-slate-100 px-1.5 py-0.5 font-medium text-slate-700">{alert.state === 'FIRING' ? 'firing' : 'resolved'}</span>
        <span className="text-slate-600">
          {alert.source} · seen {alert.count}× · last <time dateTime={alert.lastSeenAt}>{formatUtc(alert.lastSeenAt)}</time>
        </span>
      </div>
      <h2 className="font-semibold">{alert.title}</h2>
      <p className="text-sm text-slate-700">{alert.reason}</p>
      <p className="text-xs text-slate-600">
        {alert.service ? `${alert.service.name} (${alert.service.environment.toLowerCase()})` : 'No service matched'}
        {alert.acknowledgedBy ? ` · acknowledged by ${alert.acknowledgedBy}` : ''}
        {silenced ? ` · silenced until ${formatUtc(alert.silencedUntil!)}: ${alert.silenceReason}` : ''}
        {alert.maintenance
          ? ` · fired during maintenance (${formatUtc(alert.maintenance.startsAt)} – ${formatUtc(alert.maintenance.endsAt)}): ${alert.maintenance.reason}`
          : ''}
      </p>
      {canAct ? (
        <div className="flex flex-wrap items-end gap-3 text-xs font-medium text-slate-600">
          {!alert.acknowledgedBy ? (
            <button type="button" disabled={pending} className={buttonClass} onClick={() => run(() => acknowledgeAlertAction(ref), 'Acknowledged.')}>
              Acknowledge
            </button>
          ) : null}
          <Link href={alert.service ? `/incidents/new?service=${alert.service.id}` : '/incidents/new'} className={buttonClass}>
            Declare
          </Link>
          {openIncidents.length ? (
            <span className="flex items-end gap-1">
              <label>
                Incident
                <select value={incidentId} onChange={(e) => setIncidentId(e.target.value)} className={`${fieldClass} max-w-56`}>
                  {openIncidents.map((i) => (
                    <option key={i.id} value={i.id}>
                      {i.label}
                    </option>
                  ))}
                </select>
              </label>
              <button
                type="button"
                disabled={pending}
                className={buttonClass}
                onClick={() => run(() => attachAlertAction({ ...ref, incidentId }), 'Attached to the incident.')}
              >
                Attach
              </button>
            </span>
          ) : null}
          <span className="flex flex-wrap items-end gap-1">
            <label>
              Silence for
              <select value={minutes} onChange={(e) => setMinutes(Number(e.target.value))} className={fieldClass}>
                <option value={60}>1 hour</option>
                <option value={240}>4 hours</option>
                <option value={1440}>1 day</option>
              </select>
            </label>
            <label>
              Reason
              <input value={reason} onChange={(e) => setReason(e.target.value)} className={`${fieldClass} w-48`} />
            </label>
            <button
              type="button"
              disabled={pending}
              className={buttonClass}
              onClick={() => run(() => silenceAlertAction({ ...ref, minutes, reason }), 'Silenced.')}
            >
              Silence
            </button>
          </span>
        </div>
      ) : null}
      <NoticeLine notice={notice} />
    </li>
  )
}

/** The inbox, kept current by live alert events (which invalidate it) and a slow poll while the stream is down. */
export function AlertInbox({ initial, canAct }: Readonly<{ initial: InboxView; canAct: boolean }>) {
  const { data = initial } = useQuery({
    ...inboxQuery(),
    ...serverSeeded(initial),
    refetchInterval: useLivePoll(INBOX_POLL_MS),
    refetchIntervalInBackground: false,
  })
  const { alerts, openIncidents } = data
  if (!alerts.length) return <p className="text-sm text-slate-500">No alert waiting: every alert received is on an incident, or none came in.</p>
  return (
    <ul className="space-y-3" data-testid="alert-inbox">
      {alerts.map((a) => (
        <AlertRow key={`${a.id}-${a.version}`} alert={a} openIncidents={openIncidents} canAct={canAct} />
      ))}
    </ul>
  )
}
