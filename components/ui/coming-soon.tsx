export function ComingSoon({ what, points }: Readonly<{ what: string; points: string[] }>) {
  return (
    <section className="rounded-xl border border-dashed border-slate-300 bg-white p-8">
      <p className="text-xs font-semibold uppercase tracking-wide text-brand-600">Coming soon</p>
      <h2 className="mt-1 text-lg font-semibold">{what} is being built</h2>
      <p className="mt-2 text-sm text-slate-600">This part of the console is not ready yet. When it lands, you will be able to:</p>
      <ul className="mt-3 list-disc space-y-1 pl-5 text-sm text-slate-700">
        {points.map((p) => (
          <li key={p}>{p}</li>
        ))}
      </ul>
    </section>
  )
}
