'use client'

import { useState } from 'react'
import { useHydrated } from '@/components/ui/use-hydrated'
import { SECTION_MAX } from '@/lib/postmortems/schemas'
import { sectionGuides, type SectionKey } from '@/lib/postmortems/sections'
import { MarkdownView } from './markdown'

type Props = {
  section: SectionKey
  value: string
  onChange: (value: string) => void
  /** Someone else's unsaved-over change is pending on this section. */
  highlight?: boolean
}

/**
 * One section: Markdown in a text area, with a rendered preview a click away.
 * Read-only until React has hydrated it: hydrating resets a server-rendered text
 * area to the draft, so text typed before then was lost, or (typed while React
 * hydrated) ended up in front of the draft and was saved that way.
 */
export function SectionEditor({ section, value, onChange, highlight = false }: Readonly<Props>) {
  const [tab, setTab] = useState<'write' | 'preview'>('write')
  const hydrated = useHydrated()
  const guide = sectionGuides[section]
  const id = `section-${section}`
  const tabClass = (active: boolean) => `rounded px-2 py-0.5 text-xs font-medium ${active ? 'bg-slate-900 text-white' : 'text-slate-600 hover:bg-slate-100'}`
  return (
    <section className={`rounded-xl border bg-white shadow-sm ${highlight ? 'border-amber-400' : 'border-slate-200'}`} data-section={section}>
      <div className="flex items-center justify-between gap-2 border-b border-slate-100 px-4 py-2.5">
        <label htmlFor={id} className="text-sm font-semibold">
          {guide.title}
        </label>
        <div role="tablist" aria-label={`${guide.title}: write or preview`} className="flex gap-1">
          <button type="button" role="tab" aria-selected={tab === 'write'} onClick={() => setTab('write')} className={tabClass(tab === 'write')}>
            Write
          </button>
          <button type="button" role="tab" aria-selected={tab === 'preview'} onClick={() => setTab('preview')} className={tabClass(tab === 'preview')}>
            Preview
          </button>
        </div>
      </div>
      <div className="p-4">
        <p className="mb-2 text-xs text-slate-500">{guide.prompt}</p>
        {tab === 'write' ? (
          <textarea
            id={id}
            value={value}
            onChange={(e) => onChange(e.target.value)}
            readOnly={!hydrated}
            rows={Math.min(18, Math.max(4, value.split('\n').length + 1))}
            maxLength={SECTION_MAX}
            placeholder={guide.prompt}
            className="block w-full rounded-md border border-slate-300 px-3 py-2 font-mono text-sm leading-relaxed"
          />
        ) : (
          <div className="min-h-24 rounded-md border border-dashed border-slate-200 px-3 py-2">
            <MarkdownView text={value} />
          </div>
        )}
      </div>
    </section>
  )
}
