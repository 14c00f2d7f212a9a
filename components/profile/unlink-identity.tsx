'use client'

import { useRouter } from 'next/navigation'
import { useState, useTransition } from 'react'
import { unlinkMyIdentityAction } from '@/app/(console)/profile/actions'

/** Removes one of the signed-in user's own single sign-on identities. */
export function UnlinkIdentity({ identityId, label }: Readonly<{ identityId: string; label: string }>) {
  const router = useRouter()
  const [pending, startTransition] = useTransition()
  const [error, setError] = useState<string | null>(null)
  return (
    <span className="inline-flex items-center gap-2">
      <button
        type="button"
        disabled={pending}
        onClick={() =>
          startTransition(async () => {
            const result = await unlinkMyIdentityAction({ identityId })
            if (result.ok) router.refresh()
            else setError(result.message)
          })
        }
        className="rounded px-2 py-0.5 text-xs font-medium text-slate-700 ring-1 ring-slate-300 hover:bg-slate-100 disabled:opacity-50"
      >
        Unlink
        <span className="sr-only"> {label}</span>
      </button>
      {error ? (
        <span role="alert" className="text-xs text-red-700">
          {error}
        </span>
      ) : null}
    </span>
  )
}
