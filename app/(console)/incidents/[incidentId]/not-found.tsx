import Link from 'next/link'

export default function IncidentNotFound() {
  return (
    <section className="rounded-xl border border-slate-200 bg-white p-8 text-center">
      <h1 className="text-lg font-semibold">No such incident</h1>
      <p className="mt-1 text-sm text-slate-600">It may have been mistyped, or the link is from another installation.</p>
      <Link href="/incidents" className="mt-3 inline-block font-medium text-brand-600 hover:underline">
        All incidents
      </Link>
    </section>
  )
}
