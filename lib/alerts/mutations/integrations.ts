import 'server-only'
// Admin changes to alert integrations: create (a token shown once, or the SNS topics
// allowed), rotate the token, enable or disable, change the SNS topics. Each is one
// transaction with its audit event; the token itself is never stored or audited.
import { requireCan, type ActorContext } from '@/lib/actions/actor'
import { recordAudit } from '@/lib/audit/record'
import { db } from '@/lib/db/client'
import { AppError, fieldError } from '@/lib/errors'
import { hashToken, newToken } from '../tokens'

type Kind = 'SNS' | 'EVENTBRIDGE' | 'ALERTMANAGER' | 'WEBHOOK'

const requireAdmin = (ctx: ActorContext) => requireCan(ctx.actor, 'admin:policy', 'Only an admin can manage alert integrations.')
const stale = () => new AppError('CONFLICT', 'The integration changed since you loaded it. Reload and try again.')

const topicArn = /^arn:aws[\w-]*:sns:[a-z0-9-]+:\d{12}:[\w-]{1,256}$/

function checkTopics(kind: Kind, topics: string[]) {
  if (kind !== 'SNS') return []
  const bad = topics.findIndex((t) => !topicArn.test(t))
  if (bad >= 0) fieldError(`topicArns.${bad}`, 'Not an SNS topic ARN (arn:aws:sns:<region>:<account>:<topic>).')
  return [...new Set(topics)]
}

export async function createIntegration(ctx: ActorContext, input: { kind: Kind; name: string; topicArns?: string[] }) {
  requireAdmin(ctx)
  const topics = checkTopics(input.kind, input.topicArns ?? [])
  const token = input.kind === 'SNS' ? null : newToken()
  return db.$transaction(async (tx) => {
    const taken = await tx.alertIntegration.findUnique({ where: { name: input.name }, select: { id: true } })
    if (taken) fieldError('name', 'Another integration has this name.')
    const row = await tx.alertIntegration.create({
      data: { kind: input.kind, name: input.name, tokenHash: token ? hashToken(token) : null, topicArns: topics },
      select: { id: true, version: true },
    })
    await recordAudit(tx, {
      action: 'admin.alert_integration.create',
      actor: ctx.actor,
      targetType: 'alert_integration',
      targetId: row.id,
      requestId: ctx.requestId,
      params: { kind: input.kind, name: input.name, topicArns: topics },
    })
    return { id: row.id, version: row.version, token }
  })
}

export async function rotateIntegrationToken(ctx: ActorContext, input: { id: string; expectedVersion: number }) {
  requireAdmin(ctx)
  const token = newToken()
  return db.$transaction(async (tx) => {
    const row = await tx.alertIntegration.findUnique({ where: { id: input.id }, select: { kind: true, name: true } })
    if (!row) throw new AppError('NOT_FOUND', 'That integration no longer exists.')
    if (row.kind === 'SNS') throw new AppError('VALIDATION', 'SNS integrations have no token: AWS signs their messages.')
    const { count } = await tx.alertIntegration.updateMany({
      where: { id: input.id, version: input.expectedVersion },
      data: { tokenHash: hashToken(token), rotatedAt: new Date(), version: { increment: 1 } },
    })
    if (count !== 1) throw stale()
    await recordAudit(tx, {
      action: 'admin.alert_integration.rotate',
      actor: ctx.actor,
      targetType: 'alert_integration',
      targetId: input.id,
      requestId: ctx.requestId,
      params: { name: row.name },
    })
    return { id: input.id, version: input.expectedVersion + 1, token }
  })
}

export async function updateIntegration(ctx: ActorContext, input: { id: string; expectedVersion: number; enabled?: boolean; topicArns?: string[] }) {
  requireAdmin(ctx)
  return db.$transaction(async (tx) => {
    const row = await tx.alertIntegration.findUnique({ where: { id: input.id }, select: { kind: true, name: true, enabled: true, topicArns: true } })
    if (!row) throw new AppError('NOT_FOUND', 'That integration no longer exists.')
    const topics = input.topicArns ? checkTopics(row.kind, input.topicArns) : undefined
    const { count } = await tx.alertIntegration.updateMany({
      where: { id: input.id, version: input.expectedVersion },
      data: { ...(input.enabled !== undefined ? { enabled: input.enabled } : {}), ...(topics ? { topicArns: topics } : {}), version: { increment: 1 } },
    })
    if (count !== 1) throw stale()
    await recordAudit(tx, {
      action: 'admin.alert_integration.update',
      actor: ctx.actor,
      targetType: 'alert_integration',
      targetId: input.id,
      requestId: ctx.requestId,
      params: { name: row.name, enabled: { from: row.enabled, to: input.enabled ?? row.enabled }, topicArns: topics ?? row.topicArns },
    })
    return { id: input.id, version: input.expectedVersion + 1 }
  })
}
