import 'server-only'
// Admin changes to how alerts are routed: explicit service mappings, routing rules and
// maintenance windows. Each is one transaction with its audit event.
import { requireCan, type ActorContext } from '@/lib/actions/actor'
import type { AuditAction } from '@/lib/audit/actions'
import { recordAudit } from '@/lib/audit/record'
import { db, type DbTransaction } from '@/lib/db/client'
import { AppError, fieldError } from '@/lib/errors'
import { runbookById } from '@/lib/runbooks/catalog'

type Severity = 'SEV1' | 'SEV2' | 'SEV3' | 'SEV4'

const requireAdmin = (ctx: ActorContext) => requireCan(ctx.actor, 'admin:policy', 'Only an admin can change alert routing.')

const audit = (ctx: ActorContext, action: AuditAction, targetType: string, targetId: string, params: Record<string, unknown>, serviceId?: string | null) => ({
  action,
  actor: ctx.actor,
  targetType,
  targetId,
  requestId: ctx.requestId,
  serviceId: serviceId ?? undefined,
  params: JSON.parse(JSON.stringify(params)),
})

async function requireService(tx: DbTransaction, id: string) {
  const svc = await tx.service.findUnique({ where: { id }, select: { id: true } })
  if (!svc) throw new AppError('NOT_FOUND', 'That service no longer exists.')
}

export async function createServiceMapping(ctx: ActorContext, input: { pattern: string; serviceId: string }) {
  requireAdmin(ctx)
  return db.$transaction(async (tx) => {
    await requireService(tx, input.serviceId)
    if (await tx.alertServiceMapping.findUnique({ where: { pattern: input.pattern }, select: { id: true } }))
      fieldError('pattern', 'This pattern is mapped already.')
    const row = await tx.alertServiceMapping.create({ data: input, select: { id: true } })
    await recordAudit(tx, audit(ctx, 'admin.alert_mapping.create', 'alert_mapping', row.id, input, input.serviceId))
    return { id: row.id }
  })
}

export type AlertRouteInput = {
  source: string | null
  environment: 'DEV' | 'STAGING' | 'PROD' | null
  serviceId: string | null
  namePattern: string | null
  action: 'DECLARE' | 'INBOX'
  severity: Severity | null
  runbookId: string | null
}

/** A new rule goes last: rules are tried in the order they were made. */
export async function createAlertRoute(ctx: ActorContext, input: AlertRouteInput) {
  requireAdmin(ctx)
  if (input.runbookId && !runbookById(input.runbookId)) fieldError('runbookId', 'No runbook has this id.')
  return db.$transaction(async (tx) => {
    if (input.serviceId) await requireService(tx, input.serviceId)
    const last = await tx.alertRoute.aggregate({ _max: { position: true } })
    const row = await tx.alertRoute.create({ data: { ...input, position: (last._max.position ?? 0) + 1 }, select: { id: true } })
    await recordAudit(tx, audit(ctx, 'admin.alert_route.create', 'alert_route', row.id, input, input.serviceId))
    return { id: row.id }
  })
}

export async function createMaintenanceWindow(ctx: ActorContext, input: { serviceId: string; startsAt: Date; endsAt: Date; reason: string }) {
  requireAdmin(ctx)
  return db.$transaction(async (tx) => {
    await requireService(tx, input.serviceId)
    const row = await tx.maintenanceWindow.create({ data: { ...input, createdById: ctx.actor.id }, select: { id: true } })
    await recordAudit(tx, audit(ctx, 'admin.maintenance_window.create', 'maintenance_window', row.id, input, input.serviceId))
    return { id: row.id }
  })
}

/** Removes a mapping or a rule; a maintenance window is ended now (kept, so alerts still show it). */
export async function removeAlertRule(ctx: ActorContext, input: { kind: 'mapping' | 'route' | 'window'; id: string }, now = new Date()) {
  requireAdmin(ctx)
  return db.$transaction(async (tx) => {
    const gone = () => new AppError('NOT_FOUND', 'That rule no longer exists.')
    if (input.kind === 'mapping') {
      const { count } = await tx.alertServiceMapping.deleteMany({ where: { id: input.id } })
      if (count !== 1) throw gone()
    } else if (input.kind === 'route') {
      const { count } = await tx.alertRoute.deleteMany({ where: { id: input.id } })
      if (count !== 1) throw gone()
    } else {
      const w = await tx.maintenanceWindow.findUnique({ where: { id: input.id }, select: { startsAt: true, endsAt: true } })
      if (!w) throw gone()
      if (w.endsAt <= now) throw new AppError('CONFLICT', 'This maintenance window has already ended.')
      await tx.maintenanceWindow.update({
        where: { id: input.id },
        data: { endsAt: now, ...(w.startsAt > now ? { startsAt: now } : {}) },
        select: { id: true },
      })
    }
    const what = { mapping: 'alert_mapping', route: 'alert_route', window: 'maintenance_window' } as const
    await recordAudit(tx, audit(ctx, `admin.${what[input.kind]}.remove`, what[input.kind], input.id, {}))
    return { id: input.id }
  })
}
