import 'server-only'
import type { Actor } from '@/lib/actions/actor'
import { db, type Prisma } from '@/lib/db/client'
import type { RemediationView } from './dto'

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
  before: true,
  after: true,
  createdAt: true,
  executedAt: true,
  finishedAt: true,
  service: { select: { id: true, name: true, cluster: true, environment: true } },
  incident: { select: { id: true, number: true } },
  requester: { select: { id: true, name: true } },
  approver: { select: { id: true, name: true } },
} satisfies Prisma.RemediationRequestSelect

type Row = Prisma.RemediationRequestGetPayload<{ select: typeof viewSelect }>

const iso = (d: Date | null) => d?.toISOString() ?? null

function toView(r: Row): RemediationView {
  return {
    ...r,
    incident: r.incident ? { id: r.incident.id, ref: `INC-${r.incident.number}` } : null,
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
