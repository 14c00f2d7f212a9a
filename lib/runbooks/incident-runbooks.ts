import 'server-only'
// What the incident page's runbook panel needs: suggestions from live health and the
// incident's words, and the runbooks already started, rendered for one service.
import type { Actor } from '@/lib/actions/actor'
import { databasesForServices } from '@/lib/databases/queries'
import { getFleetHealth } from '@/lib/health/queries/fleet'
import type { IncidentDetail } from '@/lib/incidents/dto'
import { logger } from '@/lib/logger'
import { dependencyRunbooks } from '@/lib/resources/queries/suggest'
import { runbookById, runbooks } from './catalog'
import { runbooksForIncident } from './match'
import { listRunbookRuns, type RunbookRunState } from './queries'
import { runbookView, type RunbookView } from './view'

export type IncidentRunbooks = {
  serviceId: string | null
  suggestions: { id: string; title: string; why: string[] }[]
  catalog: { id: string; title: string }[]
  runs: (RunbookRunState & { view: RunbookView })[]
  /** Registered databases for the PostgreSQL steps, those linked to the incident's services first. */
  databases: { id: string; name: string; environment: string; linked: boolean }[]
}

export async function getIncidentRunbooks(actor: Actor, incident: IncidentDetail, serviceId?: string | null): Promise<IncidentRunbooks> {
  const service = incident.services.find((s) => s.id === serviceId) ?? incident.services[0] ?? null
  let findings: { signal: string; text: string; level: string }[] = []
  try {
    const fleet = await getFleetHealth(actor)
    findings = fleet.services.filter((s) => incident.services.some((x) => x.id === s.serviceId)).flatMap((s) => s.findings)
  } catch (err) {
    logger.warn({ err }, 'runbook suggestions without live health')
  }
  const { suggested } = runbooksForIncident({ findings, text: `${incident.title}\n${incident.impact}` })
  // Unhealthy dependencies (Lambda, databases, Redis, DynamoDB, load balancers) suggest their runbooks.
  const fromDependencies = await dependencyRunbooks(
    actor,
    incident.services.map((s) => s.id),
  ).catch((err: unknown) => (logger.warn({ err }, 'runbook suggestions without resource health'), []))
  const dependencySuggestions = fromDependencies.flatMap((d) => {
    const rb = runbookById(d.id)
    return rb ? [{ id: rb.id, title: rb.title, why: [d.why] }] : []
  })
  // What the board sees on the incident's own services comes first (a crash loop behind a load balancer also raises
  // the balancer's 5xx: the balancer is the symptom); then unhealthy dependencies; then matches on words alone.
  const own = suggested
    .filter((s) => !dependencySuggestions.some((d) => d.id === s.runbook.id))
    .map((s) => ({ id: s.runbook.id, title: s.runbook.title, why: s.why.slice(0, 2), observed: s.why.some((w) => w.startsWith('status board:')) }))
  const [runs, databases] = await Promise.all([
    listRunbookRuns(actor, incident.id),
    databasesForServices(
      actor,
      incident.services.map((s) => s.id),
    ),
  ])
  const ctx = service ? { region: service.region, cluster: service.cluster, service: service.ecsServiceName, environment: service.environment } : undefined
  return {
    serviceId: service?.id ?? null,
    suggestions: [...own.filter((s) => s.observed), ...dependencySuggestions, ...own.filter((s) => !s.observed)]
      .slice(0, 3)
      .map(({ id, title, why }) => ({ id, title, why })),
    catalog: runbooks.map((r) => ({ id: r.id, title: r.title })),
    databases,
    runs: runs.flatMap((r) => {
      const rb = runbookById(r.runbookId)
      return rb ? [{ ...r, view: runbookView(rb, ctx) }] : []
    }),
  }
}
