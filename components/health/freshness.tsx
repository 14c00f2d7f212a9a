'use client'

import { useEffect, useState } from 'react'

function ago(ms: number) {
  const s = Math.max(0, Math.round(ms / 1000))
  if (s < 60) return `${s}s ago`
  const m = Math.floor(s / 60)
  return m < 60 ? `${m} min ago` : `${Math.floor(m / 60)} h ago`
}

/** "Updated 4s ago", ticking; says so plainly when the data is older than it should be. */
export function Freshness({
  refreshedAt,
  intervalMs,
  stale,
  fetching,
}: Readonly<{ refreshedAt?: string; intervalMs: number; stale?: boolean; fetching?: boolean }>) {
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 1000)
    return () => clearInterval(t)
  }, [])
  if (!refreshedAt) return <span className="text-xs text-slate-500">Loading live data…</span>
  const age = now - new Date(refreshedAt).getTime()
  const late = stale || age > intervalMs * 3
  return (
    <span className={`inline-flex items-center gap-1.5 text-xs ${late ? 'font-semibold text-amber-700' : 'text-slate-500'}`} aria-live="off">
      <span aria-hidden className={`h-1.5 w-1.5 rounded-full ${fetching ? 'bg-brand-500 animate-pulse' : late ? 'bg-amber-500' : 'bg-green-500'}`} />
      {late ? `Stale: updated ${ago(age)}` : `Updated ${ago(age)}`}
    </span>
  )
}
