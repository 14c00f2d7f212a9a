import 'server-only'
// Cancel a query or end a session on a registered database, as a remediation request of kind
// PG_CANCEL_BACKEND / PG_TERMINATE_BACKEND: the same table, state machine, approval, expiry,
// audit and timeline as the ECS actions (lib/remediation), with the database as the target.
// Order, never inside a transaction of ours: record the request (commit) → PENDING audit event
// (commit) → signal the backend on the target → complete the audit event → verify by reading the
// blocking chain again → record the outcome. The backend is named by pid and backend_start, so a
// reused pid is never signalled.
import type { ActorContext } from '@/lib/actions/actor'
import { recordAudit } from '@/lib/audit/record'
import { can } from '@/lib/auth/permissions'
import { db, type Prisma } from '@/lib/db/client'
import { AppError } from '@/lib/errors'
import { lockIncidentFirst, notifyApprovalWanted } from '@/lib/incidents/mutations'
import { APPROVAL_TTL_MS, applyEvent, completeAudit, openAudit, pendingAuditOf, timeline } from '@/lib/remediation/mutations'
import type { MachineState } from '@/lib/remediation/machine'
import type { BackendActionPreview } from '../dto'
import { connectionOf, type DatabaseTarget } from '../queries'
import type { BackendAction, PreviewBackendActionInput, RequestBackendActionInput } from '../schemas'
import { blockingChains, sessionByPid, signalBackend, TargetUnreachable, withTarget, type Session } from '../target'

/** How long the verification waits for a signalled backend to let go of its locks. */
export const VERIFY_WAIT_MS = 5_000
const VERIFY_POLL_MS = 200

const kindOf = (a: BackendAction) => (a === 'cancel' ? 'PG_CANCEL_BACKEND' : 'PG_TERMINATE_BACKEND')
const fnOf = (a: BackendAction) => (a === 'cancel' ? 'pg_cancel_backend' : 'pg_terminate_backend')
const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err))
const age = (s: number | null) => (s == null ? 'age unknown' : s < 120 ? `${Math.round(s)} s` : `${Math.round(s / 60)} min`)
const short = (q: string | null) => (q ? q.replace(/\s+/g, ' ').trim().slice(0, 120) : 'no query')

type Params = { action: BackendAction; pid: number; backendStart: string; query: string | null; ageSeconds: number | null; blocks: number[] }

async function openIncidents() {
  const rows = await db.incident.findMany({
    where: { status: { not: 'RESOLVED' } },
    orderBy: { declaredAt: 'desc' },
    take: 20,
    select: { id: true, number: true, title: true },
  })
  return rows.map((i) => ({ id: i.id, ref: `INC-${i.number}`, title: i.title }))
}

/** The session behind a pid and who waits on it, read live over the read-only role. */
async function look(target: DatabaseTarget, pid: number) {
  try {
    return await withTarget(target.readOnly, { readOnly: true }, async (c) => {
      const session = await sessionByPid(c, pid)
      const edges = (await blockingChains(c)).filter((e) => e.blockingPid === pid)
      return { session, blocks: edges.map((e) => ({ pid: e.blockedPid, seconds: e.blockedSeconds, query: e.blockedQuery })) }
    })
  } catch (err) {
    throw new AppError('VALIDATION', `Could not read ${target.name}: ${err instanceof TargetUnreachable ? err.message : messageOf(err)}. Nothing was done.`)
  }
}

function describe(action: BackendAction, target: DatabaseTarget, s: Session, blocks: number) {
  const verb = action === 'cancel' ? 'Cancel the query of' : 'End the session'
  const held = s.state?.startsWith('idle in transaction') ? s.xactSeconds : (s.querySeconds ?? s.xactSeconds)
  return `${verb} pid ${s.pid} on ${target.name} (${s.state ?? 'unknown state'}, ${age(held)}, blocks ${blocks}): ${short(s.query)}`
}

export async function previewBackendAction(_ctx: ActorContext, input: PreviewBackendActionInput): Promise<BackendActionPreview> {
  const target = await connectionOf(input.databaseId)
  const { session, blocks } = await look(target, input.pid)
  if (!session) throw new AppError('NOT_FOUND', `No session with pid ${input.pid} in ${target.name} now: it may have ended. Run the diagnostic again.`)
  const production = target.environment === 'PROD'
  return {
    summary: describe(input.action, target, session, blocks.length),
    pid: session.pid,
    state: session.state,
    user: session.user,
    query: session.query,
    ageSeconds: session.state?.startsWith('idle in transaction') ? session.xactSeconds : session.querySeconds,
    blocks,
    production,
    requiresApproval: production,
    confirmName: production ? target.name : null,
    incidents: await openIncidents(),
  }
}

/** Creates the request (once per idempotency key); runs it at once unless it waits for a commander. */
export async function requestBackendAction(ctx: ActorContext, input: RequestBackendActionInput) {
  if (!can(ctx.actor.role, 'remediation:request')) throw new AppError('FORBIDDEN')
  const existing = await db.remediationRequest.findUnique({ where: { idempotencyKey: input.idempotencyKey }, select: { id: true } })
  if (existing) return { id: existing.id, created: false }
  const target = await connectionOf(input.databaseId)
  const production = target.environment === 'PROD'
  const incidentId = input.incidentId ?? null
  if (production) {
    const open = await openIncidents()
    if (!incidentId || !open.some((i) => i.id === incidentId))
      throw new AppError('VALIDATION', `A production action needs an open incident. Choose the incident this is for.`, {
        incidentId: ['Choose an open incident'],
      })
    if (input.confirmName !== target.name)
      throw new AppError('VALIDATION', `Type ${target.name} to confirm the target.`, { confirmName: [`Type ${target.name} exactly`] })
  }
  const { session, blocks } = await look(target, input.pid)
  if (!session?.backendStart) throw new AppError('NOT_FOUND', `No session with pid ${input.pid} in ${target.name} now: it may have ended. Nothing was done.`)
  const preview = describe(input.action, target, session, blocks.length)
  const params: Params = {
    action: input.action,
    pid: session.pid,
    backendStart: session.backendStart,
    query: session.query,
    ageSeconds: session.xactSeconds ?? session.querySeconds,
    blocks: blocks.map((b) => b.pid),
  }
  const requiresApproval = production
  try {
    const row = await db.$transaction(async (tx) => {
      await lockIncidentFirst(tx, incidentId)
      const created = await tx.remediationRequest.create({
        data: {
          idempotencyKey: input.idempotencyKey,
          databaseId: target.id,
          incidentId,
          kind: kindOf(input.action),
          params: params as unknown as Prisma.InputJsonValue,
          preview,
          reason: input.reason,
          requesterId: ctx.actor.id,
          status: requiresApproval ? 'PENDING_APPROVAL' : 'APPROVED',
          requiresApproval,
          expiresAt: requiresApproval ? new Date(Date.now() + APPROVAL_TTL_MS) : null,
          before: { session, blocks } as unknown as Prisma.InputJsonValue,
        },
        select: { id: true },
      })
      await recordAudit(tx, {
        action: 'remediation.request.create',
        actor: ctx.actor,
        requestId: ctx.requestId,
        targetType: 'remediation',
        targetId: created.id,
        incidentId: incidentId ?? undefined,
        reason: input.reason,
        params: { kind: kindOf(input.action), databaseId: target.id, pid: session.pid, change: preview, requiresApproval },
      })
      await timeline(
        tx,
        incidentId,
        ctx.actor.id,
        `${requiresApproval ? 'Requested (waiting for approval)' : 'Requested'}: ${preview}. Reason: ${input.reason}`,
        {
          remediationId: created.id,
          kind: kindOf(input.action),
          status: requiresApproval ? 'PENDING_APPROVAL' : 'APPROVED',
        },
      )
      return created
    })
    if (!requiresApproval) await executeDatabaseRemediation(ctx, row.id)
    else if (incidentId) await notifyApprovalWanted(ctx, { incidentId, remediationId: row.id, change: preview, reason: input.reason })
    return { id: row.id, created: true }
  } catch (err) {
    if ((err as { code?: string }).code === 'P2002') {
      const again = await db.remediationRequest.findUnique({ where: { idempotencyKey: input.idempotencyKey }, select: { id: true } })
      if (again) return { id: again.id, created: false }
    }
    throw err
  }
}

/** Re-reads the blocking chain until the backend no longer blocks anyone (and, for terminate, is gone), or the wait ends. */
async function verifyGone(target: DatabaseTarget, p: Params, sleep: (ms: number) => Promise<void>) {
  const deadline = Date.now() + VERIFY_WAIT_MS
  for (;;) {
    const seen = await withTarget(target.readOnly, { readOnly: true }, async (c) => {
      const edges = await blockingChains(c)
      const still = p.action === 'terminate' ? await sessionByPid(c, p.pid) : null
      const alive = still !== null && still.backendStart === p.backendStart
      return { waiting: new Set(edges.map((e) => e.blockedPid)).size, blocking: edges.filter((e) => e.blockingPid === p.pid).length, alive }
    })
    if ((seen.blocking === 0 && !seen.alive) || Date.now() >= deadline) return seen
    await sleep(VERIFY_POLL_MS)
  }
}

const realSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms))

export async function executeDatabaseRemediation(ctx: ActorContext, id: string, sleep = realSleep) {
  const req = await db.remediationRequest.findUnique({
    where: { id },
    select: { id: true, status: true, kind: true, params: true, preview: true, reason: true, incidentId: true, databaseId: true },
  })
  if (!req || req.status !== 'APPROVED' || !req.databaseId) return
  const p = req.params as unknown as Params
  let target: DatabaseTarget
  try {
    target = await connectionOf(req.databaseId)
  } catch (err) {
    await applyEvent(id, 'APPROVED', 'refuse', { data: { error: `Not sent: ${messageOf(err)}` }, text: `Not sent: ${messageOf(err)}`, actorId: ctx.actor.id })
    return
  }
  const claimed = await applyEvent(id, 'APPROVED', 'claim', { data: { executedAt: new Date() } })
  if (!claimed) return
  const audit = await openAudit({
    action: p.action === 'cancel' ? 'postgres.backend.cancel' : 'postgres.backend.terminate',
    actor: ctx.actor,
    requestId: ctx.requestId,
    targetType: 'database',
    targetId: target.id,
    incidentId: req.incidentId ?? undefined,
    reason: req.reason,
    params: { remediationId: id, database: target.name, pid: p.pid, backendStart: p.backendStart, as: target.action.username },
  })
  let answer: boolean | null
  try {
    answer = await withTarget(target.action, { readOnly: false }, (c) => signalBackend(c, p.action, p.pid, p.backendStart))
  } catch (err) {
    const why = `${fnOf(p.action)}(${p.pid}) on ${target.name} as ${target.action.username} failed: ${messageOf(err)}`
    await completeAudit(audit.id, 'FAILED', null, why)
    await applyEvent(id, 'EXECUTING:SENDING', 'refused_by_aws', { data: { error: why }, text: `Not done: ${why}`, actorId: ctx.actor.id })
    return
  }
  if (answer !== true) {
    const why =
      answer === null
        ? `pid ${p.pid} (started ${p.backendStart}) is no longer in ${target.name}: it ended before the signal, so nothing was sent`
        : `${fnOf(p.action)}(${p.pid}) returned false on ${target.name}: Postgres did not signal it`
    await completeAudit(audit.id, 'FAILED', null, why)
    await applyEvent(id, 'EXECUTING:SENDING', 'refused_by_aws', { data: { error: why }, text: `Not done: ${why}.`, actorId: ctx.actor.id })
    return
  }
  await completeAudit(audit.id, 'SUCCEEDED', null, null)
  await applyEvent(id, 'EXECUTING:SENDING', 'answered', {
    text: `${fnOf(p.action)}(${p.pid}) on ${target.name} returned true. Re-reading the blocking chain to verify.`,
    actorId: ctx.actor.id,
  })
  try {
    const seen = await verifyGone(target, p, sleep)
    const after = { ...seen, checkedAt: new Date().toISOString() } as Prisma.InputJsonValue
    if (seen.blocking === 0 && !seen.alive) {
      const rest = seen.waiting ? `${seen.waiting} other session(s) still wait on locks held by others` : 'no session waits on a lock'
      await applyEvent(id, 'EXECUTING:WATCHING', 'completed', {
        data: { after },
        text: `Verified: pid ${p.pid} ${p.action === 'terminate' ? 'has ended and ' : ''}blocks no one in ${target.name}; ${rest}.`,
        actorId: ctx.actor.id,
        timelineData: { after },
      })
    } else {
      const why = `pid ${p.pid} ${seen.alive ? 'is still there' : 'is gone'} and still blocks ${seen.blocking} session(s) ${VERIFY_WAIT_MS / 1000} s after the signal`
      await applyEvent(id, 'EXECUTING:WATCHING', 'failed', {
        data: { after, error: why },
        text: `Not verified: ${why}.`,
        actorId: ctx.actor.id,
        timelineData: { after },
      })
    }
  } catch (err) {
    const why = `the signal was accepted, but the blocking chain could not be read again (${messageOf(err)}): run the blocking-chain diagnostic`
    await applyEvent(id, 'EXECUTING:WATCHING', 'lost', { data: { error: why }, text: `Outcome unknown: ${why}.`, actorId: ctx.actor.id })
  }
}

/** A database action whose sender stopped mid-way (a restart): its outcome cannot be learned here. */
export async function settleLostDatabaseAction(id: string, state: MachineState, now = new Date()) {
  const why =
    'The app instance running this database action stopped before it recorded the outcome. Run the blocking-chain diagnostic to see whether the session is gone.'
  const audit = await pendingAuditOf(id)
  if (audit) await completeAudit(audit, 'FAILED', null, why)
  const to = await applyEvent(id, state, 'lost', { data: { error: why }, text: why }, now)
  return to ? ('UNKNOWN' as const) : ('EXECUTING' as const)
}
