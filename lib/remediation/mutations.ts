import 'server-only'
// Guarded changes to running services. Every guard is enforced here, on the server:
// role, an open incident and a typed confirmation in production, two-person approval
// for destructive production actions, exactly-once by idempotency key, one action
// at a time per service, a cooldown, and a shared rate limit on AWS changes. Running a
// request (run.ts) and following it (the worker) write through the store functions at the
// end of this file; every status change is a transition of machine.ts.
import type { ActorContext } from '@/lib/actions/actor'
import { recordAudit } from '@/lib/audit/record'
import { completionHash } from '@/lib/audit/chain'
import { can } from '@/lib/auth/permissions'
import { isAwsError } from '@/lib/aws/errors'
import { db, type DbTransaction, Prisma } from '@/lib/db/client'
import { AppError } from '@/lib/errors'
import { appendIncidentEntry, lockIncidentFirst, notifyApprovalWanted } from '@/lib/incidents/mutations'
import type { RemediationPreview } from './dto'
import { columnsOf, transition, type MachineState, type RemediationEvent } from './machine'
import { planRemediation, type Plan } from './plan'
import { loadService, openIncidentsNaming, recentAction as recentActionWithin, serviceSelect, steadyRevisions } from './queries'
import { executeRemediation } from './run'
import { COOLDOWN_MS, refuseWhileBusy } from './mutations/busy'
import { remediationKindLabels, type DecideRemediationInput, type PreviewRemediationInput, type RequestRemediationInput } from './schemas'
export { advanceRemediation, WATCH_INTERVAL_MS } from './run'
export { COOLDOWN_MS } from './mutations/busy'
export const APPROVAL_TTL_MS = 15 * 60_000
/** AWS changes per minute across every service and instance: well under ECS's modify limits. */
export const MAX_CHANGES_PER_MINUTE = 20

const recentAction = (serviceId: string) => recentActionWithin(serviceId, COOLDOWN_MS)

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
    steadyRevisions(s.id)
      .then((steady) => planRemediation(s, input.action, steady))
      .catch((e) => Promise.reject(toAppError(e))),
    recentAction(s.id),
    openIncidentsNaming(s.id),
  ])
  const production = s.environment === 'PROD'
  return {
    summary: plan.summary,
    targetReason: plan.targetReason ?? null,
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

export async function timeline(tx: DbTransaction, incidentId: string | null, actorId: string | null, text: string, data: Prisma.InputJsonValue) {
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
  // Busy and cooldown: checked once, under the service's lock, in the transaction below (refuseWhileBusy).
  let plan: Plan
  try {
    plan = await planRemediation(s, input.action, await steadyRevisions(s.id))
  } catch (err) {
    throw toAppError(err)
  }
  const requiresApproval = production && plan.destructive
  const incidentId = input.incidentId ?? null
  let stored = false
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
          preview: plan.targetReason ? `${plan.summary} (${plan.targetReason})` : plan.summary,
          reason: input.reason,
          requesterId: ctx.actor.id,
          status: requiresApproval ? 'PENDING_APPROVAL' : 'APPROVED',
          requiresApproval,
          expiresAt: requiresApproval ? new Date(Date.now() + APPROVAL_TTL_MS) : null,
          cooldownOverride: input.cooldownOverride ?? null,
          before: plan.before,
          ...(input.runbookStep ? { runbookRunId: input.runbookStep.runId, runbookStepId: input.runbookStep.stepId } : {}),
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
    stored = true
    if (!requiresApproval) await executeRemediation(ctx, created.id)
    else if (incidentId) await notifyApprovalWanted(ctx, { incidentId, remediationId: created.id, change: plan.summary, reason: input.reason })
    return { id: created.id, created: true }
  } catch (err) {
    // The same key, pressed twice at once (here or on another instance): the other press created it; return that one.
    // Its insert wins the unique key (P2002) or, holding the service's lock first, makes this busy check refuse (CONFLICT).
    const code = (err as { code?: string }).code
    if (!stored && (code === 'P2002' || code === 'CONFLICT')) {
      const row = await db.remediationRequest.findUnique({ where: { idempotencyKey: input.idempotencyKey }, select: { id: true } })
      if (row) return { id: row.id, created: false }
    }
    throw err
  }
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
/**
 * Ends a request EXPIRED as the system, under its incident's lock: the transition (only while it is
 * still `status` and was never run), the `remediation.request.expire` audit event and the timeline
 * entry. `why.reason`, when given, is kept as the request's error and the audit reason. False when
 * the request had moved on meanwhile.
 */
export async function expireRequest(
  tx: DbTransaction,
  r: { id: string; incidentId: string | null; serviceId: string | null; status: 'APPROVED' | 'PENDING_APPROVAL' },
  why: { entry: string; reason?: string },
  now: Date,
): Promise<boolean> {
  await lockIncidentFirst(tx, r.incidentId)
  const { count } = await tx.remediationRequest.updateMany({
    where: { id: r.id, status: r.status, executedAt: null },
    data: { ...columnsOf(transition(r.status, 'expire')!), ...(why.reason ? { error: why.reason } : {}), finishedAt: now },
  })
  if (!count) return false
  await recordAudit(tx, {
    action: 'remediation.request.expire',
    actorEmail: 'system',
    targetType: 'remediation',
    targetId: r.id,
    serviceId: r.serviceId ?? undefined,
    incidentId: r.incidentId ?? undefined,
    reason: why.reason,
  })
  await timeline(tx, r.incidentId, null, why.entry, { remediationId: r.id, status: 'EXPIRED' })
  return true
}

export async function expireStaleRequests(now = new Date()) {
  const stale = await db.remediationRequest.findMany({
    where: { status: 'PENDING_APPROVAL', expiresAt: { lt: now } },
    select: { id: true, incidentId: true, preview: true, serviceId: true },
  })
  const entry = (preview: string) => `Expired without a decision after ${APPROVAL_TTL_MS / 60_000} minutes: ${preview}.`
  for (const r of stale) await db.$transaction((tx) => expireRequest(tx, { ...r, status: 'PENDING_APPROVAL' }, { entry: entry(r.preview) }, now))
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
      data: { ...columnsOf(transition('PENDING_APPROVAL', 'approve')!), approverId: ctx.actor.id, decidedAt: new Date(), decisionReason: input.reason ?? null },
    })
    if (!count) throw new AppError('CONFLICT', 'Someone decided on this request first.')
    await recordAudit(tx, {
      action: 'remediation.request.approve',
      actor: ctx.actor,
      requestId: ctx.requestId,
      targetType: 'remediation',
      targetId: req.id,
      serviceId: req.serviceId ?? undefined,
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
      data: {
        ...columnsOf(transition('PENDING_APPROVAL', 'reject')!),
        approverId: ctx.actor.id,
        decidedAt: new Date(),
        decisionReason: input.reason,
        finishedAt: new Date(),
      },
    })
    await recordAudit(tx, {
      action: 'remediation.request.reject',
      actor: ctx.actor,
      requestId: ctx.requestId,
      targetType: 'remediation',
      targetId: req.id,
      serviceId: req.serviceId ?? undefined,
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

// ---- the store: every write of a running request, for run.ts and the worker ----

export const runSelect = {
  id: true,
  kind: true,
  params: true,
  status: true,
  stage: true,
  incidentId: true,
  requesterId: true,
  preview: true,
  reason: true,
  before: true,
  executedAt: true,
  deploymentId: true,
  registeredTaskDefinitionArn: true,
  service: { select: serviceSelect },
} satisfies Prisma.RemediationRequestSelect
export type RunRow = Prisma.RemediationRequestGetPayload<{ select: typeof runSelect }>

export const loadRun = (id: string) => db.remediationRequest.findUnique({ where: { id }, select: runSelect })

/** Requests the worker follows: everything EXECUTING, oldest first. */
export async function executingRequests(): Promise<string[]> {
  const rows = await db.remediationRequest.findMany({ where: { status: 'EXECUTING' }, orderBy: { executedAt: 'asc' }, select: { id: true } })
  return rows.map((r) => r.id)
}

type Settle = {
  data?: Omit<Prisma.RemediationRequestUpdateManyMutationInput, 'status' | 'stage'>
  /** Timeline text (on the incident, when there is one). */
  text?: string
  actorId?: string | null
  timelineData?: Record<string, Prisma.InputJsonValue | null>
}

/**
 * Applies one event of the state machine to a request, in one transaction with its timeline
 * entry, guarded on the state it was read in (another instance may have moved it first).
 * Returns the new state, or null when the event did not apply.
 */
export async function applyEvent(id: string, from: MachineState, event: RemediationEvent, s: Settle = {}, now = new Date()): Promise<MachineState | null> {
  const to = transition(from, event)
  if (!to) throw new Error(`remediation ${id}: event ${event} does not apply in state ${from}`)
  const was = columnsOf(from)
  const next = columnsOf(to)
  const ends = next.status !== 'EXECUTING'
  const incidentId = (await db.remediationRequest.findUnique({ where: { id }, select: { incidentId: true } }))?.incidentId ?? null
  return db.$transaction(async (tx) => {
    await lockIncidentFirst(tx, incidentId)
    const { count } = await tx.remediationRequest.updateMany({
      where: {
        id,
        status: was.status,
        ...(was.status === 'EXECUTING' ? { OR: [{ stage: was.stage }, ...(was.stage === 'SENDING' ? [{ stage: null }] : [])] } : {}),
      },
      data: { ...s.data, status: next.status, stage: next.stage, ...(ends ? { finishedAt: now } : {}) },
    })
    if (!count) return null
    if (s.text) await timeline(tx, incidentId, s.actorId ?? null, s.text, { remediationId: id, status: next.status, stage: next.stage, ...s.timelineData })
    return to
  })
}

/** Moves an approved request to EXECUTING:SENDING under the shared rate limit, across every instance. */
export async function claimRequest(id: string, serviceId: string, serviceName: string, before: object, now = new Date()) {
  return db.$transaction(async (tx) => {
    await tx.$executeRawUnsafe("SELECT pg_advisory_xact_lock(hashtext('incident-command:remediation-rate'))")
    const lastMinute = await tx.remediationRequest.count({ where: { executedAt: { gt: new Date(now.getTime() - 60_000) } } })
    if (lastMinute >= MAX_CHANGES_PER_MINUTE)
      return { ok: false as const, why: `the shared limit of ${MAX_CHANGES_PER_MINUTE} AWS changes a minute was reached; try again in a minute` }
    // The lock makes this check race-free; the partial unique index is the backstop.
    const running = await tx.remediationRequest.findFirst({ where: { serviceId, status: 'EXECUTING' }, select: { preview: true } })
    if (running) return { ok: false as const, why: `another action is already running on ${serviceName} (${running.preview})` }
    const to = columnsOf(transition('APPROVED', 'claim')!)
    const { count } = await tx.remediationRequest.updateMany({
      where: { id, status: 'APPROVED' },
      data: { ...to, executedAt: now, before: before as Prisma.InputJsonValue },
    })
    return count === 1 ? { ok: true as const } : { ok: false as const, why: null }
  })
}

/** A PENDING audit event, committed before the AWS call it records. */
export async function openAudit(entry: Parameters<typeof recordAudit>[1]) {
  return db.$transaction((tx) => recordAudit(tx, { ...entry, status: 'PENDING' }))
}

/** Completes a PENDING audit event with what was learned (the answer, or the read-back). */
export async function completeAudit(id: number, status: 'SUCCEEDED' | 'FAILED', awsRequestId: string | null, error: string | null) {
  const row = await db.auditEvent.findUnique({ where: { id }, select: { hash: true, status: true } })
  if (!row || row.status !== 'PENDING') return
  const completedAt = new Date()
  await db.auditEvent.updateMany({
    where: { id, status: 'PENDING' },
    data: { status, awsRequestId, error, completedAt, completionHash: completionHash(row.hash!, { status, awsRequestId, error, completedAt }) },
  })
}

/** The AWS calls of a request still PENDING in the audit log (after no answer, or a crash), oldest first. */
export async function pendingAuditsOf(remediationId: string) {
  const rows = await db.auditEvent.findMany({
    where: { status: 'PENDING', params: { path: ['remediationId'], equals: remediationId } },
    orderBy: { id: 'asc' },
    select: { id: true },
  })
  return rows.map((r) => r.id)
}

export const pendingAuditOf = async (remediationId: string) => (await pendingAuditsOf(remediationId)).at(-1) ?? null

export async function recordRegistered(id: string, arn: string) {
  await db.remediationRequest.updateMany({ where: { id, status: 'EXECUTING' }, data: { registeredTaskDefinitionArn: arn } })
}
