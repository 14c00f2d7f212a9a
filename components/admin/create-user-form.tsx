'use client'

import { useRef, type FormEvent } from 'react'
import { createUserAction } from '@/app/(console)/admin/actions'
import { Card } from '@/components/ui/card'
import { FieldError } from '@/components/ui/field-error'
import { NoticeLine } from '@/components/ui/notice'
import { useAction } from '@/components/ui/use-action'
import { roleLabels, roles } from '@/lib/auth/permissions'

const inputClass = 'mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 text-sm shadow-sm'

export function CreateUserForm() {
  const formRef = useRef<HTMLFormElement>(null)
  const { run, pending, notice: message, fieldErrors: errors } = useAction()

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    const form = new FormData(event.currentTarget)
    const input = Object.fromEntries(['email', 'name', 'role', 'password'].map((k) => [k, String(form.get(k) ?? '')]))
    run(
      () => createUserAction(input),
      (user) => `${user.email} can now sign in.`,
      () => formRef.current?.reset(),
    )
  }

  return (
    <Card title="Add a local user" className="self-start">
      <form ref={formRef} onSubmit={onSubmit} method="post" className="space-y-3 p-4">
        <NoticeLine notice={message} />
        <div>
          <label htmlFor="new-name" className="block text-sm font-medium">
            Name
          </label>
          <input id="new-name" name="name" required className={inputClass} aria-describedby="new-name-error" />
          <FieldError id="new-name-error" messages={errors.name} />
        </div>
        <div>
          <label htmlFor="new-email" className="block text-sm font-medium">
            Email
          </label>
          <input id="new-email" name="email" type="email" required className={inputClass} aria-describedby="new-email-error" />
          <FieldError id="new-email-error" messages={errors.email} />
        </div>
        <div>
          <label htmlFor="new-role" className="block text-sm font-medium">
            Role
          </label>
          <select id="new-role" name="role" defaultValue="RESPONDER" className={inputClass}>
            {roles.map((r) => (
              <option key={r} value={r}>
                {roleLabels[r]}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="new-password" className="block text-sm font-medium">
            Initial password
          </label>
          <input
            id="new-password"
            name="password"
            type="password"
            autoComplete="new-password"
            required
            minLength={12}
            className={inputClass}
            aria-describedby="new-password-error new-password-hint"
          />
          <p id="new-password-hint" className="mt-1 text-xs text-slate-500">
            At least 12 characters. Share it privately.
          </p>
          <FieldError id="new-password-error" messages={errors.password} />
        </div>
        <button
          type="submit"
          disabled={pending}
          className="w-full rounded-md bg-brand-600 px-3 py-2 text-sm font-semibold text-white hover:bg-brand-700 disabled:opacity-60"
        >
          {pending ? 'Adding…' : 'Add user'}
        </button>
      </form>
    </Card>
  )
}
