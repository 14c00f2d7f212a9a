'use client'

import { useRouter } from 'next/navigation'
import { unlinkMyIdentityAction } from '@/app/(console)/profile/actions'
import { useAction } from '@/components/ui/use-action'

/** Removes one of the signed-in user's own single sign-on identities. */
export function UnlinkIdentity({ identityId, label }: Readonly<{ identityId: string; label: string }>) {
  const router = useRouter()
  // The page reloads only once the identity is gone; a refusal stays beside the button.
  const { run, pending, notice } = useAction()
  return (
    <span className="inline-flex items-center gap-2">
      <button
        type="button"
        disabled={pending}
        onClick={() =>
          run(
            () => unlinkMyIdentityAction({ identityId }),
            undefined,
            () => router.refresh(),
          )
        }
        className="rounded px-2 py-0.5 text-xs font-medium text-slate-700 ring-1 ring-slate-300 hover:bg-slate-100 disabled:opacity-50"
      >
        Unlink
        <span className="sr-only"> {label}</span>
      </button>
      {notice ? (
        <span role="alert" className="text-xs text-red-700">
          {notice.text}
        </span>
      ) : null}
    </span>
  )
}
