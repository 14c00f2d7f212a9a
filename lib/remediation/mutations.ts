import 'server-only'
// Guarded changes to running services. Every guard is enforced here, on the server:
// role, an open incident and a typed confirmation in production, two-person approval
// for destructive production actions, exactly-once by idempotency key, one action
// at a time per service, a cooldown, and a shared rate limit on AWS changes. Every
// AWS call is audited before it is sent (withAudit), and its outcome is followed
// until the service is steady, failed, or out of time.
import type { ActorContext } from '@/lib/actions/actor'
import type { AuditAction } from '@/lib/audit/actions'
import { recordAudit } from '@/lib/audit/record'
import { withAudit } from '@/lib/audit/with-audit'
import { can } from '@/lib/auth/permissions'
import { deployTaskDefinition, describeService, forceNewDeployment, registerTaskDefinitionFrom, updateDesiredCount } from '@/lib/aws/ecs'
import { isAwsError } from '@/lib/aws/errors'
import { db, type DbTransaction, Prisma } from '@/lib/db/client'
import { AppError } from '@/lib/errors'
import { appendIncidentEntry, lockIncidentFirst } from '@/lib/incidents/mutations'
import type { RemediationPreview, RemediationStatus } from './dto'
import { planRemediation, type Plan, type ServiceTarget } from './plan'
import { remediationKindLabels, type DecideRemediationInput, type PreviewRemediationInput, type RemediationKind, type RequestRemediationInput } from './schemas'

export const COOLDOWN_MS = 5 * 60_000
export const APPROVAL_TTL_MS = 15 * 60_000
export const WATCH_TIMEOUT_MS = 10 * 60_000
/** AWS changes per minute across every service and instance: well under ECS's modify limits. */
export const MAX_CHANGES_PER_MINUTE = 20

const serviceSelect = { id: true, name: true, environment: true, region: true, cluster: true, ecsServiceName: true } as const

async function loadService(id: string): Promise<ServiceTarget> {
  const s = await db.service.findUnique({ where: { id }, select: serviceSelect })
  if (!s) throw new AppError('NOT_FOUND', 'That service is no longer in the catalog.')
  return s
}

const openIncidentsNaming = (serviceId: string) =>
  db.incident.findMany({
    where: { status: { not: 'RESOLVED' }, services: { some: { serviceId } } },
    orderBy: { declaredAt: 'desc' },
    select: { id: true, number: true, title: true },
  })

/** The latest action on the service that is running, or finished within the cooldown. */
async function recentAction(serviceId: string) {
  return db.remediationRequest.findFirst({
    where: {
      serviceId,
      OR: [{ status: 'EXECUTING' }, { finishedAt: { gt: new Date(Date.now() - COOLDOWN_MS) }, status: { in: ['SUCCEEDED', 'FAILED'] } }],
    },
    orderBy: { createdAt: 'desc' },
    select: { kind: true, status: true, finishedAt: true, executedAt: true, requester: { select: { name: true } } },
  })
}

const describeRecent = (r: NonNullable<Awaited<ReturnType<typeof recentAction>>>) => `${remediationKindLabels[r.kind].toLowerCase()} by ${r.requester.name}`

function toAppError(err: unknown) {
  if (err instanceof AppError) return err
  if (isAwsError(err)) return new AppError(err.kind === 'throttled' ? 'RATE_LIMITED' : 'VALIDATION', `AWS: ${err.message}`)
  return err
}

/** What the button will do, shown before anything runs. */
export async function previewRemediation(_ctx: ActorContext, input: PreviewRemediationInput): Promise<RemediationPreview> {
  const s = await loadService(input.serviceId)
  const [plan, recent, incidents] = await Promise.all([
    planRemediation(s, input.action).catch((e) => Promise.reject(toAppError(e))),
    recentAction(s.id),
    openIncidentsNaming(s.id),
  ])
  const production = s.environment === 'PROD'
  return {
    summary: plan.summary,
    details: plan.details,
    warnings: plan.warnings,
    production,
    requiresApproval: production && plan.destructive,
    confirmName: production ? s.ecsServiceName : null,
    cooldown: recent
      ? { lastAction: describeRecent(recent), finishedAt: recent.finishedAt?.toISOString() ?? null, running: recent.status === 'EXECUTING' }
      : null,
    incidents: incidents.map((i) => ({ id: i.id, ref: `INC-${i.number}`, title: i.title })),
  }
}

async function timeline(tx: DbTransaction, incidentId: string | null, actorId: string | null, text: string, data: Prisma.InputJsonValue) {
  if (incidentId) await appendIncidentEntry(tx, { incidentId, kind: 'remediation', actorId, text, data })
}

const inflightByKey = new Map<string, Promise<{ id: string; created: boolean }>>()

/**
 * Creates the request (once per idempotency key) and runs it unless it needs approval.
 * Presses of the same button share one attempt in this instance; across instances the
 * unique key lets one insert win and the others return it.
 */
export function requestRemediation(ctx: ActorContext, input: RequestRemediationInput) {
  const running = inflightByKey.get(input.idempotencyKey)
  if (running) return running.then((r) => ({ ...r, created: false }))
  const attempt = createRequest(ctx, input).finally(() => inflightByKey.delete(input.idempotencyKey))
  inflightByKey.set(input.idempotencyKey, attempt)
  return attempt
}

async function createRequest(ctx: ActorContext, input: RequestRemediationInput) {
  if (!can(ctx.actor.role, 'remediation:request')) throw new AppError('FORBIDDEN')
  const existing = await db.remediationRequest.findUnique({ where: { idempotencyKey: input.idempotencyKey }, select: { id: true } })
  if (existing) return { id: existing.id, created: false }

  const s = await loadService(input.serviceId)
  const production = s.environment === 'PROD'
  if (production) {
    const incidents = await openIncidentsNaming(s.id)
    if (!input.incidentId || !incidents.some((i) => i.id === input.incidentId)) {
      throw new AppError('VALIDATION', `A production action needs an open incident that names ${s.name}. Declare one or add the service to it first.`, {
        incidentId: ['Choose an open incident that names this service'],
      })
    }
    if (input.confirmName !== s.ecsServiceName) {
      throw new AppError('VALIDATION', `Type ${s.ecsServiceName} to confirm the target.`, { confirmName: [`Type ${s.ecsServiceName} exactly`] })
    }
  }
  const recent = await recentAction(s.id)
  if (recent?.status === 'EXECUTING') {
    throw new AppError(
      'CONFLICT',
      `Another action is running on ${s.name}: ${describeRecent(recent)}, started ${recent.executedAt?.toISOString().slice(11, 19)} UTC. Wait for it to finish.`,
    )
  }
  if (recent && !input.cooldownOverride) {
    throw new AppError(
      'CONFLICT',
      `An action finished on ${s.name} at ${recent.finishedAt?.toISOString().slice(11, 19)} UTC (${describeRecent(recent)}). Watch the service for 5 minutes before the next step, or give a reason to act now.`,
      { cooldownOverride: ['Give a reason to act within the cooldown'] },
    )
  }

  let plan: Plan
  try {
    plan = await planRemediation(s, input.action)
  } catch (err) {
    throw toAppError(err)
  }
  const requiresApproval = production && plan.destructive
  const incidentId = input.incidentId ?? null
  try {
    const created = await db.$transaction(async (tx) => {
      await lockIncidentFirst(tx, incidentId)
      await refuseWhileBusy(tx, s, input.cooldownOverride)
      const row = await tx.remediationRequest.create({
        data: {
          idempotencyKey: input.idempotencyKey,
          serviceId: s.id,
          incidentId,
          kind: input.action.kind,
          params: { ...input.action, ...plan.target } as Prisma.InputJsonValue,
          preview: plan.summary,
          reason: input.reason,
          requesterId: ctx.actor.id,
          status: requiresApproval ? 'PENDING_APPROVAL' : 'APPROVED',
          requiresApproval,
          expiresAt: requiresApproval ? new Date(Date.now() + APPROVAL_TTL_MS) : null,
          cooldownOverride: input.cooldownOverride ?? null,
          before: plan.before,
        },
        select: { id: true },
      })
      await recordAudit(tx, {
        action: 'remediation.request.create',
        actor: ctx.actor,
        requestId: ctx.requestId,
        targetType: 'remediation',
        targetId: row.id,
        serviceId: s.id,
        incidentId: incidentId ?? undefined,
        reason: input.reason,
        params: { kind: input.action.kind, change: plan.summary, requiresApproval, cooldownOverride: input.cooldownOverride ?? null },
      })
      await timeline(
        tx,
        incidentId,
        ctx.actor.id,
        requiresApproval ? `Requested (waiting for approval): ${plan.summary}. Reason: ${input.reason}` : `Requested: ${plan.summary}. Reason: ${input.reason}`,
        { remediationId: row.id, kind: input.action.kind, status: requiresApproval ? 'PENDING_APPROVAL' : 'APPROVED' },
      )
      return row
    })
    if (!requiresApproval) await executeRemediation(ctx, created.id)
    return { id: created.id, created: true }
  } catch (err) {
    // The same key, pressed twice at once: the other press created it; return that one.
    if ((err as { code?: string }).code === 'P2002') {
      const row = await db.remediationRequest.findUnique({ where: { idempotencyKey: input.idempotencyKey }, select: { id: true } })
      if (row) return { id: row.id, created: false }
    }
    throw err
  }
}

const auditActionOf: Record<RemediationKind, AuditAction> = {
  FORCE_NEW_DEPLOYMENT: 'ecs.service.force_deploy',
  SCALE: 'ecs.service.scale',
  ROLLBACK: 'ecs.service.rollback',
  RAISE_MEMORY: 'ecs.service.deploy',
}

async function fail(id: string, incidentId: string | null, actorId: string | null, message: string, status: RemediationStatus = 'FAILED') {
  await db.$transaction(async (tx) => {
    await lockIncidentFirst(tx, incidentId)
    const { count } = await tx.remediationRequest.updateMany({
      where: { id, status: { in: ['APPROVED', 'EXECUTING'] } },
      data: { status, error: message, finishedAt: new Date() },
    })
    if (count) await timeline(tx, incidentId, actorId, `Remediation failed: ${message}`, { remediationId: id, status })
  })
}

/** Moves an approved request to EXECUTING and makes the AWS call, exactly once. */
export async function executeRemediation(ctx: ActorContext, id: string) {
  const req = await db.remediationRequest.findUniqueOrThrow({
    where: { id },
    select: { id: true, kind: true, params: true, status: true, incidentId: true, preview: true, reason: true, service: { select: serviceSelect } },
  })
  if (req.status !== 'APPROVED') return
  // The shared rate limit and the claim happen under one lock, across every instance.
  const claim = await db.$transaction(async (tx) => {
    await tx.$executeRawUnsafe("SELECT pg_advisory_xact_lock(hashtext('incident-command:remediation-rate'))")
    const lastMinute = await tx.remediationRequest.count({ where: { executedAt: { gt: new Date(Date.now() - 60_000) } } })
    if (lastMinute >= MAX_CHANGES_PER_MINUTE)
      return { ok: false as const, why: `the shared limit of ${MAX_CHANGES_PER_MINUTE} AWS changes a minute was reached; try again in a minute` }
    // The lock makes this check race-free; the partial unique index is the backstop.
    const running = await tx.remediationRequest.findFirst({ where: { serviceId: req.service.id, status: 'EXECUTING' }, select: { preview: true } })
    if (running) return { ok: false as const, why: `another action is already running on ${req.service.name} (${running.preview})` }
    const { count } = await tx.remediationRequest.updateMany({ where: { id, status: 'APPROVED' }, data: { status: 'EXECUTING', executedAt: new Date() } })
    return count === 1 ? { ok: true as const } : { ok: false as const, why: null }
  })
  if (!claim.ok) {
    if (claim.why) {
      await fail(id, req.incidentId, ctx.actor.id, claim.why)
      throw new AppError(claim.why.startsWith('the shared limit') ? 'RATE_LIMITED' : 'CONFLICT', `Not run: ${claim.why}.`)
    }
    return
  }

  const s = req.service
  const ref = { region: s.region, cluster: s.cluster, service: s.ecsServiceName }
  const params = req.params as { desiredCount?: number; taskDefinitionArn?: string; memoryMiB?: number; cpu?: number }
  const audit = {
    action: auditActionOf[req.kind],
    targetType: 'ecs-service',
    targetId: `${s.region}/${s.cluster}/${s.ecsServiceName}`,
    serviceId: s.id,
    incidentId: req.incidentId ?? undefined,
    reason: req.reason,
  }
  try {
    let result: { awsRequestId: string | null; deploymentId?: string | null; taskDefinition?: string }
    if (req.kind === 'SCALE') {
      result = await withAudit(ctx, { ...audit, params: { remediationId: id, desiredCount: params.desiredCount ?? 0 } }, () =>
        updateDesiredCount(ref, params.desiredCount ?? 0),
      )
    } else if (req.kind === 'FORCE_NEW_DEPLOYMENT') {
      result = await withAudit(ctx, { ...audit, params: { remediationId: id } }, () => forceNewDeployment(ref))
    } else if (req.kind === 'ROLLBACK') {
      result = await withAudit(ctx, { ...audit, params: { remediationId: id, taskDefinition: params.taskDefinitionArn ?? '' } }, () =>
        deployTaskDefinition(ref, params.taskDefinitionArn ?? ''),
      )
    } else {
      const before = (await db.remediationRequest.findUniqueOrThrow({ where: { id }, select: { before: true } })).before as { taskDefinitionArn: string }
      const registered = await withAudit(
        ctx,
        {
          action: 'ecs.taskdef.register',
          targetType: 'task-definition',
          targetId: before.taskDefinitionArn,
          serviceId: s.id,
          incidentId: req.incidentId ?? undefined,
          reason: req.reason,
          params: { remediationId: id, memoryMiB: params.memoryMiB ?? null, cpu: params.cpu ?? null },
        },
        () => registerTaskDefinitionFrom(s.region, before.taskDefinitionArn, { memory: params.memoryMiB, cpu: params.cpu }),
      )
      result = await withAudit(ctx, { ...audit, params: { remediationId: id, taskDefinition: registered.taskDefinition.arn } }, () =>
        deployTaskDefinition(ref, registered.taskDefinition.arn),
      )
      result.taskDefinition = registered.taskDefinition.name
    }
    await db.$transaction(async (tx) => {
      await lockIncidentFirst(tx, req.incidentId)
      await tx.remediationRequest.update({ where: { id }, data: { awsRequestId: result.awsRequestId } })
      await timeline(
        tx,
        req.incidentId,
        ctx.actor.id,
        `Sent to AWS: ${req.preview} (request ${result.awsRequestId ?? 'unknown'}). Watching until the service is steady.`,
        {
          remediationId: id,
          awsRequestId: result.awsRequestId,
          status: 'EXECUTING',
        },
      )
    })
    startWatching(id)
  } catch (err) {
    const message = isAwsError(err)
      ? `${err.message}${err.requestId ? ` (AWS request ${err.requestId})` : ''}`
      : err instanceof Error
        ? err.message
        : String(err)
    await fail(id, req.incidentId, ctx.actor.id, message)
    ctx.log.warn({ err, remediationId: id }, 'remediation failed')
  }
}

/**
 * Checks a running action once: finished when the deployment is COMPLETED with every
 * desired task running, failed when the rollout failed or it ran out of time. Safe to
 * call from any instance, any number of times.
 */
export async function advanceRemediation(id: string): Promise<RemediationStatus> {
  const req = await db.remediationRequest.findUnique({
    where: { id },
    select: {
      status: true,
      executedAt: true,
      incidentId: true,
      requesterId: true,
      preview: true,
      kind: true,
      params: true,
      service: { select: serviceSelect },
    },
  })
  if (!req) return 'FAILED'
  if (req.status !== 'EXECUTING') return req.status
  const s = req.service
  let status
  try {
    status = await describeService({ region: s.region, cluster: s.cluster, service: s.ecsServiceName })
  } catch {
    return 'EXECUTING' // AWS did not answer this time; the next check tries again.
  }
  const primary = status.primaryDeployment
  const wanted = (req.params as { desiredCount?: number }).desiredCount
  const after = {
    desired: status.desiredCount,
    running: status.runningCount,
    taskDefinition: status.taskDefinition,
    rolloutState: primary?.rolloutState ?? null,
  }
  const steady =
    primary?.rolloutState === 'COMPLETED' &&
    status.deployments.length === 1 &&
    status.runningCount === status.desiredCount &&
    (wanted === undefined || status.desiredCount === wanted)
  const failed = primary?.rolloutState === 'FAILED' || status.circuitBreakerTripped
  const late = Date.now() - (req.executedAt?.getTime() ?? Date.now()) > WATCH_TIMEOUT_MS
  if (!steady && !failed && !late) return 'EXECUTING'
  const outcome: RemediationStatus = steady ? 'SUCCEEDED' : 'FAILED'
  const seconds = Math.round((Date.now() - (req.executedAt?.getTime() ?? Date.now())) / 1000)
  const text = steady
    ? `Steady: ${s.name} runs ${status.runningCount}/${status.desiredCount} tasks on ${status.taskDefinition} (${seconds} s after the change).`
    : failed
      ? `The deployment failed: ${primary?.rolloutStateReason ?? 'the circuit breaker stopped it'}. ${s.name} runs ${status.runningCount}/${status.desiredCount} tasks.`
      : `Not steady after ${WATCH_TIMEOUT_MS / 60_000} minutes: ${s.name} runs ${status.runningCount}/${status.desiredCount} tasks. Look at the service page.`
  await db.$transaction(async (tx) => {
    await lockIncidentFirst(tx, req.incidentId)
    const { count } = await tx.remediationRequest.updateMany({
      where: { id, status: 'EXECUTING' },
      data: { status: outcome, after, finishedAt: new Date(), error: steady ? null : text },
    })
    if (count) await timeline(tx, req.incidentId, null, text, { remediationId: id, status: outcome, after })
  })
  return outcome
}

const watching = new Set<string>()
export const WATCH_INTERVAL_MS = 2_000

/** Follows a running action in this instance until it ends (any instance may finish it). */
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

async function pendingFor(tx: DbTransaction | typeof db, requestId: string) {
  const req = await tx.remediationRequest.findUnique({
    where: { id: requestId },
    select: { id: true, status: true, requesterId: true, expiresAt: true, incidentId: true, preview: true, serviceId: true },
  })
  if (!req) throw new AppError('NOT_FOUND', 'That request no longer exists.')
  return req
}

/** Marks requests that waited too long for a decision as EXPIRED. */
export async function expireStaleRequests() {
  const stale = await db.remediationRequest.findMany({
    where: { status: 'PENDING_APPROVAL', expiresAt: { lt: new Date() } },
    select: { id: true, incidentId: true, preview: true, serviceId: true },
  })
  for (const r of stale) {
    await db.$transaction(async (tx) => {
      await lockIncidentFirst(tx, r.incidentId)
      const { count } = await tx.remediationRequest.updateMany({
        where: { id: r.id, status: 'PENDING_APPROVAL' },
        data: { status: 'EXPIRED', finishedAt: new Date() },
      })
      if (!count) return
      await recordAudit(tx, {
        action: 'remediation.request.expire',
        actorEmail: 'system',
        targetType: 'remediation',
        targetId: r.id,
        serviceId: r.serviceId,
        incidentId: r.incidentId ?? undefined,
      })
      await timeline(tx, r.incidentId, null, `Expired without a decision after ${APPROVAL_TTL_MS / 60_000} minutes: ${r.preview}.`, {
        remediationId: r.id,
        status: 'EXPIRED',
      })
    })
  }
  return stale.length
}

export async function approveRemediation(ctx: ActorContext, input: DecideRemediationInput) {
  if (!can(ctx.actor.role, 'remediation:approve')) throw new AppError('FORBIDDEN', 'Only an incident commander or an admin can approve.')
  await expireStaleRequests()
  await db.$transaction(async (tx) => {
    const req = await pendingFor(tx, input.requestId)
    await lockIncidentFirst(tx, req.incidentId)
    if (req.requesterId === ctx.actor.id) throw new AppError('FORBIDDEN', 'You cannot approve your own request: a second person must.')
    if (req.status === 'EXPIRED') throw new AppError('CONFLICT', 'This request expired. Ask for it again if it is still needed.')
    if (req.status !== 'PENDING_APPROVAL') throw new AppError('CONFLICT', `This request is already ${req.status.toLowerCase().replace('_', ' ')}.`)
    const { count } = await tx.remediationRequest.updateMany({
      where: { id: req.id, status: 'PENDING_APPROVAL' },
      data: { status: 'APPROVED', approverId: ctx.actor.id, decidedAt: new Date(), decisionReason: input.reason ?? null },
    })
    if (!count) throw new AppError('CONFLICT', 'Someone decided on this request first.')
    await recordAudit(tx, {
      action: 'remediation.request.approve',
      actor: ctx.actor,
      requestId: ctx.requestId,
      targetType: 'remediation',
      targetId: req.id,
      serviceId: req.serviceId,
      incidentId: req.incidentId ?? undefined,
      reason: input.reason,
    })
    await timeline(tx, req.incidentId, ctx.actor.id, `Approved by ${ctx.actor.name}: ${req.preview}.`, { remediationId: req.id, status: 'APPROVED' })
  })
  await executeRemediation(ctx, input.requestId)
  return { id: input.requestId }
}

export async function rejectRemediation(ctx: ActorContext, input: DecideRemediationInput) {
  if (!can(ctx.actor.role, 'remediation:approve')) throw new AppError('FORBIDDEN', 'Only an incident commander or an admin can reject.')
  if (!input.reason) throw new AppError('VALIDATION', 'Say why you reject it.', { reason: ['Give a reason'] })
  return db.$transaction(async (tx) => {
    const req = await pendingFor(tx, input.requestId)
    await lockIncidentFirst(tx, req.incidentId)
    if (req.status !== 'PENDING_APPROVAL') throw new AppError('CONFLICT', `This request is already ${req.status.toLowerCase().replace('_', ' ')}.`)
    await tx.remediationRequest.update({
      where: { id: req.id },
      data: { status: 'REJECTED', approverId: ctx.actor.id, decidedAt: new Date(), decisionReason: input.reason, finishedAt: new Date() },
    })
    await recordAudit(tx, {
      action: 'remediation.request.reject',
      actor: ctx.actor,
      requestId: ctx.requestId,
      targetType: 'remediation',
      targetId: req.id,
      serviceId: req.serviceId,
      incidentId: req.incidentId ?? undefined,
      reason: input.reason,
    })
    await timeline(tx, req.incidentId, ctx.actor.id, `Rejected by ${ctx.actor.name}: ${req.preview}. Reason: ${input.reason}`, {
      remediationId: req.id,
      status: 'REJECTED',
    })
    return { id: req.id }
  })
}

/**
 * The check above, again under the service's own lock inside the transaction that
 * inserts: of simultaneous requests for one service only one is stored, and the others
 * are refused (CONFLICT) before anything is written, instead of each becoming a FAILED
 * request with its own audit event. A request created in the last minute and not yet
 * claimed counts as running: it is about to be.
 */
async function refuseWhileBusy(tx: DbTransaction, s: ServiceTarget, cooldownOverride: string | undefined) {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`incident-command:remediation-service:${s.id}`}))`
  const select = { status: true, finishedAt: true, createdAt: true, preview: true, requester: { select: { name: true } } } as const
  const busy = await tx.remediationRequest.findFirst({
    where: {
      serviceId: s.id,
      OR: [{ status: 'EXECUTING' }, { status: 'APPROVED', executedAt: null, createdAt: { gt: new Date(Date.now() - 60_000) } }],
    },
    select,
  })
  if (busy)
    throw new AppError('CONFLICT', `Another action is already under way on ${s.name}: ${busy.preview}, by ${busy.requester.name}. Wait for it to finish.`)
  if (cooldownOverride) return
  const cooling = await tx.remediationRequest.findFirst({
    where: { serviceId: s.id, status: { in: ['SUCCEEDED', 'FAILED'] }, finishedAt: { gt: new Date(Date.now() - COOLDOWN_MS) } },
    select,
  })
  if (cooling) {
    throw new AppError(
      'CONFLICT',
      `An action finished on ${s.name} at ${cooling.finishedAt?.toISOString().slice(11, 19)} UTC (${cooling.preview}, by ${cooling.requester.name}). Watch the service for 5 minutes before the next step, or give a reason to act now.`,
      { cooldownOverride: ['Give a reason to act within the cooldown'] },
    )
  }
}
