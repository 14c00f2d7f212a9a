'use client'

import { signOut } from 'next-auth/react'
import { useState, type FormEvent } from 'react'
import { changePasswordAction } from '@/app/(console)/profile/actions'
import { NoticeLine, type Notice } from '@/components/ui/notice'

const field = 'mt-1 w-full rounded-md border border-slate-300 px-3 py-2 text-sm sm:w-72'

/** Changing the password ends every session (this one too): then back to sign in. */
export function ChangePassword() {
  const [pending, setPending] = useState(false)
  const [notice, setNotice] = useState<Notice>(null)

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    const form = new FormData(event.currentTarget)
    setPending(true)
    setNotice(null)
    const result = await changePasswordAction({
      currentPassword: String(form.get('currentPassword') ?? ''),
      newPassword: String(form.get('newPassword') ?? ''),
    })
    if (!result.ok) {
      setPending(false)
      const detail = result.fieldErrors ? Object.values(result.fieldErrors).flat()[0] : undefined
      setNotice({ ok: false, text: detail ?? result.message })
      return
    }
    await signOut({ callbackUrl: '/login' })
  }

  return (
    <form onSubmit={onSubmit} method="post" className="space-y-3">
      <NoticeLine notice={notice} />
      <p className="text-slate-600">Changing your password signs you out everywhere, this browser too.</p>
      <div>
        <label htmlFor="current-password" className="block text-xs font-medium text-slate-700">
          Old password
        </label>
        <input id="current-password" name="currentPassword" type="password" autoComplete="current-password" required className={field} />
      </div>
      <div>
        <label htmlFor="new-password" className="block text-xs font-medium text-slate-700">
          New password (at least 12 characters)
        </label>
        <input id="new-password" name="newPassword" type="password" autoComplete="new-password" required minLength={12} className={field} />
      </div>
      <button
        type="submit"
        disabled={pending}
        aria-busy={pending}
        className="w-full rounded-md bg-brand-600 px-3 py-2 text-sm font-semibold text-white shadow-sm hover:bg-brand-700 disabled:opacity-60 sm:w-auto"
      >
        {pending ? 'Changing…' : 'Change password'}
      </button>
    </form>
  )
}
