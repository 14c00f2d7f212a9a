'use client'

import { signOut } from 'next-auth/react'
import { useState } from 'react'

/** Ends the app's session, then the provider's too when this was a single sign-on. */
async function signOutEverywhere() {
  const res = await fetch('/api/sign-out', { method: 'POST' }).catch(() => null)
  const { url } = ((await res?.json().catch(() => null)) ?? {}) as { url?: string | null }
  await signOut({ redirect: false })
  window.location.assign(url ?? '/login')
}

export function SignOutButton() {
  const [pending, setPending] = useState(false)
  return (
    <button
      type="button"
      disabled={pending}
      onClick={() => {
        setPending(true)
        void signOutEverywhere()
      }}
      className="rounded-md px-2 py-1 text-xs font-medium text-slate-300 ring-1 ring-slate-700 hover:bg-slate-800 hover:text-white disabled:opacity-60"
    >
      {pending ? 'Signing out…' : 'Sign out'}
    </button>
  )
}
