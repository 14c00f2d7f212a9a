import type { ReactNode } from 'react'

export function Card({ title, children, className = '' }: Readonly<{ title?: string; children: ReactNode; className?: string }>) {
  return (
    <section className={`rounded-xl border border-slate-200 bg-white shadow-sm ${className}`}>
      {title ? <h2 className="border-b border-slate-100 px-4 py-3 text-sm font-semibold">{title}</h2> : null}
      {children}
    </section>
  )
}
