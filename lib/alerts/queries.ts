import 'server-only'
// Reads for alert ingestion: which integration a request belongs to, and which service an alert concerns.
import { requireCan } from '@/lib/actions/actor'
import { db } from '@/lib/db/client'
import type { InboxAlert, IntegrationView } from './dto'
import type { ServiceHint } from './signals'
import { hashToken } from './tokens'

type TokenKind = 'EVENTBRIDGE' | 'ALERTMANAGER' | 'WEBHOOK'

/** The integration of this kind whose token hashes to the stored hash, or null. */
export async function integrationByToken(kind: TokenKind, token: string) {
  if (!token) return null
  const row = await db.alertIntegration.findUnique({ where: { tokenHash: hashToken(token) }, select: { id: true, kind: true, enabled: true, name: true } })
  return row && row.kind === kind ? row : null
}

/** The SNS integration that allows this topic, or null. */
export async function snsIntegrationForTopic(topicArn: string) {
  return db.alertIntegration.findFirst({
    where: { kind: 'SNS', topicArns: { has: topicArn } },
    select: { id: true, enabled: true, name: true },
    orderBy: { createdAt: 'asc' },
  })
}

export type MatchedService = { id: string; environment: string }

/**
 * The service an alert concerns: an explicit service id, then ClusterName + ServiceName
 * (in the alert's region when known), then the target group. Null when nothing matches.
 */
export async function matchService(hint: ServiceHint): Promise<MatchedService | null> {
  const select = { id: true, environment: true } as const
  if (hint.serviceId) {
    const byId = await db.service.findUnique({ where: { id: hint.serviceId }, select })
    if (byId) return byId
  }
  if (hint.serviceName) {
    const rows = await db.service.findMany({
      where: {
        ...(hint.cluster ? { cluster: hint.cluster } : {}),
        OR: [{ ecsServiceName: hint.serviceName }, { name: hint.serviceName }],
      },
      select: { ...select, region: true },
      take: 10,
    })
    const inRegion = hint.region ? rows.filter((r) => r.region === hint.region) : rows
    // Ambiguous (the same name in several clusters, no cluster given): no guess.
    if (inRegion.length === 1) return { id: inRegion[0].id, environment: inRegion[0].environment }
  }
  if (hint.targetGroup) {
    const tg = hint.targetGroup.startsWith('arn:') ? hint.targetGroup : `:${hint.targetGroup}`
    const row = await db.service.findFirst({ where: { targetGroupArn: { endsWith: tg } }, select })
    if (row) return row
  }
  return null
}

/** Whether a payload with this message id was already stored. */
export async function payloadSeen(messageId: string) {
  return (await db.alertPayload.count({ where: { messageId } })) > 0
}

const PREVIEW_CHARS = 600

/** Every integration with its last payloads (admins only). */
export async function listIntegrations(actor: { role: Parameters<typeof requireCan>[0]['role'] }): Promise<IntegrationView[]> {
  requireCan(actor, 'admin:policy', 'Only an admin can see alert integrations.')
  const rows = await db.alertIntegration.findMany({
    orderBy: { createdAt: 'asc' },
    include: { payloads: { orderBy: { id: 'desc' }, take: 10, select: { id: true, receivedAt: true, outcome: true, reason: true, body: true } } },
  })
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    name: r.name,
    enabled: r.enabled,
    version: r.version,
    topicArns: r.topicArns,
    createdAt: r.createdAt.toISOString(),
    rotatedAt: r.rotatedAt?.toISOString() ?? null,
    refusedCount: r.refusedCount,
    payloads: r.payloads.map((p) => ({
      id: p.id,
      receivedAt: p.receivedAt.toISOString(),
      outcome: p.outcome,
      reason: p.reason,
      preview: p.body.length > PREVIEW_CHARS ? `${p.body.slice(0, PREVIEW_CHARS)}…` : p.body,
    })),
  }))
}

/** Alerts not on an incident, firing first, then the most recent (the triage inbox). */
export async function listInbox(actor: { role: Parameters<typeof requireCan>[0]['role'] }, limit = 100): Promise<InboxAlert[]> {
  requireCan(actor, 'console:read')
  const rows = await db.alert.findMany({
    where: { incidentId: null },
    orderBy: [{ state: 'asc' }, { lastSeenAt: 'desc' }],
    take: limit,
    include: { service: { select: { id: true, name: true, environment: true } }, acknowledgedBy: { select: { name: true } } },
  })
  return rows.map((r) => ({
    id: r.id,
    version: r.version,
    source: r.source,
    title: r.title,
    reason: r.reason,
    severity: r.severity,
    state: r.state,
    category: r.category,
    count: r.count,
    firstSeenAt: r.firstSeenAt.toISOString(),
    lastSeenAt: r.lastSeenAt.toISOString(),
    service: r.service,
    acknowledgedBy: r.acknowledgedBy?.name ?? null,
    silencedUntil: r.silencedUntil?.toISOString() ?? null,
    silenceReason: r.silenceReason,
  }))
}
