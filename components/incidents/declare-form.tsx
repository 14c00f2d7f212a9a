'use client'

import Link from 'next/link'
import { useRouter } from 'next/navigation'
import { useState, type FormEvent } from 'react'
import { declareIncidentAction } from '@/app/(console)/incidents/actions'
import { FieldError } from '@/components/ui/field-error'
import { useAction } from '@/components/ui/use-action'
import { useHydrated } from '@/components/ui/use-hydrated'
import type { SeverityPolicyRow } from '@/lib/incidents/dto'
import {
  describePolicy,
  severityForScope,
  severityMeanings,
  userImpactQuestions,
  userImpactScopes,
  type Severity,
  type UserImpactScope,
} from '@/lib/incidents/policy'
import { environmentLabels, environments, type Environment } from '@/lib/services/dto'
import type { OpenIncidentRef } from '@/lib/incidents/dto'
import type { DeclareDraft } from '@/lib/incidents/draft'
import { formatAge, SeverityBadge } from './badges'

type ServiceOption = { id: string; name: string; cluster: string; environment: Environment }
const input = 'mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 text-sm shadow-sm'

/** Shown instead of declaring when a chosen service already has an open incident: join it, or declare anyway. */
function AlreadyOpen({ list, at, chosen, pending }: Readonly<{ list: OpenIncidentRef[]; at: number; chosen: string[]; pending: boolean }>) {
  return (
    <div role="alert" className="rounded-md border-2 border-amber-400 bg-amber-50 px-3 py-3 text-sm text-amber-950" data-testid="already-open">
      <p className="font-semibold">
        {list.length === 1 ? 'A service you named already has an open incident.' : 'Services you named already have open incidents.'} Join it instead of
        declaring a duplicate?
      </p>
      <ul className="mt-2 space-y-2">
        {list.map((i) => (
          <li key={i.id} className="flex flex-wrap items-center gap-x-2 gap-y-1">
            <SeverityBadge severity={i.severity} />
            <span className="font-mono text-xs">{i.ref}</span>
            <span className="min-w-0 break-words">{i.title}</span>
            <span className="text-xs text-amber-900">
              open {formatAge((at - Date.parse(i.declaredAt)) / 60_000)} ·{' '}
              {i.services
                .filter((s) => chosen.includes(s.id))
                .map((s) => `${s.name} (${s.cluster})`)
                .join(', ')}
            </span>
            <Link href={`/incidents/${i.id}`} className="rounded-md bg-amber-900 px-2 py-1 text-xs font-semibold text-white hover:bg-amber-950">
              Join {i.ref} →
            </Link>
          </li>
        ))}
      </ul>
      <button
        type="submit"
        data-anyway="1"
        disabled={pending}
        className="mt-3 rounded-md px-3 py-1.5 text-sm font-medium text-red-800 ring-1 ring-red-300 hover:bg-red-50 disabled:opacity-50"
      >
        Declare anyway (a separate incident)
      </button>
    </div>
  )
}

export function DeclareForm({
  services,
  people,
  me,
  policy,
  preselected,
  draft = null,
}: Readonly<{
  services: ServiceOption[]
  people: { id: string; name: string }[]
  me: string
  policy: SeverityPolicyRow[]
  preselected: string[]
  /** Proposed from the one preselected service's live health: everything stays editable. */
  draft?: DeclareDraft | null
}>) {
  const router = useRouter()
  const hydrated = useHydrated()
  // One key per form: a double click or a retry declares the same incident once.
  const [idempotencyKey] = useState(() => crypto.randomUUID())
  const [scope, setScope] = useState<UserImpactScope | null>(draft?.scope ?? null)
  const [severity, setSeverity] = useState<Severity>(draft?.severity ?? 'SEV2')
  const [chosen, setChosen] = useState<string[]>(preselected)
  const { run, pending, notice, fieldErrors: errors } = useAction()
  const [openIncidents, setOpenIncidents] = useState<{ list: OpenIncidentRef[]; at: number } | null>(null)
  const row = policy.find((p) => p.severity === severity)!
  const d = describePolicy(row)

  function pickScope(s: UserImpactScope) {
    setScope(s)
    setSeverity(severityForScope(s))
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    const form = new FormData(event.currentTarget)
    const declareAnyway = (event.nativeEvent as SubmitEvent).submitter?.dataset.anyway === '1'
    run(
      () =>
        declareIncidentAction({
          idempotencyKey,
          title: String(form.get('title') ?? ''),
          impact: String(form.get('impact') ?? ''),
          severity,
          serviceIds: chosen,
          commanderId: String(form.get('commanderId') ?? '') || null,
          declareAnyway,
          runbookId: String(form.get('runbookId') ?? ''),
        }),
      undefined,
      (data) => ('openIncidents' in data ? setOpenIncidents({ list: data.openIncidents, at: Date.now() }) : router.push(`/incidents/${data.id}`)),
    )
  }

  return (
    <form onSubmit={submit} method="post" className="grid grid-cols-[minmax(0,1fr)] items-start gap-6 lg:grid-cols-[minmax(0,1fr)_22rem]">
      <div className="space-y-5 rounded-xl border border-slate-200 bg-white p-5 shadow-sm">
        {notice && !notice.ok ? (
          <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
            {notice.text}
          </p>
        ) : null}
        {openIncidents ? <AlreadyOpen list={openIncidents.list} at={openIncidents.at} chosen={chosen} pending={pending} /> : null}
        {draft ? (
          <p className="rounded-md bg-sky-50 px-3 py-2 text-sm text-sky-950" data-testid="declare-draft">
            Drafted from the service&apos;s live health: title, impact, severity and runbook. Check them and change anything before you declare.
          </p>
        ) : null}
        <div>
          <label htmlFor="title" className="block text-sm font-medium">
            Title
          </label>
          <input
            id="title"
            name="title"
            required
            maxLength={200}
            defaultValue={draft?.title}
            placeholder="Checkout failing with 502s"
            className={input}
            aria-describedby="title-error"
          />
          <FieldError id="title-error" messages={errors.title} />
        </div>
        <div>
          <label htmlFor="impact" className="block text-sm font-medium">
            Impact
          </label>
          <textarea
            id="impact"
            name="impact"
            required
            rows={3}
            maxLength={2000}
            defaultValue={draft?.impact}
            placeholder="Who is affected and how: about 60% of orders fail at payment"
            className={input}
            aria-describedby="impact-error"
          />
          <FieldError id="impact-error" messages={errors.impact} />
        </div>

        <fieldset>
          <legend className="text-sm font-medium">Affected services</legend>
          <p className="text-xs text-slate-500">Their live health is attached to the timeline when you declare.</p>
          <div className="mt-2 grid grid-cols-[minmax(0,1fr)] max-h-64 gap-3 overflow-y-auto rounded-md border border-slate-200 p-3 sm:grid-cols-2">
            {environments.map((env) => {
              const inEnv = services.filter((s) => s.environment === env)
              if (!inEnv.length) return null
              return (
                <div key={env}>
                  <p className="mb-1 text-xs font-semibold uppercase text-slate-500">{environmentLabels[env]}</p>
                  {inEnv.map((s) => (
                    <label key={s.id} className="flex items-center gap-2 py-0.5 text-sm">
                      <input
                        type="checkbox"
                        checked={chosen.includes(s.id)}
                        onChange={(e) => setChosen(e.target.checked ? [...chosen, s.id] : chosen.filter((id) => id !== s.id))}
                      />
                      {s.name} <span className="text-xs text-slate-500">{s.cluster}</span>
                    </label>
                  ))}
                </div>
              )
            })}
          </div>
          <FieldError id="services-error" messages={errors.serviceIds} />
        </fieldset>

        <div>
          <label htmlFor="commanderId" className="block text-sm font-medium">
            Incident commander
          </label>
          <select id="commanderId" name="commanderId" defaultValue={me} className={input}>
            {people.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
                {p.id === me ? ' (you)' : ''}
              </option>
            ))}
          </select>
        </div>
      </div>

      <div className="space-y-4">
        <fieldset className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm">
          <legend className="px-1 text-sm font-semibold">How many users are affected?</legend>
          <div className="mt-1 space-y-1">
            {userImpactScopes.map((s) => (
              <label key={s} className="flex items-center gap-2 text-sm">
                <input type="radio" name="scope" checked={scope === s} onChange={() => pickScope(s)} />
                {userImpactQuestions[s]}
                <span className="ml-auto text-xs text-slate-500">{severityForScope(s)}</span>
              </label>
            ))}
          </div>
        </fieldset>

        <fieldset className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm">
          <legend className="px-1 text-sm font-semibold">Severity</legend>
          <div className="mt-1 grid grid-cols-4 gap-1" role="radiogroup" aria-label="Severity">
            {policy.map((p) => (
              <label
                key={p.severity}
                className={`cursor-pointer rounded-md border px-2 py-1.5 text-center text-sm font-semibold has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-offset-2 has-[:focus-visible]:outline-brand-500 ${severity === p.severity ? 'border-slate-900 bg-slate-900 text-white' : 'border-slate-300 hover:bg-slate-50'}`}
              >
                <input
                  type="radio"
                  name="severity"
                  value={p.severity}
                  checked={severity === p.severity}
                  onChange={() => setSeverity(p.severity)}
                  className="sr-only"
                />
                {p.severity}
              </label>
            ))}
          </div>
          {scope && severityForScope(scope) !== severity ? (
            <p className="mt-2 text-xs text-amber-800">The answer above suggests {severityForScope(scope)}.</p>
          ) : null}
          <div className="mt-3 rounded-md bg-slate-50 p-3 text-sm" data-testid="severity-meaning">
            <p className="flex items-center gap-2 font-medium">
              <SeverityBadge severity={severity} long /> {severityMeanings[severity].summary}
            </p>
            <dl className="mt-2 grid grid-cols-[8.5rem_1fr] gap-y-1 text-xs">
              <dt className="text-slate-500">Acknowledge within</dt>
              <dd>{d.acknowledge}</dd>
              <dt className="text-slate-500">Resolve within</dt>
              <dd>{d.resolve}</dd>
              <dt className="text-slate-500">Status updates</dt>
              <dd>{d.updates}</dd>
              <dt className="text-slate-500">Escalate</dt>
              <dd>{d.escalate}</dd>
              <dt className="text-slate-500">Post-mortem</dt>
              <dd>{d.postmortem}</dd>
            </dl>
          </div>
        </fieldset>

        {draft?.runbooks.length ? (
          <div className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm">
            <label htmlFor="runbookId" className="block text-sm font-semibold">
              Start a runbook on declare
            </label>
            <select id="runbookId" name="runbookId" defaultValue={draft.runbooks[0].id} className={input} aria-describedby="runbook-why">
              {draft.runbooks.map((r) => (
                <option key={r.id} value={r.id}>
                  {r.title}
                </option>
              ))}
              <option value="">No runbook now</option>
            </select>
            <p id="runbook-why" className="mt-1 text-xs text-slate-600">
              Suggested because: {draft.runbooks[0].why.join('; ') || 'it fits the service’s health'}
            </p>
            <FieldError id="runbook-error" messages={errors.runbookId} />
          </div>
        ) : null}

        <button
          type="submit"
          disabled={pending || !hydrated}
          className="w-full rounded-md bg-red-600 px-3 py-2.5 text-sm font-semibold text-white shadow-sm hover:bg-red-700 disabled:opacity-60"
        >
          {pending ? 'Declaring…' : `Declare ${severity} incident`}
        </button>
      </div>
    </form>
  )
}
