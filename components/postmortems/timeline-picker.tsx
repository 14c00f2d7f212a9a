'use client'

import { useHydrated } from '@/components/ui/use-hydrated'
import type { TimelineEntryDto } from '@/lib/incidents/dto'
import { timelineKindLabels } from '@/lib/incidents/timeline'
import { defaultIncludedEntryIds, isPostMortemEntry } from '@/lib/postmortems/facts'

type Props = {
  entries: TimelineEntryDto[]
  included: number[]
  onChange?: (ids: number[]) => void
  readOnly: boolean
}

/**
 * The curated timeline: every entry of the incident can be chosen or left out.
 * Read-only, only the chosen entries show.
 */
export function TimelinePicker({ entries, included, onChange, readOnly }: Readonly<Props>) {
  const chosen = new Set(included)
  // A click before hydration would be undone by it, unseen: the boxes wait for React.
  const hydrated = useHydrated()
  const candidates = entries.filter((e) => !isPostMortemEntry(e))
  const shown = readOnly ? candidates.filter((e) => chosen.has(e.id)) : candidates
  const set = (ids: number[]) => onChange?.([...new Set(ids)].sort((a, b) => a - b))

  return (
    <section aria-labelledby="curated-heading" className="rounded-xl border border-slate-200 bg-white shadow-sm">
      <div className="flex flex-wrap items-center justify-between gap-2 border-b border-slate-100 px-4 py-3">
        <h2 id="curated-heading" className="text-sm font-semibold">
          Timeline{' '}
          <span className="font-normal text-slate-500">({readOnly ? `${shown.length} entries` : `${chosen.size} of ${candidates.length} chosen`}, UTC)</span>
        </h2>
        {!readOnly ? (
          <div className="flex gap-1 text-xs">
            <button
              type="button"
              onClick={() => set(defaultIncludedEntryIds(candidates))}
              className="rounded px-2 py-1 ring-1 ring-slate-300 hover:bg-slate-50"
            >
              Key entries
            </button>
            <button type="button" onClick={() => set(candidates.map((e) => e.id))} className="rounded px-2 py-1 ring-1 ring-slate-300 hover:bg-slate-50">
              All
            </button>
            <button type="button" onClick={() => set([])} className="rounded px-2 py-1 ring-1 ring-slate-300 hover:bg-slate-50">
              None
            </button>
          </div>
        ) : null}
      </div>
      {shown.length === 0 ? (
        <p className="px-4 py-3 text-sm text-slate-500">{readOnly ? 'No entries were chosen.' : 'The incident has no timeline entries.'}</p>
      ) : (
        <ol className={`divide-y divide-slate-100 ${readOnly ? '' : 'max-h-[32rem] overflow-y-auto'}`} data-testid="curated-timeline">
          {shown.map((e) => {
            const body = (
              <>
                <span className="font-mono text-xs text-slate-500">
                  {e.at.slice(0, 10)} {e.at.slice(11, 16)}
                </span>
                <span className="ml-2 text-xs font-semibold text-slate-700">{timelineKindLabels[e.kind] ?? e.kind}</span>
                <span className="ml-1 text-xs text-slate-500">· {e.actor?.name ?? 'system'}</span>
                <span className="block break-words text-sm text-slate-900">{e.text}</span>
              </>
            )
            return (
              <li key={e.id} className={`px-4 py-2 ${!readOnly && !chosen.has(e.id) ? 'opacity-60' : ''}`}>
                {readOnly ? (
                  <div>{body}</div>
                ) : (
                  <label className="flex cursor-pointer gap-3">
                    <input
                      type="checkbox"
                      checked={chosen.has(e.id)}
                      disabled={!hydrated}
                      onChange={(ev) => set(ev.target.checked ? [...chosen, e.id] : [...chosen].filter((id) => id !== e.id))}
                      className="mt-1"
                      aria-label={`Include: ${e.text.slice(0, 80)}`}
                    />
                    <span className="min-w-0">{body}</span>
                  </label>
                )}
              </li>
            )
          })}
        </ol>
      )}
    </section>
  )
}
