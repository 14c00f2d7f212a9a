import Link from 'next/link'
import type { ReactNode } from 'react'

type Props = {
  title: string
  description?: string
  /** Where the incidents (or items) behind the chart are listed. */
  link?: { href: string; label: string }
  chart: ReactNode
  /** The numbers beside the chart. */
  numbers: ReactNode
  testId?: string
}

/** A chart with its figures beside it and a link to what it counts. */
export function ChartCard({ title, description, link, chart, numbers, testId }: Readonly<Props>) {
  return (
    <section className="rounded-xl border border-slate-200 bg-white shadow-sm" aria-label={title} data-testid={testId}>
      <div className="flex flex-wrap items-baseline justify-between gap-2 border-b border-slate-100 px-4 py-3">
        <div>
          <h2 className="text-sm font-semibold">{title}</h2>
          {description ? <p className="text-xs text-slate-500">{description}</p> : null}
        </div>
        {link ? (
          <Link href={link.href} className="text-xs font-medium text-brand-700 hover:underline">
            {link.label} →
          </Link>
        ) : null}
      </div>
      <div className="grid grid-cols-[minmax(0,1fr)] gap-4 p-4 lg:grid-cols-[minmax(0,1fr)_16rem]">
        <div className="min-w-0">{chart}</div>
        <div className="min-w-0 text-sm">{numbers}</div>
      </div>
    </section>
  )
}
