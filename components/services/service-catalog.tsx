import { Card } from '@/components/ui/card'
import { environmentLabels, environments, type ServiceSummary } from '@/lib/services/dto'

export function ServiceCatalog({ services }: Readonly<{ services: ServiceSummary[] }>) {
  if (services.length === 0) {
    return (
      <Card>
        <p className="p-6 text-sm text-slate-600">The catalog is empty. An admin adds services from the admin page.</p>
      </Card>
    )
  }
  return (
    <div className="space-y-6">
      {environments.map((envName) => {
        const inEnv = services.filter((s) => s.environment === envName)
        if (inEnv.length === 0) return null
        const clusters = [...new Set(inEnv.map((s) => `${s.region} · ${s.cluster}`))]
        return (
          <section key={envName} aria-labelledby={`env-${envName}`}>
            <h2 id={`env-${envName}`} className="mb-2 text-sm font-semibold uppercase tracking-wide text-slate-500">
              {environmentLabels[envName]} <span className="font-normal normal-case">({inEnv.length})</span>
            </h2>
            <div className="space-y-4">
              {clusters.map((cluster) => (
                <Card key={cluster} title={cluster}>
                  <table className="w-full text-left text-sm">
                    <thead className="text-xs uppercase text-slate-500">
                      <tr>
                        <th scope="col" className="px-4 py-2 font-medium">Service</th>
                        <th scope="col" className="px-4 py-2 font-medium">ECS service</th>
                        <th scope="col" className="hidden px-4 py-2 font-medium sm:table-cell">Team</th>
                        <th scope="col" className="hidden px-4 py-2 font-medium md:table-cell">Health URL</th>
                      </tr>
                    </thead>
                    <tbody className="divide-y divide-slate-100">
                      {inEnv
                        .filter((s) => `${s.region} · ${s.cluster}` === cluster)
                        .map((s) => (
                          <tr key={s.id}>
                            <td className="px-4 py-2 font-medium">{s.name}</td>
                            <td className="px-4 py-2 font-mono text-xs text-slate-600">{s.ecsServiceName}</td>
                            <td className="hidden px-4 py-2 text-slate-600 sm:table-cell">{s.team}</td>
                            <td className="hidden truncate px-4 py-2 font-mono text-xs text-slate-500 md:table-cell">{s.healthUrl ?? '—'}</td>
                          </tr>
                        ))}
                    </tbody>
                  </table>
                </Card>
              ))}
            </div>
          </section>
        )
      })}
    </div>
  )
}
