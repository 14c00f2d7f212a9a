'use client'

import { signIn } from 'next-auth/react'
import { useState } from 'react'
import { startSsoLinkAction } from '@/app/(console)/profile/actions'
import { NoticeLine, type Notice } from '@/components/ui/notice'

type Props = { providerName: string; canLink: boolean; notice: Notice }

export function LinkSso({ providerName, canLink, notice: initial }: Readonly<Props>) {
  const [pending, setPending] = useState(false)
  const [notice, setNotice] = useState<Notice>(initial)
  const [password, setPassword] = useState('')

  async function link() {
    setPending(true)
    setNotice(null)
    const result = await startSsoLinkAction({ password })
    if (!result.ok) {
      setPending(false)
      setNotice({ ok: false, text: result.message })
      return
    }
    setPassword('')
    // The provider must ask who is there now (prompt=login, max_age=0), not reuse a session it has.
    await signIn('oidc', { callbackUrl: '/profile?linked=1' }, { prompt: 'login', max_age: '0' })
  }

  return (
    <div className="space-y-3">
      <NoticeLine notice={notice} />
      <p className="text-slate-600">
        Linking lets you sign in with {providerName} as this account. You confirm it here with your current password, then sign in at {providerName}.
      </p>
      {canLink ? (
        <div>
          <label htmlFor="link-password" className="block text-xs font-medium text-slate-700">
            Current password
          </label>
          <input
            id="link-password"
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            className="mt-1 w-full rounded-md border border-slate-300 px-3 py-2 text-sm sm:w-72"
          />
        </div>
      ) : null}
      <button
        type="button"
        onClick={() => void link()}
        disabled={pending || !canLink || !password}
        aria-busy={pending}
        className="w-full rounded-md bg-brand-600 px-3 py-2 text-sm font-semibold text-white shadow-sm hover:bg-brand-700 disabled:opacity-60 sm:w-auto"
      >
        {pending ? `Redirecting to ${providerName}…` : 'Link single sign-on'}
      </button>
      {!canLink ? <p className="text-xs text-slate-500">Sign in with your password to link another identity.</p> : null}
    </div>
  )
}
