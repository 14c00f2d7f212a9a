import 'server-only'
// Reads for alert ingestion: which integration a request belongs to, and which service an alert concerns.
import { requireCan } from '@/lib/actions/actor'
import { db } from '@/lib/db/client'
import { runbooks } from '@/lib/runbooks/catalog'
import type { InboxAlert, IntegrationView, RoutingView } from './dto'
import type { RouteRule, ServiceMappingRule } from './rules'
import type { ServiceHint } from './signals'
import { PAGERDUTY_DEFAULT_URL, parseStoredPagerDuty, pagerDutySettingKey, routingKeyPreview } from './pagerduty'
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
 * The service an alert concerns: an admin's mapping, an explicit service id, then ClusterName + ServiceName
 * (in the alert's region when known), then the target group. Null when nothing matches.
 */
export async function matchService(hint: ServiceHint, mappedId: string | null = null): Promise<MatchedService | null> {
  const select = { id: true, environment: true } as const
  // An admin's explicit mapping comes before anything the alert carries.
  if (mappedId) {
    const mapped = await db.service.findUnique({ where: { id: mappedId }, select })
    if (mapped) return mapped
  }
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

/** The admin's service mappings and routing rules (rules in their order). */
export async function loadRouting(): Promise<{ mappings: ServiceMappingRule[]; routes: RouteRule[] }> {
  const [mappings, routes] = await Promise.all([
    db.alertServiceMapping.findMany({ select: { pattern: true, serviceId: true } }),
    db.alertRoute.findMany({
      orderBy: [{ position: 'asc' }, { createdAt: 'asc' }],
      select: { id: true, source: true, environment: true, serviceId: true, namePattern: true, action: true, severity: true, runbookId: true },
    }),
  ])
  return { mappings, routes }
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
    include: {
      service: { select: { id: true, name: true, environment: true } },
      acknowledgedBy: { select: { name: true } },
      maintenanceWindow: { select: { startsAt: true, endsAt: true, reason: true } },
    },
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
    maintenance: r.maintenanceWindow
      ? { startsAt: r.maintenanceWindow.startsAt.toISOString(), endsAt: r.maintenanceWindow.endsAt.toISOString(), reason: r.maintenanceWindow.reason }
      : null,
  }))
}

const serviceLabel = (s: { name: string; environment: string }) => `${s.name} (${s.environment.toLowerCase()})`

/** Mappings, routing rules (in the order they are tried) and maintenance windows not yet over (admins only). */
export async function listRouting(actor: { role: Parameters<typeof requireCan>[0]['role'] }, now = new Date()): Promise<RoutingView> {
  requireCan(actor, 'admin:policy', 'Only an admin can see alert routing.')
  const service = { select: { name: true, environment: true } } as const
  const [mappings, routes, windows, services] = await Promise.all([
    db.alertServiceMapping.findMany({ orderBy: { pattern: 'asc' }, include: { service } }),
    db.alertRoute.findMany({ orderBy: [{ position: 'asc' }, { createdAt: 'asc' }], include: { service } }),
    db.maintenanceWindow.findMany({ where: { endsAt: { gt: now } }, orderBy: { endsAt: 'asc' }, take: 50, include: { service } }),
    db.service.findMany({ orderBy: [{ name: 'asc' }, { environment: 'asc' }], select: { id: true, name: true, environment: true } }),
  ])
  return {
    mappings: mappings.map((m) => ({ id: m.id, pattern: m.pattern, service: serviceLabel(m.service) })),
    routes: routes.map((r) => ({
      id: r.id,
      source: r.source,
      environment: r.environment,
      service: r.service ? serviceLabel(r.service) : null,
      namePattern: r.namePattern,
      action: r.action,
      severity: r.severity,
      runbookId: r.runbookId,
    })),
    windows: windows.map((w) => ({
      id: w.id,
      service: serviceLabel(w.service),
      startsAt: w.startsAt.toISOString(),
      endsAt: w.endsAt.toISOString(),
      reason: w.reason,
    })),
    services: services.map((s) => ({ id: s.id, label: serviceLabel(s) })),
    runbooks: runbooks.map((r) => ({ id: r.id, title: r.title })),
  }
}

export type PagerDutyView = { enabled: boolean; url: string; routingKeyPreview: string | null; version: number }

/** The PagerDuty forward for the admin page: never the routing key, only its last four characters. */
export async function getPagerDutyView(actor: { role: Parameters<typeof requireCan>[0]['role'] }): Promise<PagerDutyView> {
  requireCan(actor, 'admin:policy', 'Only an admin can see the PagerDuty forward.')
  const row = await db.appSetting.findUnique({ where: { key: pagerDutySettingKey }, select: { value: true, version: true } })
  const s = parseStoredPagerDuty(row?.value)
  return {
    enabled: s?.enabled ?? false,
    url: s?.url ?? PAGERDUTY_DEFAULT_URL,
    routingKeyPreview: s ? routingKeyPreview(s) : null,
    version: row?.version ?? 0,
  }
}
