import 'server-only'
// Runs an approved request and follows it to its outcome, one state-machine event at a time.
// A change is sent once: when AWS does not answer, the service is read back to learn whether
// it landed, and the request then watches the deployment it created, or ends "not landed".
// Safe to call from any instance, any number of times: every write is a guarded transition.
import type { ActorContext } from '@/lib/actions/actor'
import { describeService } from '@/lib/aws/ecs'
import { isAwsError, mayHaveLanded } from '@/lib/aws/errors'
import { AppError } from '@/lib/errors'
import { executeDatabaseRemediation, settleLostDatabaseAction } from '@/lib/databases/mutations'
import type { RemediationStatus } from './dto'
import { executors, type RunParams } from './executors'
import { judgeDeployment, landedDeployment, type Before } from './judge'
import { columnsOf, stateOf } from './machine'
import { isDatabaseRemediation, type RemediationKind } from './schemas'
import { applyEvent, claimRequest, completeAudit, loadRun, openAudit, pendingAuditOf, pendingAuditsOf, recordRegistered, type RunRow } from './mutations'

export const WATCH_TIMEOUT_MS = 10 * 60_000
/** After a call that did not answer, how long a change may take to show before it counts as not landed. */
export const VERIFY_WINDOW_MS = 60_000
/** A request SENDING for longer than this has lost its sender (the instance stopped mid-call). */
export const SEND_GRACE_MS = 45_000
export const WATCH_INTERVAL_MS = 2_000

/** An ECS request: a service to act on and an ECS kind (database kinds run in lib/databases/remediation.ts). */
type EcsRow = RunRow & { service: NonNullable<RunRow['service']>; kind: RemediationKind }
const isEcs = (r: RunRow): r is EcsRow => r.service !== null && !isDatabaseRemediation(r.kind)

const refOf = (r: EcsRow) => ({ region: r.service.region, cluster: r.service.cluster, service: r.service.ecsServiceName })
const messageOf = (err: unknown) =>
  isAwsError(err) ? `${err.message}${err.requestId ? ` (AWS request ${err.requestId})` : ''}` : err instanceof Error ? err.message : String(err)
const leftBehindOf = (r: { kind: string; registeredTaskDefinitionArn: string | null }) =>
  r.kind === 'RAISE_MEMORY' && r.registeredTaskDefinitionArn
    ? `task definition ${r.registeredTaskDefinitionArn.split('/').pop()} was registered and is not running on the service (deploy it, or deregister it)`
    : null

/** Moves an approved request to EXECUTING and sends its change to AWS, exactly once. */
export async function executeRemediation(ctx: ActorContext, id: string) {
  const req = await loadRun(id)
  if (!req || req.status !== 'APPROVED') return
  if (!isEcs(req)) return executeDatabaseRemediation(ctx, id)
  const ref = refOf(req)
  // The service as it is just before the change: what the read-back compares against.
  let before: Before & Record<string, unknown>
  try {
    const now = await describeService(ref)
    before = {
      ...(req.before as object),
      deploymentIds: now.deployments.map((d) => d.id),
      desired: now.desiredCount,
      taskDefinition: now.taskDefinition,
      taskDefinitionArn: now.taskDefinitionArn,
      lastEventId: now.events[0]?.id ?? null,
    }
  } catch (err) {
    await applyEvent(id, 'APPROVED', 'refuse', { data: { error: `Not sent: ${messageOf(err)}` }, text: `Not sent: ${messageOf(err)}`, actorId: ctx.actor.id })
    return
  }
  const claim = await claimRequest(id, req.service.id, req.service.name, before)
  if (!claim.ok) {
    if (claim.why) {
      await applyEvent(id, 'APPROVED', 'refuse', { data: { error: claim.why }, text: `Remediation failed: ${claim.why}`, actorId: ctx.actor.id })
      throw new AppError(claim.why.startsWith('the shared limit') ? 'RATE_LIMITED' : 'CONFLICT', `Not run: ${claim.why}.`)
    }
    return
  }

  const params = req.params as RunParams
  let registered = null as string | null
  let lastAudit: number | null = null
  const base = { actor: ctx.actor, requestId: ctx.requestId, serviceId: req.service.id, incidentId: req.incidentId ?? undefined, reason: req.reason }
  try {
    const sent = await executors[req.kind].send(ref, params, before, {
      async step(audit, call) {
        const pending = await openAudit({ ...base, ...audit, params: { remediationId: id, ...audit.params } as never })
        lastAudit = pending.id
        try {
          const out = await call()
          await completeAudit(pending.id, 'SUCCEEDED', out.awsRequestId, null)
          return out
        } catch (err) {
          // No answer: the audit event stays PENDING until the read-back learns what happened.
          if (!mayHaveLanded(err)) await completeAudit(pending.id, 'FAILED', isAwsError(err) ? err.requestId : null, auditError(err, registered))
          throw err
        }
      },
      async registered(arn) {
        registered = arn
        await recordRegistered(id, arn)
      },
    })
    // A registration that did not answer but was found by reading back: say so in its audit event.
    for (const open of await pendingAuditsOf(id))
      await completeAudit(open, 'SUCCEEDED', null, `no answer; read back: registered ${registered?.split('/').pop()}`)
    await applyEvent(id, 'EXECUTING:SENDING', 'answered', {
      data: { awsRequestId: sent.awsRequestId, deploymentId: sent.deploymentId },
      text: `Sent to AWS: ${req.preview} (request ${sent.awsRequestId ?? 'unknown'}). Watching deployment ${sent.deploymentId ?? '?'} until it completes.`,
      actorId: ctx.actor.id,
      timelineData: { awsRequestId: sent.awsRequestId, deploymentId: sent.deploymentId },
    })
  } catch (err) {
    const leftBehind = leftBehindOf({ kind: req.kind, registeredTaskDefinitionArn: registered })
    if (mayHaveLanded(err) && lastAudit !== null && (await pendingAuditOf(id)) === lastAudit) {
      await applyEvent(id, 'EXECUTING:SENDING', 'no_answer', {
        text: `AWS did not answer (${messageOf(err)}). Reading the service back to learn whether the change landed; it is not sent again.`,
        actorId: ctx.actor.id,
      })
      await verify(id).catch((e) => ctx.log.warn({ err: e, remediationId: id }, 'read-back failed'))
    } else {
      const message = messageOf(err) + (leftBehind ? `. Left behind: ${leftBehind}` : '')
      for (const open of await pendingAuditsOf(id)) await completeAudit(open, 'FAILED', null, auditError(err, registered))
      await applyEvent(id, 'EXECUTING:SENDING', 'refused_by_aws', {
        data: { error: message, leftBehind },
        text: `Remediation failed: ${message}`,
        actorId: ctx.actor.id,
        timelineData: { leftBehind },
      })
      ctx.log.warn({ err, remediationId: id }, 'remediation failed')
    }
  }
  startWatching(id)
}

function auditError(err: unknown, registered: string | null) {
  const base = err instanceof Error ? `${isAwsError(err) ? `${err.code}: ` : ''}${err.message}` : String(err)
  return registered ? `${base}; left behind: registered ${registered.split('/').pop()}, not deployed` : base
}

/** After no answer (or a lost sender): read the service back; record landed, not landed, or (past the window) unknown. */
async function verify(id: string, now = new Date()): Promise<RemediationStatus> {
  const r = await loadRun(id)
  if (!r || r.status !== 'EXECUTING' || !isEcs(r)) return r?.status ?? 'FAILED'
  const from = stateOf(r.status, r.stage)
  const sentAt = r.executedAt?.getTime() ?? now.getTime()
  const audit = await pendingAuditOf(id)
  const before = r.before as Before
  const change = executors[r.kind].change(r.params as RunParams, r.registeredTaskDefinitionArn)
  let status
  try {
    status = await describeService(refOf(r))
  } catch (err) {
    if (now.getTime() - sentAt < WATCH_TIMEOUT_MS) return 'EXECUTING'
    const why = `The outcome is unknown: AWS did not answer the change, and reading the service back failed for ${WATCH_TIMEOUT_MS / 60_000} minutes (${messageOf(err)}). Look at the service.`
    if (audit) await completeAudit(audit, 'FAILED', null, why)
    await applyEvent(id, from, 'lost', { data: { error: why, leftBehind: leftBehindOf(r) }, text: why }, now)
    return 'UNKNOWN'
  }
  // A RAISE_MEMORY that lost its sender before the revision was recorded cannot be matched: unknown.
  const landed = change.kind === 'RAISE_MEMORY' && !change.taskDefinitionArn ? null : landedDeployment(status, change, before)
  if (landed) {
    const note = `no answer; read back at ${now.toISOString().slice(11, 19)} UTC: landed (deployment ${landed.id})`
    if (audit) await completeAudit(audit, 'SUCCEEDED', null, note)
    await applyEvent(
      id,
      from,
      'landed',
      {
        data: { deploymentId: landed.id, landing: 'LANDED' },
        text: `Read back: the change landed (deployment ${landed.id} on ${landed.taskDefinition}). Watching it until it completes.`,
      },
      now,
    )
    return 'EXECUTING'
  }
  if (now.getTime() - sentAt < VERIFY_WINDOW_MS) return 'EXECUTING'
  const leftBehind = leftBehindOf(r)
  const why = `Not landed: AWS did not answer the change and, ${Math.round((now.getTime() - sentAt) / 1000)} s later, the service does not show it (${status.taskDefinition}, desired ${status.desiredCount}). Nothing was sent again.${leftBehind ? ` Left behind: ${leftBehind}.` : ''}`
  if (audit) await completeAudit(audit, 'FAILED', null, why)
  await applyEvent(id, from, 'not_landed', { data: { error: why, landing: 'NOT_LANDED', leftBehind }, text: why }, now)
  return 'FAILED'
}

/**
 * Checks a running request once: a SENDING request whose sender is gone and a VERIFYING one
 * are read back; a WATCHING one is judged on its own deployment alone.
 */
export async function advanceRemediation(id: string, now = new Date()): Promise<RemediationStatus> {
  const r = await loadRun(id)
  if (!r) return 'FAILED'
  if (r.status !== 'EXECUTING') return r.status
  const sentAt = r.executedAt?.getTime() ?? now.getTime()
  const state = stateOf(r.status, r.stage)
  // A database action is sent and verified in one go by its sender; the worker only settles one whose sender vanished.
  if (!isEcs(r)) return now.getTime() - sentAt > SEND_GRACE_MS ? settleLostDatabaseAction(id, state, now) : 'EXECUTING'
  if (state === 'EXECUTING:SENDING') return now.getTime() - sentAt > SEND_GRACE_MS ? verify(id, now) : 'EXECUTING'
  if (state === 'EXECUTING:VERIFYING') return verify(id, now)
  const s = r.service
  let status
  try {
    status = await describeService(refOf(r))
  } catch {
    return 'EXECUTING' // AWS did not answer this time; the next check tries again.
  }
  const after = {
    desired: status.desiredCount,
    running: status.runningCount,
    taskDefinition: status.taskDefinition,
    taskDefinitionArn: status.taskDefinitionArn,
    rolloutState: status.primaryDeployment?.rolloutState ?? null,
  }
  const wanted = (r.params as RunParams).desiredCount
  const seconds = Math.round((now.getTime() - sentAt) / 1000)
  const verdict = r.deploymentId
    ? judgeDeployment(status, r.deploymentId, r.kind === 'SCALE' ? wanted : undefined, s.name, (r.before as Before | null)?.lastEventId)
    : null
  const late = now.getTime() - sentAt > WATCH_TIMEOUT_MS
  if (!verdict && !late && r.deploymentId) return 'EXECUTING'
  const event = verdict?.event ?? (r.deploymentId ? 'timed_out' : 'lost')
  const leftBehind = event === 'completed' ? null : leftBehindOf(r)
  const text =
    verdict?.text.replace(/\)\.$/, `, ${seconds} s after the change).`) ??
    (r.deploymentId
      ? `Not steady after ${WATCH_TIMEOUT_MS / 60_000} minutes: ${s.name} runs ${status.runningCount}/${status.desiredCount} tasks. Look at the service page.`
      : `AWS answered without naming the deployment it started, so the outcome cannot be judged. Look at the service page.`)
  const full = leftBehind ? `${text} Left behind: ${leftBehind}.` : text
  const to = await applyEvent(
    id,
    state,
    event,
    { data: { after, error: event === 'completed' ? null : full, leftBehind }, text: full, timelineData: { after } },
    now,
  )
  return to ? columnsOf(to).status : ((await loadRun(id))?.status ?? 'FAILED')
}

const watching = new Set<string>()

/** Follows a running request in this instance until it ends (the worker follows it too, on any instance). */
export function startWatching(id: string) {
  if (watching.has(id)) return
  watching.add(id)
  const tick = async () => {
    try {
      const status = await advanceRemediation(id)
      if (status === 'EXECUTING') return void setTimeout(tick, WATCH_INTERVAL_MS).unref?.()
    } catch {
      return void setTimeout(tick, WATCH_INTERVAL_MS * 2).unref?.()
    }
    watching.delete(id)
  }
  setTimeout(tick, WATCH_INTERVAL_MS).unref?.()
}
