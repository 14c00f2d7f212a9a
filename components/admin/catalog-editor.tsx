'use client'

import { useState, type FormEvent } from 'react'
import { createServiceAction, deleteServiceAction, importClusterAction, updateServiceAction } from '@/app/(console)/admin/services/actions'
import { Card } from '@/components/ui/card'
import { FieldError } from '@/components/ui/field-error'
import { NoticeLine } from '@/components/ui/notice'
import { useAction } from '@/components/ui/use-action'
import { AwsImportForm, importField } from './aws-import-form'
import { EnvironmentOptions } from '@/components/ui/environment-options'
import { environmentLabels, type ServiceSummary } from '@/lib/services/dto'

const fields = ['name', 'environment', 'region', 'cluster', 'ecsServiceName', 'team', 'targetGroupArn', 'healthUrl'] as const
type Field = (typeof fields)[number]
const labels: Record<Field, string> = {
  name: 'Display name',
  environment: 'Environment',
  region: 'Region',
  cluster: 'ECS cluster',
  ecsServiceName: 'ECS service name',
  team: 'Owning team',
  targetGroupArn: 'Target group ARN (optional)',
  healthUrl: 'Health URL (optional)',
}
const blank: Record<Field, string> = {
  name: '',
  environment: 'PROD',
  region: 'us-east-1',
  cluster: '',
  ecsServiceName: '',
  team: '',
  targetGroupArn: '',
  healthUrl: '',
}

export function CatalogEditor({ services }: Readonly<{ services: ServiceSummary[] }>) {
  const [editing, setEditing] = useState<string | null>(null)
  const [values, setValues] = useState<Record<Field, string>>(blank)
  const { run, pending, notice, fieldErrors: errors, setFieldErrors: setErrors } = useAction()

  function edit(s: ServiceSummary) {
    setEditing(s.id)
    setErrors({})
    setValues(Object.fromEntries(fields.map((f) => [f, String(s[f] ?? '')])) as Record<Field, string>)
  }

  function submit(event: FormEvent) {
    event.preventDefault()
    run(
      () => (editing ? updateServiceAction({ ...values, id: editing }) : createServiceAction(values)),
      `${values.name} ${editing ? 'updated' : 'added to the catalog'}.`,
      () => (setEditing(null), setValues(blank)),
    )
  }

  function remove(s: ServiceSummary) {
    if (!window.confirm(`Remove ${s.name} (${s.cluster}) from the catalog? Incident Command stops watching it.`)) return
    run(() => deleteServiceAction({ id: s.id }), `${s.name} removed from the catalog.`)
  }

  return (
    <div className="grid grid-cols-[minmax(0,1fr)] items-start gap-6 xl:grid-cols-[minmax(0,1fr)_20rem]">
      <Card title={`Services (${services.length})`}>
        <NoticeLine notice={notice} className="mx-4 mt-3" />
        <div className="relative overflow-x-auto">
          <table className="w-full text-left text-sm">
            <thead className="text-xs uppercase text-slate-500">
              <tr>
                <th scope="col" className="px-4 py-2 font-medium">
                  Service
                </th>
                <th scope="col" className="px-4 py-2 font-medium">
                  Where
                </th>
                <th scope="col" className="px-4 py-2 font-medium">
                  Team
                </th>
                <th scope="col" className="px-4 py-2 font-medium">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {services.map((s) => (
                <tr key={s.id} className={editing === s.id ? 'bg-brand-50' : undefined}>
                  <td className="px-4 py-2">
                    <p className="font-medium">{s.name}</p>
                    <p className="font-mono text-xs text-slate-500">{s.ecsServiceName}</p>
                  </td>
                  <td className="px-4 py-2 text-xs text-slate-600">
                    {environmentLabels[s.environment]} · {s.cluster} · {s.region}
                  </td>
                  <td className="px-4 py-2 text-slate-600">{s.team}</td>
                  <td className="whitespace-nowrap px-4 py-2 text-right">
                    <button type="button" onClick={() => edit(s)} className="rounded px-2 py-0.5 text-xs font-medium ring-1 ring-slate-300 hover:bg-slate-100">
                      Edit
                      <span className="sr-only">
                        {' '}
                        {s.name} in {s.cluster}
                      </span>
                    </button>{' '}
                    <button
                      type="button"
                      disabled={pending}
                      onClick={() => remove(s)}
                      className="rounded px-2 py-0.5 text-xs font-medium text-red-700 ring-1 ring-red-200 hover:bg-red-50"
                    >
                      Remove
                      <span className="sr-only">
                        {' '}
                        {s.name} in {s.cluster}
                      </span>
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Card>

      <div className="space-y-6">
        <ImportCluster />
        <Card title={editing ? 'Edit service' : 'Add a service'}>
          <form onSubmit={submit} className="space-y-3 p-4">
            {fields.map((f) => (
              <div key={f}>
                <label htmlFor={`svc-${f}`} className="block text-sm font-medium">
                  {labels[f]}
                </label>
                {f === 'environment' ? (
                  <select
                    id={`svc-${f}`}
                    value={values[f]}
                    onChange={(e) => setValues({ ...values, [f]: e.target.value })}
                    className="mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 text-sm"
                  >
                    <EnvironmentOptions />
                  </select>
                ) : (
                  <input
                    id={`svc-${f}`}
                    value={values[f]}
                    onChange={(e) => setValues({ ...values, [f]: e.target.value })}
                    aria-invalid={errors[f] ? true : undefined}
                    aria-describedby={errors[f] ? `svc-${f}-error` : undefined}
                    className="mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 text-sm"
                  />
                )}
                <FieldError id={`svc-${f}-error`} messages={errors[f]} />
              </div>
            ))}
            <div className="flex gap-2">
              <button
                type="submit"
                disabled={pending}
                className="flex-1 rounded-md bg-brand-600 px-3 py-2 text-sm font-semibold text-white hover:bg-brand-700 disabled:opacity-60"
              >
                {editing ? 'Save changes' : 'Add service'}
              </button>
              {editing ? (
                <button
                  type="button"
                  onClick={() => (setEditing(null), setValues(blank), setErrors({}))}
                  className="rounded-md px-3 py-2 text-sm ring-1 ring-slate-300"
                >
                  Cancel
                </button>
              ) : null}
            </div>
          </form>
        </Card>
      </div>
    </div>
  )
}

function ImportCluster() {
  return (
    <AwsImportForm
      title="Import a cluster from ECS"
      submitLabel="Import services"
      pendingLabel="Listing services…"
      nothingNew="Every service of that cluster is already in the catalog."
      importAction={(v) => importClusterAction({ region: v('region'), cluster: v('cluster'), environment: v('environment'), team: v('team') })}
    >
      <label className="col-span-2 font-medium">
        ECS cluster
        <input name="cluster" required className={importField} placeholder="shop-prod" />
      </label>
    </AwsImportForm>
  )
}
