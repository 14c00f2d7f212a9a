import 'server-only'
import type { Actor } from '@/lib/actions/actor'
import { db, type Prisma } from '@/lib/db/client'
import { AppError } from '@/lib/errors'
import type { RemediationView } from './dto'
import type { ServiceTarget, SteadyRevision } from './plan'

export const serviceSelect = { id: true, name: true, environment: true, region: true, cluster: true, ecsServiceName: true } as const

export async function loadService(id: string): Promise<ServiceTarget> {
  const s = await db.service.findUnique({ where: { id }, select: serviceSelect })
  if (!s) throw new AppError('NOT_FOUND', 'That service is no longer in the catalog.')
  return s
}

export const openIncidentsNaming = (serviceId: string) =>
  db.incident.findMany({
    where: { status: { not: 'RESOLVED' }, services: { some: { serviceId } } },
    orderBy: { declaredAt: 'desc' },
    select: { id: true, number: true, title: true },
  })

/** The latest action on the service that is running, or finished within the cooldown. */
export async function recentAction(serviceId: string, cooldownMs: number, now = new Date()) {
  return db.remediationRequest.findFirst({
    where: {
      serviceId,
      OR: [{ status: 'EXECUTING' }, { finishedAt: { gt: new Date(now.getTime() - cooldownMs) }, status: { in: ['SUCCEEDED', 'FAILED', 'UNKNOWN'] } }],
    },
    orderBy: { createdAt: 'desc' },
    select: { kind: true, status: true, finishedAt: true, executedAt: true, requester: { select: { name: true } } },
  })
}

/**
 * Task definitions our own requests saw steady on this service, newest first: the
 * `after` of every request that ended SUCCEEDED (ECS reported its deployment completed).
 */
export async function steadyRevisions(serviceId: string): Promise<SteadyRevision[]> {
  const rows = await db.remediationRequest.findMany({
    where: { serviceId, status: 'SUCCEEDED' },
    orderBy: { finishedAt: 'desc' },
    take: 50,
    select: { after: true, finishedAt: true },
  })
  return rows.flatMap((r) => {
    const after = r.after as { taskDefinition?: string; taskDefinitionArn?: string } | null
    const ref = after?.taskDefinitionArn ?? after?.taskDefinition
    return ref && r.finishedAt ? [{ ref, at: r.finishedAt.toISOString(), source: 'our records' as const }] : []
  })
}

const viewSelect = {
  id: true,
  kind: true,
  status: true,
  preview: true,
  params: true,
  reason: true,
  requiresApproval: true,
  decisionReason: true,
  expiresAt: true,
  awsRequestId: true,
  error: true,
  stage: true,
  deploymentId: true,
  registeredTaskDefinitionArn: true,
  landing: true,
  leftBehind: true,
  before: true,
  after: true,
  createdAt: true,
  executedAt: true,
  finishedAt: true,
  service: { select: { id: true, name: true, cluster: true, environment: true } },
  database: { select: { id: true, name: true, environment: true } },
  incident: { select: { id: true, number: true } },
  requester: { select: { id: true, name: true } },
  approver: { select: { id: true, name: true } },
} satisfies Prisma.RemediationRequestSelect

type Row = Prisma.RemediationRequestGetPayload<{ select: typeof viewSelect }>

const iso = (d: Date | null) => d?.toISOString() ?? null

/** A database action shows its database where a service action shows its service. */
export const targetOf = (r: {
  service: { id: string; name: string; cluster: string; environment: string } | null
  database: { id: string; name: string; environment: string } | null
}) => r.service ?? (r.database ? { ...r.database, cluster: 'PostgreSQL' } : { id: '', name: 'removed target', cluster: '', environment: '' })

function toView({ database, ...r }: Row): RemediationView {
  return {
    ...r,
    service: targetOf({ service: r.service, database }),
    incident: r.incident ? { id: r.incident.id, ref: `INC-${r.incident.number}` } : null,
    landing: r.landing === 'LANDED' || r.landing === 'NOT_LANDED' ? r.landing : null,
    expiresAt: iso(r.expiresAt),
    createdAt: r.createdAt.toISOString(),
    executedAt: iso(r.executedAt),
    finishedAt: iso(r.finishedAt),
  }
}

export async function getRemediation(_actor: Actor, id: string): Promise<RemediationView | null> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return null
  const row = await db.remediationRequest.findUnique({ where: { id }, select: viewSelect })
  return row ? toView(row) : null
}

export async function listRemediations(
  _actor: Actor,
  where: { serviceId?: string; incidentId?: string; pendingOnly?: boolean },
  take = 20,
): Promise<RemediationView[]> {
  const rows = await db.remediationRequest.findMany({
    where: {
      ...(where.serviceId ? { serviceId: where.serviceId } : {}),
      ...(where.incidentId ? { incidentId: where.incidentId } : {}),
      ...(where.pendingOnly ? { status: 'PENDING_APPROVAL' } : {}),
    },
    orderBy: { createdAt: 'desc' },
    take,
    select: viewSelect,
  })
  return rows.map(toView)
}
