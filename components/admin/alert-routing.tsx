'use client'
// /admin/alerts: explicit service mappings, routing rules and maintenance windows.

import { useState } from 'react'
import { createAlertRouteAction, createMaintenanceWindowAction, createServiceMappingAction, removeAlertRuleAction } from '@/app/(console)/admin/alerts/actions'
import { useAction } from '@/components/ui/use-action'
import type { RoutingView } from '@/lib/alerts/dto'
import { incidentSeverities } from '@/lib/alerts/schemas'
import { formatUtc } from '@/lib/incidents/clocks'
import { AdminForm, adminButton as button, adminField as field, useAdminForm } from './admin-form'

const alertSources = ['sns', 'eventbridge', 'alertmanager', 'webhook'] as const
const card = 'space-y-3 rounded-xl border border-slate-200 bg-white p-4 shadow-sm'

function Remove({ kind, id, label }: Readonly<{ kind: 'mapping' | 'route' | 'window'; id: string; label: string }>) {
  const { run, pending, notice } = useAction()
  return (
    <span className="shrink-0">
      <button type="button" disabled={pending} className={button} onClick={() => run(() => removeAlertRuleAction({ kind, id }))}>
        {kind === 'window' ? 'End now' : 'Remove'}
        <span className="sr-only"> {label}</span>
      </button>
      {notice && !notice.ok ? <span className="block text-xs text-red-700">{notice.text}</span> : null}
    </span>
  )
}

function ServiceSelect({
  value,
  onChange,
  services,
  blank,
}: Readonly<{ value: string; onChange: (v: string) => void; services: RoutingView['services']; blank: string }>) {
  return (
    <select value={value} onChange={(e) => onChange(e.target.value)} className={field}>
      <option value="">{blank}</option>
      {services.map((s) => (
        <option key={s.id} value={s.id}>
          {s.label}
        </option>
      ))}
    </select>
  )
}

function Mappings({ routing }: Readonly<{ routing: RoutingView }>) {
  const [pattern, setPattern] = useState('')
  const [serviceId, setServiceId] = useState('')
  const f = useAdminForm()
  return (
    <section className={card} aria-labelledby="alert-mappings">
      <h2 id="alert-mappings" className="text-sm font-semibold">
        Service mappings
      </h2>
      <p className="text-sm text-slate-600">
        Tried before the alarm&apos;s dimensions: an alarm name, alarm ARN or label (<code>key=value</code>) matching the pattern (<code>*</code> matches
        anything) concerns the service.
      </p>
      <ul className="divide-y divide-slate-100 text-sm">
        {routing.mappings.map((m) => (
          <li key={m.id} className="flex items-center justify-between gap-2 py-1.5">
            <span className="min-w-0 break-all">
              <code>{m.pattern}</code> → {m.service}
            </span>
            <Remove kind="mapping" id={m.id} label={`mapping ${m.pattern}`} />
          </li>
        ))}
        {routing.mappings.length === 0 ? <li className="py-1.5 text-slate-500">No mappings.</li> : null}
      </ul>
      <AdminForm
        form={f}
        submitLabel="Add mapping"
        onSubmit={() =>
          f.run(
            () => createServiceMappingAction({ pattern, serviceId }),
            `Mapped ${pattern}.`,
            () => setPattern(''),
          )
        }
      >
        <label className="min-w-48 flex-1">
          Alarm, ARN or label pattern
          <input value={pattern} onChange={(e) => setPattern(e.target.value)} className={field} placeholder="prod-checkout-*" />
          {f.err('pattern')}
        </label>
        <label className="min-w-48 flex-1">
          Mapping service
          <ServiceSelect value={serviceId} onChange={setServiceId} services={routing.services} blank="Choose…" />
          {f.err('serviceId')}
        </label>
      </AdminForm>
    </section>
  )
}

const describeRoute = (r: RoutingView['routes'][number]) => {
  const when = [
    r.source && `from ${r.source}`,
    r.environment && `in ${r.environment.toLowerCase()}`,
    r.service && `on ${r.service}`,
    r.namePattern && `titled "${r.namePattern}"`,
  ]
  const then = r.action === 'DECLARE' ? `declare ${r.severity ?? 'SEV2'}${r.runbookId ? ` with ${r.runbookId}` : ''}` : 'send to the inbox'
  return `Alerts ${when.filter(Boolean).join(', ')}: ${then}`
}

function Routes({ routing }: Readonly<{ routing: RoutingView }>) {
  const empty = { source: '', environment: '', serviceId: '', namePattern: '', action: 'DECLARE' as 'DECLARE' | 'INBOX', severity: '', runbookId: '' }
  const [r, setR] = useState(empty)
  const set = (k: keyof typeof empty) => (e: { target: { value: string } }) => setR({ ...r, [k]: e.target.value })
  const f = useAdminForm()
  return (
    <section className={card} aria-labelledby="alert-routes">
      <h2 id="alert-routes" className="text-sm font-semibold">
        Routing rules
      </h2>
      <p className="text-sm text-slate-600">
        Tried in order; the first rule whose every condition matches decides. With none, a production alert that means users are hurt declares a SEV2 with its
        runbook, and the rest wait in the inbox.
      </p>
      <ol className="list-decimal divide-y divide-slate-100 pl-5 text-sm">
        {routing.routes.map((x) => (
          <li key={x.id} className="py-1.5">
            <span className="flex items-center justify-between gap-2">
              <span className="min-w-0 break-words">{describeRoute(x)}</span>
              <Remove kind="route" id={x.id} label={describeRoute(x)} />
            </span>
          </li>
        ))}
      </ol>
      {routing.routes.length === 0 ? <p className="text-sm text-slate-500">No rules: the default applies.</p> : null}
      <AdminForm
        form={f}
        submitLabel="Add rule"
        onSubmit={() =>
          f.run(
            () => createAlertRouteAction({ ...r, ...(r.action === 'INBOX' ? { severity: '', runbookId: '' } : {}) }),
            'Rule added.',
            () => setR(empty),
          )
        }
      >
        <label>
          Alerts from
          <select value={r.source} onChange={set('source')} className={field}>
            <option value="">Any</option>
            {alertSources.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </label>
        <label>
          Environment
          <select value={r.environment} onChange={set('environment')} className={field}>
            <option value="">Any</option>
            <option value="PROD">prod</option>
            <option value="STAGING">staging</option>
            <option value="DEV">dev</option>
          </select>
        </label>
        <label className="min-w-40 flex-1">
          Rule service
          <ServiceSelect value={r.serviceId} onChange={(v) => setR({ ...r, serviceId: v })} services={routing.services} blank="Any" />
        </label>
        <label className="min-w-40 flex-1">
          Title pattern
          <input value={r.namePattern} onChange={set('namePattern')} className={field} placeholder="*latency*" />
          {f.err('namePattern')}
        </label>
        <label>
          Then
          <select value={r.action} onChange={set('action')} className={field}>
            <option value="DECLARE">Declare</option>
            <option value="INBOX">Inbox only</option>
          </select>
        </label>
        {r.action === 'DECLARE' ? (
          <>
            <label>
              Severity
              <select value={r.severity} onChange={set('severity')} className={field}>
                <option value="">SEV2</option>
                {incidentSeverities.map((s) => (
                  <option key={s}>{s}</option>
                ))}
              </select>
              {f.err('severity')}
            </label>
            <label className="min-w-40 flex-1">
              Runbook
              <select value={r.runbookId} onChange={set('runbookId')} className={field}>
                <option value="">The alarm&apos;s own</option>
                {routing.runbooks.map((b) => (
                  <option key={b.id} value={b.id}>
                    {b.title}
                  </option>
                ))}
              </select>
              {f.err('runbookId')}
            </label>
          </>
        ) : null}
      </AdminForm>
    </section>
  )
}

function Windows({ routing }: Readonly<{ routing: RoutingView }>) {
  const empty = { serviceId: '', startsAt: '', endsAt: '', reason: '' }
  const [w, setW] = useState(empty)
  const set = (k: keyof typeof empty) => (e: { target: { value: string } }) => setW({ ...w, [k]: e.target.value })
  const f = useAdminForm()
  return (
    <section className={card} aria-labelledby="maintenance-windows">
      <h2 id="maintenance-windows" className="text-sm font-semibold">
        Maintenance windows
      </h2>
      <p className="text-sm text-slate-600">While a window is open, the service&apos;s alerts are recorded and shown, but declare nothing and page nobody.</p>
      <ul className="divide-y divide-slate-100 text-sm">
        {routing.windows.map((x) => (
          <li key={x.id} className="flex items-center justify-between gap-2 py-1.5">
            <span className="min-w-0 break-words">
              {x.service}: {formatUtc(x.startsAt)} – {formatUtc(x.endsAt)} · {x.reason}
            </span>
            <Remove kind="window" id={x.id} label={`window for ${x.service}`} />
          </li>
        ))}
        {routing.windows.length === 0 ? <li className="py-1.5 text-slate-500">No window open or planned.</li> : null}
      </ul>
      <AdminForm
        form={f}
        submitLabel="Plan window"
        onSubmit={() =>
          f.run(
            () => createMaintenanceWindowAction(w),
            'Window planned.',
            () => setW(empty),
          )
        }
      >
        <label className="min-w-40 flex-1">
          Window service
          <ServiceSelect value={w.serviceId} onChange={(v) => setW({ ...w, serviceId: v })} services={routing.services} blank="Choose…" />
          {f.err('serviceId')}
        </label>
        <label>
          Starts (UTC)
          <input type="datetime-local" value={w.startsAt} onChange={set('startsAt')} className={field} />
          {f.err('startsAt')}
        </label>
        <label>
          Ends (UTC)
          <input type="datetime-local" value={w.endsAt} onChange={set('endsAt')} className={field} />
          {f.err('endsAt')}
        </label>
        <label className="min-w-40 flex-1">
          Reason
          <input value={w.reason} onChange={set('reason')} className={field} />
          {f.err('reason')}
        </label>
      </AdminForm>
    </section>
  )
}

export function AlertRouting({ routing }: Readonly<{ routing: RoutingView }>) {
  return (
    <div className="space-y-6">
      <Routes routing={routing} />
      <Mappings routing={routing} />
      <Windows routing={routing} />
    </div>
  )
}
