'use client'

import { useState, type FormEvent, type ReactNode } from 'react'
import { FieldError } from '@/components/ui/field-error'
import { NoticeLine, type Notice } from '@/components/ui/notice'

export type InjectChoice = { value: string; label: string; description: string }

export const selectClass = 'mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 text-sm'
const injectClass = 'rounded-md bg-red-600 px-3 py-2 text-sm font-semibold text-white hover:bg-red-700 disabled:opacity-60'

/**
 * The one game-day inject form: a list of choices with the chosen one's description under
 * it, an optional service to aim at, the red inject button (and any buttons beside it), and
 * the action's notice. Failures on a service and account-wide AWS faults both use it.
 */
export function InjectForm({
  id,
  field,
  label,
  choices,
  services,
  submit,
  pending,
  notice,
  fieldErrors,
  onInject,
  fields,
  children,
}: Readonly<{
  id: string
  /** The action's input field the choice goes to, for its field errors. */
  field: string
  label: string
  choices: readonly InjectChoice[]
  /** When given, a "Service" list first: the inject button needs one chosen. */
  services?: { id: string; label: string }[]
  submit: string
  pending: boolean
  notice: Notice
  fieldErrors: Record<string, string[]>
  onInject: (choice: InjectChoice, serviceId: string) => void
  /** More fields, after the choice. */
  fields?: ReactNode
  /** Buttons beside the inject button. */
  children?: ReactNode
}>) {
  const [value, setValue] = useState(choices[0].value)
  const [serviceId, setServiceId] = useState(services?.[0]?.id ?? '')
  const chosen = choices.find((c) => c.value === value) ?? choices[0]

  function inject(event: FormEvent) {
    event.preventDefault()
    onInject(chosen, serviceId)
  }

  const button = (
    <button type="submit" disabled={pending || (services !== undefined && !serviceId)} className={children ? injectClass : `w-full ${injectClass}`}>
      {submit}
    </button>
  )
  return (
    <form onSubmit={inject} className="space-y-3 p-4">
      {services ? (
        <div>
          <label htmlFor="gd-service" className="block text-sm font-medium">
            Service
          </label>
          <select id="gd-service" value={serviceId} onChange={(e) => setServiceId(e.target.value)} className={selectClass}>
            {services.map((s) => (
              <option key={s.id} value={s.id}>
                {s.label}
              </option>
            ))}
          </select>
          <FieldError messages={fieldErrors.serviceId} />
        </div>
      ) : null}
      <div>
        <label htmlFor={id} className="block text-sm font-medium">
          {label}
        </label>
        <select id={id} value={value} onChange={(e) => setValue(e.target.value)} className={selectClass} aria-describedby={`${id}-help`}>
          {choices.map((c) => (
            <option key={c.value} value={c.value}>
              {c.label}
            </option>
          ))}
        </select>
        <p id={`${id}-help`} className="mt-1 text-xs text-slate-600">
          {chosen.description}
        </p>
        <FieldError messages={fieldErrors[field]} />
      </div>
      {fields}
      {children ? (
        <div className="flex flex-wrap gap-2">
          {button}
          {children}
        </div>
      ) : (
        button
      )}
      <NoticeLine notice={notice} />
    </form>
  )
}
