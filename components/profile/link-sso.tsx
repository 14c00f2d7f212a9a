'use client'

import { signIn } from 'next-auth/react'
import { useState } from 'react'
import { startSsoLinkAction } from '@/app/(console)/profile/actions'
import { NoticeLine, type Notice } from '@/components/ui/notice'

type Props = { providerName: string; canLink: boolean; notice: Notice }

export function LinkSso({ providerName, canLink, notice: initial }: Readonly<Props>) {
  const [pending, setPending] = useState(false)
  const [notice, setNotice] = useState<Notice>(initial)

  async function link() {
    setPending(true)
    setNotice(null)
    const result = await startSsoLinkAction({})
    if (!result.ok) {
      setPending(false)
      setNotice({ ok: false, text: result.message })
      return
    }
    await signIn('oidc', { callbackUrl: '/profile?linked=1' })
  }

  return (
    <div className="space-y-3">
      <NoticeLine notice={notice} />
      <p className="text-slate-600">
        Linking lets you sign in with {providerName} as this account. You confirm it here, signed in with your password, then sign in
        at {providerName}.
      </p>
      <button
        type="button"
        onClick={() => void link()}
        disabled={pending || !canLink}
        aria-busy={pending}
        className="w-full rounded-md bg-brand-600 px-3 py-2 text-sm font-semibold text-white shadow-sm hover:bg-brand-700 disabled:opacity-60 sm:w-auto"
      >
        {pending ? `Redirecting to ${providerName}…` : 'Link single sign-on'}
      </button>
      {!canLink ? <p className="text-xs text-slate-500">Sign in with your password to link another identity.</p> : null}
    </div>
  )
}
