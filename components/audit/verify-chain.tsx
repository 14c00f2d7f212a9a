'use client'

import { useState, useTransition } from 'react'
import { verifyAuditChainAction } from '@/app/(console)/audit/actions'

export function VerifyChain() {
  const [pending, startTransition] = useTransition()
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null)
  return (
    <div className="flex flex-col items-end gap-1">
      <button
        type="button"
        disabled={pending}
        onClick={() =>
          startTransition(async () => {
            const r = await verifyAuditChainAction({})
            if (!r.ok) return setResult({ ok: false, text: r.message })
            setResult(
              r.data.ok
                ? { ok: true, text: `Chain intact: ${r.data.checked} events verified.` }
                : { ok: false, text: `Chain broken at event ${r.data.brokenAt}: ${r.data.problem}. ${r.data.checked} events before it verified.` },
            )
          })
        }
        className="rounded-md bg-slate-900 px-3 py-2 text-sm font-medium text-white hover:bg-slate-700 disabled:opacity-50"
      >
        {pending ? 'Verifying…' : 'Verify chain'}
      </button>
      {result ? (
        <p role={result.ok ? 'status' : 'alert'} className={`max-w-sm text-right text-xs font-medium ${result.ok ? 'text-green-700' : 'text-red-700'}`}>
          {result.text}
        </p>
      ) : null}
    </div>
  )
}
