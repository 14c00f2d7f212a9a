import Link from 'next/link'
import type { ServiceNoise } from '@/lib/dashboard/dto'

/** Alerts received against incidents per service: a service with many firings per incident is noisy. */
export function NoisePanel({ noise, alertsHref }: Readonly<{ noise: ServiceNoise[]; alertsHref: string }>) {
  const widest = Math.max(1, ...noise.map((n) => n.firings))
  return (
    <section className="rounded-xl border border-slate-200 bg-white shadow-sm" aria-label="Alert noise per service" data-testid="noise">
      <div className="flex flex-wrap items-baseline justify-between gap-2 border-b border-slate-100 px-4 py-3">
        <div>
          <h2 className="text-sm font-semibold">Alerts against incidents, per service (top 10)</h2>
          <p className="text-xs text-slate-500">
            Alert firings in the period (repeats of one alarm included) beside the incidents declared naming the service. Many firings per incident is noise.
          </p>
        </div>
        <Link href={alertsHref} className="text-xs font-medium text-brand-700 hover:underline">
          Alert inbox →
        </Link>
      </div>
      {noise.length === 0 ? (
        <p className="px-4 py-4 text-sm text-slate-600">No alerts for a known service in this period.</p>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full text-sm" aria-label="Alerts and incidents per service">
            <thead className="text-xs text-slate-600">
              <tr>
                <th className="px-4 py-2 text-left font-medium">Service</th>
                <th className="px-3 py-2 text-right font-medium">Firings</th>
                <th className="px-3 py-2 text-right font-medium">Alerts</th>
                <th className="px-3 py-2 text-right font-medium">Incidents</th>
                <th className="px-4 py-2 text-right font-medium">Firings per incident</th>
              </tr>
            </thead>
            <tbody>
              {noise.map((n) => (
                <tr key={n.id} className="border-t border-slate-100" data-testid={`noise-${n.name}`}>
                  <td className="px-4 py-2">
                    <span className="block truncate">{n.name}</span>
                    <span className="mt-1 block h-1.5 rounded bg-amber-400" style={{ width: `${Math.max(2, (n.firings / widest) * 100)}%` }} aria-hidden />
                  </td>
                  <td className="px-3 py-2 text-right tabular-nums" data-testid="noise-firings">
                    {n.firings}
                  </td>
                  <td className="px-3 py-2 text-right tabular-nums text-slate-600">{n.alerts}</td>
                  <td className="px-3 py-2 text-right tabular-nums" data-testid="noise-incidents">
                    {n.incidents}
                  </td>
                  <td className="px-4 py-2 text-right font-semibold tabular-nums">{n.incidents ? (n.firings / n.incidents).toFixed(1) : 'no incident'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  )
}
