'use client'
// Registered PostgreSQL databases for live diagnostics: list, add, remove, and the RDS instance each
// runs on (its board row then offers them). Passwords go in once and never come back (the list has none to show).
import { useState, type FormEvent } from 'react'
import { linkDatabaseResourceAction, registerDatabaseAction, removeDatabaseAction } from '@/app/(console)/admin/databases/actions'
import { Card } from '@/components/ui/card'
import { FieldError } from '@/components/ui/field-error'
import { NoticeLine } from '@/components/ui/notice'
import { useAction } from '@/components/ui/use-action'
import type { DatabaseView } from '@/lib/databases/dto'
import { EnvironmentOptions } from '@/components/ui/environment-options'
import { environmentLabels, type Environment } from '@/lib/services/dto'

const fields = [
  ['name', 'Name', 'text'],
  ['team', 'Owning team', 'text'],
  ['host', 'Host', 'text'],
  ['port', 'Port', 'number'],
  ['dbname', 'Database', 'text'],
  ['username', 'Read-only role', 'text'],
  ['password', 'Its password', 'password'],
  ['actionUsername', 'Role for cancel/terminate (optional)', 'text'],
  ['actionPassword', 'Its password', 'password'],
] as const
type Field = (typeof fields)[number][0] | 'environment' | 'resourceId'
const blank: Record<Field, string> = {
  name: '',
  resourceId: '',
  environment: 'PROD',
  team: '',
  host: '',
  port: '5432',
  dbname: '',
  username: '',
  password: '',
  actionUsername: '',
  actionPassword: '',
}
const input = 'mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 text-sm'

type RdsOption = { id: string; name: string; region: string }

/** The RDS instances (resources of kind RDS) a database may run on, one database each. */
function RdsSelect({
  id,
  value,
  options,
  taken,
  onChange,
  className = input,
}: Readonly<{ id: string; value: string; options: RdsOption[]; taken: Set<string>; onChange: (v: string) => void; className?: string }>) {
  return (
    <select id={id} value={value} onChange={(e) => onChange(e.target.value)} className={className}>
      <option value="">Not linked</option>
      {options.map((r) => (
        <option key={r.id} value={r.id} disabled={taken.has(r.id) && r.id !== value}>
          {r.name} ({r.region}){taken.has(r.id) && r.id !== value ? ' · linked already' : ''}
        </option>
      ))}
    </select>
  )
}

export function DatabaseRegistry({
  databases,
  services,
  rdsResources,
}: Readonly<{ databases: DatabaseView[]; services: { id: string; name: string; environment: string }[]; rdsResources: RdsOption[] }>) {
  const taken = new Set(databases.flatMap((d) => (d.resource ? [d.resource.id] : [])))
  const [values, setValues] = useState(blank)
  const [linked, setLinked] = useState<string[]>([])
  const { run, pending, notice, fieldErrors: errors } = useAction()

  function submit(event: FormEvent) {
    event.preventDefault()
    run(
      () => registerDatabaseAction({ ...values, serviceIds: linked }),
      `${values.name} registered. Its passwords are stored encrypted and are not shown again.`,
      () => (setValues(blank), setLinked([])),
    )
  }

  function link(d: DatabaseView, resourceId: string) {
    const to = rdsResources.find((r) => r.id === resourceId)
    run(() => linkDatabaseResourceAction({ id: d.id, resourceId }), to ? `${d.name} runs on ${to.name}.` : `${d.name} is no longer linked to an RDS instance.`)
  }

  function remove(d: DatabaseView) {
    if (!window.confirm(`Remove ${d.name}? Its runbook diagnostics stop working until it is registered again.`)) return
    run(() => removeDatabaseAction({ id: d.id }), `${d.name} removed.`)
  }

  return (
    <div className="grid grid-cols-[minmax(0,1fr)] items-start gap-6 xl:grid-cols-[minmax(0,1fr)_22rem]">
      <Card title={`Databases (${databases.length})`}>
        <NoticeLine notice={notice} className="mx-4 mt-3" />
        {databases.length === 0 ? <p className="p-4 text-sm text-slate-600">No database is registered yet.</p> : null}
        <ul className="divide-y divide-slate-100" aria-label="Registered databases">
          {databases.map((d) => (
            <li key={d.id} className="flex flex-wrap items-start justify-between gap-2 px-4 py-3 text-sm">
              <div className="min-w-0">
                <p className="font-medium">
                  {d.name} <span className="text-xs font-normal text-slate-500">{environmentLabels[d.environment as Environment] ?? d.environment}</span>
                </p>
                <p className="break-all font-mono text-xs text-slate-600">
                  {d.username}@{d.host}:{d.port}/{d.dbname}
                </p>
                <p className="text-xs text-slate-600">
                  {d.team}
                  {d.services.length ? ` · used by ${d.services.map((s) => s.name).join(', ')}` : ''}
                  {' · '}
                  {d.actionUsername ? `cancel/terminate as ${d.actionUsername}` : 'no role for cancel/terminate (read-only)'}
                </p>
                {rdsResources.length ? (
                  <div className="mt-1 flex flex-wrap items-center gap-2 text-xs">
                    <label htmlFor={`db-rds-${d.id}`} className="text-slate-600">
                      RDS instance
                    </label>
                    <RdsSelect
                      id={`db-rds-${d.id}`}
                      value={d.resource?.id ?? ''}
                      options={rdsResources}
                      taken={taken}
                      onChange={(v) => link(d, v)}
                      className="w-56 max-w-full rounded-md border border-slate-300 px-2 py-1 text-xs"
                    />
                  </div>
                ) : null}
              </div>
              <button
                type="button"
                disabled={pending}
                onClick={() => remove(d)}
                className="rounded px-2 py-0.5 text-xs font-medium text-red-700 ring-1 ring-red-200 hover:bg-red-50"
              >
                Remove<span className="sr-only"> {d.name}</span>
              </button>
            </li>
          ))}
        </ul>
      </Card>

      <Card title="Register a database">
        <form onSubmit={submit} className="space-y-3 p-4" autoComplete="off">
          <div>
            <label htmlFor="db-environment" className="block text-sm font-medium">
              Environment
            </label>
            <select id="db-environment" value={values.environment} onChange={(e) => setValues({ ...values, environment: e.target.value })} className={input}>
              <EnvironmentOptions />
            </select>
          </div>
          {fields.map(([f, label, type]) => (
            <div key={f}>
              <label htmlFor={`db-${f}`} className="block text-sm font-medium">
                {label}
              </label>
              <input
                id={`db-${f}`}
                type={type}
                value={values[f]}
                autoComplete={type === 'password' ? 'new-password' : 'off'}
                onChange={(e) => setValues({ ...values, [f]: e.target.value })}
                aria-invalid={errors[f] ? true : undefined}
                aria-describedby={errors[f] ? `db-${f}-error` : undefined}
                className={input}
              />
              <FieldError id={`db-${f}-error`} messages={errors[f]} />
            </div>
          ))}
          {rdsResources.length ? (
            <div>
              <label htmlFor="db-resourceId" className="block text-sm font-medium">
                RDS instance it runs on (optional)
              </label>
              <RdsSelect
                id="db-resourceId"
                value={values.resourceId}
                options={rdsResources}
                taken={taken}
                onChange={(v) => setValues({ ...values, resourceId: v })}
              />
              <FieldError id="db-resourceId-error" messages={errors.resourceId} />
            </div>
          ) : null}
          <fieldset>
            <legend className="text-sm font-medium">Services that use it (optional)</legend>
            <div className="mt-1 max-h-40 space-y-1 overflow-y-auto rounded-md border border-slate-200 p-2 text-sm">
              {services.map((s) => (
                <label key={s.id} className="flex items-center gap-2">
                  <input
                    type="checkbox"
                    checked={linked.includes(s.id)}
                    onChange={(e) => setLinked(e.target.checked ? [...linked, s.id] : linked.filter((x) => x !== s.id))}
                  />
                  {s.name} <span className="text-xs text-slate-500">{s.environment.toLowerCase()}</span>
                </label>
              ))}
            </div>
          </fieldset>
          <p className="text-xs text-slate-600">
            Diagnostics connect as the read-only role (grant it <code>pg_read_all_stats</code>); cancel and terminate as the second role (grant it{' '}
            <code>pg_signal_backend</code>). Passwords are encrypted with DATABASE_CREDENTIALS_KEY and never shown again.
          </p>
          <button
            type="submit"
            disabled={pending}
            className="w-full rounded-md bg-brand-600 px-3 py-2 text-sm font-semibold text-white hover:bg-brand-700 disabled:opacity-60"
          >
            Register database
          </button>
        </form>
      </Card>
    </div>
  )
}
