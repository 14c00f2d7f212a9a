import 'server-only'
import type { ActorContext } from '@/lib/actions/actor'
import { isAwsError } from '@/lib/aws/errors'
import { db } from '@/lib/db/client'
import { completionHash } from './chain'
import { recordAudit, type AuditEntry } from './record'

/**
 * Runs a call to the outside world (AWS) with an audit trail that survives a crash:
 * a PENDING event is committed before the call, and completed with the outcome (the
 * AWS request id, or the error) after it.
 */
export async function withAudit<T extends { awsRequestId?: string | null }>(
  ctx: ActorContext,
  entry: Omit<AuditEntry, 'actor' | 'status' | 'requestId'>,
  call: () => Promise<T>,
): Promise<T> {
  const pending = await db.$transaction((tx) => recordAudit(tx, { ...entry, actor: ctx.actor, requestId: ctx.requestId, status: 'PENDING' }))
  const finish = async (status: 'SUCCEEDED' | 'FAILED', awsRequestId: string | null, error: string | null) => {
    const completedAt = new Date()
    await db.auditEvent.update({
      where: { id: pending.id },
      data: { status, awsRequestId, error, completedAt, completionHash: completionHash(pending.hash!, { status, awsRequestId, error, completedAt }) },
    })
  }
  try {
    const result = await call()
    await finish('SUCCEEDED', result.awsRequestId ?? null, null)
    return result
  } catch (err) {
    const requestId = isAwsError(err) ? err.requestId : null
    const message = err instanceof Error ? `${isAwsError(err) ? `${err.code}: ` : ''}${err.message}` : String(err)
    await finish('FAILED', requestId, message).catch((e) => ctx.log.error({ err: e }, 'could not complete the audit event'))
    throw err
  }
}
