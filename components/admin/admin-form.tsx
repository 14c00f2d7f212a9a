'use client'
// The small one-row forms of /admin/alerts (routing rules, service mappings, maintenance windows,
// the PagerDuty forward): the fields, one submit button, and under the form the notice of the
// last submit. `useAdminForm` holds the action's state; `err(name)` shows a refused field's messages.

import type { ReactNode } from 'react'
import { FieldError } from '@/components/ui/field-error'
import { NoticeLine } from '@/components/ui/notice'
import { useAction } from '@/components/ui/use-action'

export const adminField = 'mt-0.5 block w-full max-w-full rounded-md border border-slate-300 px-2 py-1 text-sm'
export const adminButton = 'rounded-md border border-slate-300 px-3 py-1 text-sm hover:bg-slate-50 disabled:opacity-50'

export function useAdminForm() {
  const action = useAction()
  const err = (name: string) => <FieldError messages={action.fieldErrors[name]} className="" />
  return { ...action, err }
}

export function AdminForm({
  form,
  onSubmit,
  submitLabel,
  buttonClassName = adminButton,
  children,
}: Readonly<{
  form: Pick<ReturnType<typeof useAdminForm>, 'pending' | 'notice'>
  onSubmit: () => void
  submitLabel: string
  buttonClassName?: string
  children: ReactNode
}>) {
  return (
    <>
      <form
        className="flex flex-wrap items-end gap-3 text-xs font-medium text-slate-600"
        onSubmit={(e) => {
          e.preventDefault()
          onSubmit()
        }}
      >
        {children}
        <button type="submit" disabled={form.pending} className={buttonClassName}>
          {submitLabel}
        </button>
      </form>
      <NoticeLine notice={form.notice} />
    </>
  )
}
