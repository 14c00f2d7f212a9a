import Link from 'next/link'
import type { ReactNode } from 'react'
import { SeverityBadge } from '@/components/incidents/badges'
import { formatUtc } from '@/lib/incidents/clocks'
import { formatMinutes } from '@/lib/incidents/policy'
import type { PostMortemFacts } from '@/lib/postmortems/dto'

const when = (iso: string | null) => (iso ? formatUtc(iso) : '—')
const took = (minutes: number | null) => (minutes == null ? '' : formatMinutes(minutes))

function Target({ met, within }: Readonly<{ met: boolean | null; within: number | null }>) {
  if (within == null || met == null) return null
  return (
    <span className={`ml-1 text-xs font-semibold ${met ? 'text-green-700' : 'text-red-700'}`}>
      {met ? '✓' : '✗'} target {formatMinutes(within)}
    </span>
  )
}

const statusColour = (status: string) => (status === 'critical' ? 'text-red-700 font-semibold' : status === 'degraded' ? 'text-amber-700' : 'text-slate-700')

/** The facts gathered from the incident, read-only: nobody retypes them. */
export function FactsPanel({ facts }: Readonly<{ facts: PostMortemFacts }>) {
  const f = facts
  const rows: [string, string, ReactNode][] = [
    ['Declared', when(f.times.declaredAt), null],
    [
      'Acknowledged',
      when(f.times.acknowledgedAt),
      f.durations.toAcknowledge != null ? (
        <>
          after {took(f.durations.toAcknowledge)}
          <Target met={f.targets.ackMet} within={f.targets.ackWithinMinutes} />
        </>
      ) : null,
    ],
    ['Mitigated', when(f.times.mitigatedAt), f.durations.toMitigate != null ? `after ${took(f.durations.toMitigate)}` : null],
    [
      'Resolved',
      when(f.times.resolvedAt),
      f.durations.toResolve != null ? (
        <>
          after {took(f.durations.toResolve)}
          <Target met={f.targets.resolveMet} within={f.targets.resolveWithinMinutes} />
        </>
      ) : null,
    ],
  ]
  return (
    <section aria-labelledby="facts-heading" className="rounded-xl border border-slate-200 bg-white shadow-sm" data-testid="facts">
      <h2 id="facts-heading" className="flex items-center gap-2 border-b border-slate-100 px-4 py-3 text-sm font-semibold">
        Facts <span className="font-normal text-slate-500">from the incident, UTC</span>
      </h2>
      <div className="space-y-4 p-4 text-sm">
        <div className="flex flex-wrap items-center gap-2">
          <SeverityBadge severity={f.incident.severity} long />
          <Link href={`/incidents/${f.incident.id}`} className="font-mono text-xs text-brand-700 hover:underline">
            {f.incident.ref}
          </Link>
          {f.incident.reopenCount ? (
            <span className="text-xs text-amber-700">
              reopened {f.incident.reopenCount}×, last {when(f.times.reopenedAt)}
            </span>
          ) : null}
        </div>
        <dl className="grid grid-cols-[7rem_minmax(0,1fr)] gap-x-3 gap-y-1">
          {rows.map(([label, value, extra]) => (
            <div key={label} className="contents">
              <dt className="text-slate-500">{label}</dt>
              <dd className="tabular-nums">
                {value} {extra ? <span className="text-xs text-slate-600">{extra}</span> : null}
              </dd>
            </div>
          ))}
          <dt className="text-slate-500">Impact</dt>
          <dd>{f.incident.impact}</dd>
          <dt className="text-slate-500">Services</dt>
          <dd>{f.services.length ? f.services.map((s) => `${s.name} (${s.environment.toLowerCase()})`).join(', ') : 'none named'}</dd>
        </dl>

        <div>
          <h3 className="text-xs font-semibold uppercase tracking-wide text-slate-500">Responders</h3>
          <ul className="mt-1 space-y-0.5">
            {f.responders.map((r) => (
              <li key={r.id}>
                <span className="font-medium">{r.name}</span> <span className="text-xs text-slate-500">{r.roles.join(', ')}</span>
              </li>
            ))}
          </ul>
        </div>

        <div>
          <h3 className="text-xs font-semibold uppercase tracking-wide text-slate-500">Remediation ({f.remediations.length})</h3>
          {f.remediations.length ? (
            <ul className="mt-1 space-y-1">
              {f.remediations.map((r) => (
                <li key={r.id}>
                  <span className="font-mono text-xs text-slate-500">{r.at.slice(11, 16)}</span> {r.preview}{' '}
                  <span
                    className={`text-xs font-semibold ${r.status === 'SUCCEEDED' ? 'text-green-700' : r.status === 'FAILED' ? 'text-red-700' : 'text-slate-600'}`}
                  >
                    {r.status === 'NOTED' ? 'noted on the timeline' : r.status.toLowerCase().replace('_', ' ')}
                  </span>
                  {r.error ? <span className="block text-xs text-red-700">{r.error}</span> : null}
                  <span className="block text-xs text-slate-500">
                    {r.service ? `${r.service}, ` : ''}by {r.requester}
                    {r.approver ? `, approved by ${r.approver}` : ''}
                  </span>
                </li>
              ))}
            </ul>
          ) : (
            <p className="mt-1 text-slate-500">No remediation was run from the console.</p>
          )}
        </div>

        <div>
          <h3 className="text-xs font-semibold uppercase tracking-wide text-slate-500">Runbooks used ({f.runbooks.length})</h3>
          {f.runbooks.length ? (
            <ul className="mt-1 space-y-0.5">
              {f.runbooks.map((r) => (
                <li key={r.runbookId}>
                  <Link href={`/runbooks/${r.runbookId}`} className="text-brand-700 hover:underline">
                    {r.title}
                  </Link>{' '}
                  <span className="text-xs text-slate-500">
                    {r.done} done, {r.skipped} skipped{r.total != null ? ` of ${r.total}` : ''}
                  </span>
                </li>
              ))}
            </ul>
          ) : (
            <p className="mt-1 text-slate-500">None followed in the console.</p>
          )}
        </div>

        <details>
          <summary className="cursor-pointer text-xs font-semibold uppercase tracking-wide text-slate-500">
            Status updates sent ({f.statusUpdates.length})
          </summary>
          <ul className="mt-1 space-y-1.5">
            {f.statusUpdates.map((u) => (
              <li key={u.entryId}>
                <span className="font-mono text-xs text-slate-500">{formatUtc(u.at)}</span>{' '}
                <span className="text-xs text-slate-500">
                  ({u.kind}
                  {u.author ? `, ${u.author}` : ''})
                </span>
                <p className="whitespace-pre-wrap text-xs text-slate-700">{u.text}</p>
              </li>
            ))}
          </ul>
        </details>

        {f.alerts.length ? (
          <details>
            <summary className="cursor-pointer text-xs font-semibold uppercase tracking-wide text-slate-500">Alerts ({f.alerts.length})</summary>
            <ul className="mt-1 space-y-1.5">
              {f.alerts.map((a) => (
                <li key={`${a.source}/${a.title}/${a.firstSeenAt}`} className="text-xs">
                  <span className="font-mono text-slate-500">{formatUtc(a.firstSeenAt)}</span> {a.title}{' '}
                  <span className="text-slate-500">
                    ({a.source}
                    {a.count > 1 ? `, ${a.count} times` : ''})
                  </span>
                  <p className="text-slate-700">{a.reason}</p>
                </li>
              ))}
            </ul>
          </details>
        ) : null}

        <details>
          <summary className="cursor-pointer text-xs font-semibold uppercase tracking-wide text-slate-500">Evidence attached ({f.snapshots.length})</summary>
          <ul className="mt-1 space-y-2">
            {f.snapshots.map((s) => (
              <li key={s.entryId}>
                <p className="text-xs">
                  <span className="font-mono text-slate-500">{formatUtc(s.at)}</span> {s.label}
                  {s.label === 'Diagnostic' && s.summary ? `: ${s.summary}` : ''}
                </p>
                {s.services.length ? (
                  <ul className="ml-3 text-xs">
                    {s.services.map((svc) => (
                      <li key={`${svc.name}/${svc.cluster}`}>
                        {svc.name}
                        {svc.cluster ? ` (${svc.cluster})` : ''}: <span className={statusColour(svc.status)}>{svc.status}</span>
                        {svc.reason ? ` · ${svc.reason}` : ''}
                      </li>
                    ))}
                  </ul>
                ) : null}
              </li>
            ))}
          </ul>
        </details>
      </div>
    </section>
  )
}
