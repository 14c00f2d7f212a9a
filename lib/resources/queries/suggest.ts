import 'server-only'
// Runbooks suggested by the unhealthy dependencies of an incident's services (the incident
// page's runbook panel puts them before those matched from the service's own health).
import type { Actor } from '@/lib/actions/actor'
import { resourceKindLabels } from '../kinds'
import { getResourceHealth } from './health'

/** `clock`: the metrics window's end (tests pass the simulator's). */
export async function dependencyRunbooks(actor: Actor, serviceIds: string[], opts: { clock?: () => Date } = {}): Promise<{ id: string; why: string }[]> {
  if (!serviceIds.length) return []
  const health = await getResourceHealth(actor, opts)
  const out = new Map<string, string>()
  const unhealthy = health.resources
    .filter((r) => r.runbooks.length && r.serviceIds.some((id) => serviceIds.includes(id)))
    .sort((a, b) => (a.status === b.status ? 0 : a.status === 'critical' ? -1 : 1))
  for (const r of unhealthy) {
    const id = r.runbooks[0]
    if (!out.has(id)) out.set(id, `depends on ${resourceKindLabels[r.kind].one} ${r.name}: ${r.reason}`)
  }
  return [...out].map(([id, why]) => ({ id, why }))
}
