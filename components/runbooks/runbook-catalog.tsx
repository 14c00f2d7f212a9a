'use client'

import Link from 'next/link'
import { useState } from 'react'

type Item = { id: string; title: string; summary: string; category: string; symptoms: string[]; steps: number; severityHint: string | null }

export function RunbookCatalog({ runbooks }: Readonly<{ runbooks: Item[] }>) {
  const [q, setQ] = useState('')
  const words = q.toLowerCase().split(/\s+/).filter(Boolean)
  const shown = runbooks.filter((r) => words.every((w) => [r.title, r.summary, ...r.symptoms].join(' ').toLowerCase().includes(w)))
  const categories = [...new Set(shown.map((r) => r.category))]
  return (
    <div className="space-y-5">
      <label className="block max-w-xl">
        <span className="sr-only">Search runbooks</span>
        <input
          type="search"
          value={q}
          onChange={(e) => setQ(e.target.value)}
          placeholder="Search by symptom: OOM, 502, crash loop, redis, certificate…"
          className="w-full rounded-md border border-slate-300 px-3 py-2 text-sm shadow-sm"
        />
      </label>
      {shown.length === 0 ? <p className="text-sm text-slate-600">No runbook matches “{q}”.</p> : null}
      {categories.map((c) => (
        <section key={c} aria-labelledby={`cat-${c}`}>
          <h2 id={`cat-${c}`} className="mb-2 text-sm font-semibold uppercase tracking-wide text-slate-500">
            {c}
          </h2>
          <ul className="grid grid-cols-[minmax(0,1fr)] gap-3 md:grid-cols-2">
            {shown
              .filter((r) => r.category === c)
              .map((r) => (
                <li key={r.id} className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm">
                  <Link href={`/runbooks/${r.id}`} className="font-semibold text-slate-900 hover:text-brand-700 hover:underline">
                    {r.title}
                  </Link>
                  <p className="mt-1 text-sm text-slate-600">{r.summary}</p>
                  <p className="mt-2 text-xs text-slate-500">
                    {r.steps} steps{r.severityHint ? ` · usually ${r.severityHint}` : ''} · {r.symptoms.slice(0, 2).join('; ')}
                  </p>
                </li>
              ))}
          </ul>
        </section>
      ))}
    </div>
  )
}
