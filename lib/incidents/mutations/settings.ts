import 'server-only'
import type { ActorContext } from '@/lib/actions/actor'
import { recordAudit } from '@/lib/audit/record'
import { db } from '@/lib/db/client'
import { AppError } from '@/lib/errors'
import { formatUtc } from '../clocks'
import type { SeverityPolicyRow } from '../dto'
import { severityPolicySelect, toSeverityPolicyRow } from '../mappers'
import { defaultSeverityPolicy, policyFor } from '../policy'
import type { UpdateSeverityPolicyInput } from '../schemas'
import { requirePolicyAdmin } from './change'

const policyFields = [
  'description',
  'ackWithinMinutes',
  'resolveWithinMinutes',
  'updateEveryMinutes',
  'updatesAtStartAndEnd',
  'escalateAfterMinutes',
  'postmortemRequired',
] as const

export async function updateSeverityPolicy(ctx: ActorContext, input: UpdateSeverityPolicyInput): Promise<SeverityPolicyRow> {
  requirePolicyAdmin(ctx)
  return db.$transaction(async (tx) => {
    // The migration inserts every row; put back a default if one was removed by hand.
    const { version: _v, ...fallback } = policyFor(defaultSeverityPolicy, input.severity)
    await tx.severityPolicy.createMany({ data: [fallback], skipDuplicates: true })
    const before = await tx.severityPolicy.findUniqueOrThrow({ where: { severity: input.severity }, select: severityPolicySelect })
    const stale = async () => {
      const last = await tx.auditEvent.findFirst({
        where: { action: 'admin.severity_policy.update', targetId: input.severity },
        orderBy: { id: 'desc' },
        select: { actorEmail: true, at: true },
      })
      const who = last ? ` (by ${last.actorEmail ?? 'someone'} at ${formatUtc(last.at)})` : ''
      return new AppError('CONFLICT', `The ${input.severity} policy changed since you loaded it${who}. Reload to see it, then try again.`)
    }
    if (before.version !== input.expectedVersion) throw await stale()
    const changed = Object.fromEntries(policyFields.filter((f) => before[f] !== input[f]).map((f) => [f, { from: before[f], to: input[f] }]))
    if (!Object.keys(changed).length) return toSeverityPolicyRow(before)
    const { count } = await tx.severityPolicy.updateMany({
      where: { severity: input.severity, version: input.expectedVersion },
      data: { ...Object.fromEntries(policyFields.map((f) => [f, input[f]])), version: { increment: 1 } },
    })
    if (count !== 1) throw await stale()
    await recordAudit(tx, {
      action: 'admin.severity_policy.update',
      actor: ctx.actor,
      targetType: 'severity_policy',
      targetId: input.severity,
      requestId: ctx.requestId,
      params: changed,
    })
    return toSeverityPolicyRow(await tx.severityPolicy.findUniqueOrThrow({ where: { severity: input.severity }, select: severityPolicySelect }))
  })
}
