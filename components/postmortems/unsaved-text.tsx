import { sectionGuides, sectionKeys } from '@/lib/postmortems/sections'
import type { UnsavedText } from './meet-newer'

/**
 * Text typed here that was never saved because the post-mortem was published
 * meanwhile (and is now read-only): shown in full, with a clear notice, so it
 * can be copied elsewhere instead of vanishing.
 */
export function UnsavedTextNotice({ unsaved, onDismiss }: Readonly<{ unsaved: UnsavedText; onDismiss: () => void }>) {
  const keys = sectionKeys.filter((k) => unsaved.sections[k] !== undefined)
  return (
    <section role="alert" className="rounded-xl border-2 border-red-300 bg-red-50 p-4 text-sm text-red-950" data-testid="unsaved-text">
      <h2 className="font-semibold">Your changes were not saved</h2>
      <p className="mt-1">
        The post-mortem was {unsaved.who} while you had unsaved changes, and it is now read-only.
        {keys.length ? ' Your text is below: copy what you need before leaving this page.' : ''}
        {unsaved.includedChanged ? ' Your changes to the included timeline entries were not saved either.' : ''}
      </p>
      {keys.map((k) => (
        <div key={k} className="mt-3">
          <h3 className="text-xs font-semibold uppercase tracking-wide">{sectionGuides[k].title}: your unsaved text</h3>
          <textarea
            readOnly
            value={unsaved.sections[k]}
            aria-label={`${sectionGuides[k].title}: your unsaved text`}
            rows={Math.min(12, Math.max(3, (unsaved.sections[k] ?? '').split('\n').length + 1))}
            className="mt-1 block w-full rounded-md border border-red-200 bg-white p-2 font-mono text-xs text-slate-800"
            data-testid={`unsaved-${k}`}
          />
        </div>
      ))}
      <button
        type="button"
        onClick={onDismiss}
        className="mt-3 rounded-md bg-white px-3 py-1.5 text-sm font-medium text-red-900 ring-1 ring-red-300 hover:bg-red-100"
      >
        I have copied it: dismiss
      </button>
    </section>
  )
}
