'use client'

import { verifyAuditChainAction } from '@/app/(console)/audit/actions'
import { useAction } from '@/components/ui/use-action'

export function VerifyChain() {
  // A verification that ran is a success of the call even when the chain is broken: onOk words it.
  const { run, pending, notice: result, setNotice } = useAction()
  return (
    <div className="flex flex-col items-end gap-1">
      <button
        type="button"
        disabled={pending}
        onClick={() =>
          run(
            () => verifyAuditChainAction({}),
            undefined,
            (chain) =>
              setNotice(
                chain.ok
                  ? { ok: true, text: `Chain intact: ${chain.checked} events verified.` }
                  : { ok: false, text: `Chain broken at event ${chain.brokenAt}: ${chain.problem}. ${chain.checked} events before it verified.` },
              ),
          )
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
