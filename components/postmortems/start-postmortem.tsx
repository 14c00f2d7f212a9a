'use client'

import { startPostMortemAction } from '@/app/(console)/incidents/[incidentId]/postmortem/actions'
import { NoticeLine } from '@/components/ui/notice'
import { formatUtc } from '@/lib/incidents/clocks'
import { useRefreshAction } from './use-refresh-action'

type Props = { incidentId: string; canWrite: boolean; cannotStart: string | null; required: boolean; dueAt: string | null }

/** Before a post-mortem exists: whether one is required, by when, and the button that starts it. */
export function StartPostMortem({ incidentId, canWrite, cannotStart, required, dueAt }: Readonly<Props>) {
  const { run, pending, notice } = useRefreshAction()
  return (
    <section className="rounded-xl border border-dashed border-slate-300 bg-white p-6">
      <h2 className="text-lg font-semibold">No post-mortem yet</h2>
      <p className="mt-1 text-sm text-slate-600">
        {required
          ? `The severity policy requires one${dueAt ? `, due ${formatUtc(dueAt)} (five business days after resolution)` : ' once the incident is resolved'}.`
          : 'The severity policy does not require one for this incident; write one if there is something to learn.'}{' '}
        It starts pre-filled with the facts on the right, and the key timeline entries chosen.
      </p>
      {cannotStart ? (
        <p className="mt-3 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900">{cannotStart}</p>
      ) : canWrite ? (
        <button
          type="button"
          disabled={pending}
          onClick={() => run(() => startPostMortemAction({ incidentId }))}
          className="mt-4 rounded-md bg-slate-900 px-3 py-2 text-sm font-semibold text-white hover:bg-slate-700 disabled:opacity-50"
        >
          Start the post-mortem
        </button>
      ) : (
        <p className="mt-3 text-xs text-slate-500">Your role can read post-mortems but not write them.</p>
      )}
      <div className="mt-3">
        <NoticeLine notice={notice} />
      </div>
    </section>
  )
}
