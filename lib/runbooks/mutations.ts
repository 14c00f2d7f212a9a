import 'server-only'
// Runbooks followed inside incidents. Every start, check, skip, note, diagnostic
// attached and verification passed is written to the incident timeline in the same
// transaction as the checklist change.
import { requireCan, type ActorContext } from '@/lib/actions/actor'
import { db, type DbTransaction, type Prisma } from '@/lib/db/client'
import { createSharedCache } from '@/lib/db/shared-cache'
import { isAwsError } from '@/lib/aws/errors'
import { AppError } from '@/lib/errors'
import { appendIncidentEntry } from '@/lib/incidents/mutations'
import { runDatabaseDiagnostic } from '@/lib/databases/diagnostics'
import { connectionOf } from '@/lib/databases/queries'
import { recordAudit } from '@/lib/audit/record'
import { runbookById } from './catalog'
import { runDiagnosticKind, type DiagnosticResult } from './diagnostics'
import { isDatabaseDiagnostic, type RunbookStep } from './types'
import { checkVerification, type VerificationOutcome } from './verify'

const results = createSharedCache()
/** How long a diagnostic result stays available to attach without running it again. */
const RESULT_TTL_MS = 15 * 60_000

/** "AWS did not answer" only when it did not: a refusal or a not-found is AWS answering, in its own words. */
const awsFailure = (err: unknown) =>
  isAwsError(err) && err.kind !== 'timeout' && err.kind !== 'unknown' ? err.message : `AWS did not answer: ${err instanceof Error ? err.message : String(err)}`

const requireWrite = (ctx: ActorContext) => requireCan(ctx.actor, 'incident:write', 'Your role can follow runbooks but not check their steps.')

async function loadRun(tx: DbTransaction | typeof db, runId: string) {
  const run = await tx.runbookRun.findUnique({
    where: { id: runId },
    select: { id: true, incidentId: true, runbookId: true, incident: { select: { status: true } } },
  })
  if (!run) throw new AppError('NOT_FOUND', 'That runbook is no longer running in this incident.')
  const runbook = runbookById(run.runbookId)
  if (!runbook) throw new AppError('NOT_FOUND', `Runbook ${run.runbookId} is not in the catalog any more.`)
  return { run, runbook }
}

function stepOf(runbook: NonNullable<ReturnType<typeof runbookById>>, stepId: string): RunbookStep {
  const step = runbook.steps.find((s) => s.id === stepId)
  if (!step) throw new AppError('NOT_FOUND', 'That step is not part of this runbook.')
  return step
}

export async function startRunbook(ctx: ActorContext, input: { incidentId: string; runbookId: string }) {
  requireWrite(ctx)
  const runbook = runbookById(input.runbookId)
  if (!runbook) throw new AppError('NOT_FOUND', 'No such runbook.')
  return db.$transaction(async (tx) => {
    const existing = await tx.runbookRun.findUnique({
      where: { incidentId_runbookId: { incidentId: input.incidentId, runbookId: runbook.id } },
      select: { id: true },
    })
    if (existing) return { id: existing.id, created: false }
    await appendIncidentEntry(tx, {
      incidentId: input.incidentId,
      kind: 'runbook_step',
      actorId: ctx.actor.id,
      text: `Started the runbook “${runbook.title}” (${runbook.steps.length} steps).`,
      data: { runbookId: runbook.id, event: 'started' },
    })
    const run = await tx.runbookRun.create({ data: { incidentId: input.incidentId, runbookId: runbook.id, startedById: ctx.actor.id }, select: { id: true } })
    return { id: run.id, created: true }
  })
}

async function setStep(
  ctx: ActorContext,
  runId: string,
  stepId: string,
  status: 'done' | 'skipped',
  text: (title: string, runbook: string) => string,
  extra: { note?: string; output?: Prisma.InputJsonValue } = {},
) {
  requireWrite(ctx)
  return db.$transaction(async (tx) => {
    const { run, runbook } = await loadRun(tx, runId)
    const step = stepOf(runbook, stepId)
    await tx.runbookStepState.upsert({
      where: { runId_stepId: { runId, stepId } },
      create: { runId, stepId, status, actorId: ctx.actor.id, note: extra.note, output: extra.output },
      update: {
        status,
        actorId: ctx.actor.id,
        at: new Date(),
        ...(extra.note !== undefined ? { note: extra.note } : {}),
        ...(extra.output !== undefined ? { output: extra.output } : {}),
      },
    })
    await appendIncidentEntry(tx, {
      incidentId: run.incidentId,
      kind: 'runbook_step',
      actorId: ctx.actor.id,
      text: text(step.title, runbook.title),
      data: { runbookId: runbook.id, stepId, status, note: extra.note ?? null },
    })
    return { runId, stepId, status }
  })
}

export const checkStep = (ctx: ActorContext, input: { runId: string; stepId: string; note?: string }) =>
  setStep(ctx, input.runId, input.stepId, 'done', (t, r) => `✓ ${t} (${r})${input.note ? `: ${input.note}` : ''}`, { note: input.note })

export const skipStep = (ctx: ActorContext, input: { runId: string; stepId: string; reason: string }) =>
  setStep(ctx, input.runId, input.stepId, 'skipped', (t, r) => `Skipped ${t} (${r}): ${input.reason}`, { note: input.reason })

export async function addStepNote(ctx: ActorContext, input: { runId: string; stepId: string; note: string }) {
  requireWrite(ctx)
  return db.$transaction(async (tx) => {
    const { run, runbook } = await loadRun(tx, input.runId)
    const step = stepOf(runbook, input.stepId)
    const existing = await tx.runbookStepState.findUnique({ where: { runId_stepId: { runId: input.runId, stepId: input.stepId } }, select: { note: true } })
    if (existing)
      await tx.runbookStepState.update({
        where: { runId_stepId: { runId: input.runId, stepId: input.stepId } },
        data: { note: existing.note ? `${existing.note}\n${input.note}` : input.note },
      })
    await appendIncidentEntry(tx, {
      incidentId: run.incidentId,
      kind: 'note',
      actorId: ctx.actor.id,
      text: `${step.title} (${runbook.title}): ${input.note}`,
      data: { runbookId: runbook.id, stepId: step.id },
    })
    return { ok: true }
  })
}

async function serviceOfIncident(incidentId: string, serviceId: string) {
  const link = await db.incidentService.findUnique({
    where: { incidentId_serviceId: { incidentId, serviceId } },
    select: { service: { select: { id: true, name: true, region: true, cluster: true, ecsServiceName: true, targetGroupArn: true, healthUrl: true } } },
  })
  if (!link) throw new AppError('VALIDATION', 'Choose one of the services this incident names.')
  return link.service
}

const resultKey = (runId: string, stepId: string, serviceId: string, databaseId?: string) =>
  `runbook:diagnostic:${runId}:${stepId}:${serviceId}${databaseId ? `:db:${databaseId}` : ''}`

/** Runs a diagnostic step's read-only AWS call and keeps the result to attach. */
export async function runDiagnostic(
  ctx: ActorContext,
  input: { runId: string; stepId: string; serviceId: string; databaseId?: string },
): Promise<DiagnosticResult> {
  requireWrite(ctx)
  const { run, runbook } = await loadRun(db, input.runId)
  const step = stepOf(runbook, input.stepId)
  if (step.kind !== 'diagnostic') throw new AppError('VALIDATION', 'That step is not a diagnostic.')
  const service = await serviceOfIncident(run.incidentId, input.serviceId)
  let result: DiagnosticResult
  if (isDatabaseDiagnostic(step.diagnostic)) {
    // A read-only session on the registered database; an unreachable one is a result that says so.
    if (!input.databaseId) throw new AppError('VALIDATION', 'Choose the database to look at.', { databaseId: ['Choose a registered database'] })
    result = await runDatabaseDiagnostic(step.diagnostic, step.params, await connectionOf(input.databaseId))
    await results.set(resultKey(input.runId, input.stepId, input.serviceId, input.databaseId), result)
    return result
  }
  try {
    result = await runDiagnosticKind(step.diagnostic, step.params, service)
  } catch (err) {
    throw new AppError('VALIDATION', awsFailure(err))
  }
  // Stored server-side, so what gets attached is exactly what AWS said, not what a browser sends.
  await results.set(resultKey(input.runId, input.stepId, input.serviceId), result)
  return result
}

/** Attaches the last result of a diagnostic to the timeline as evidence and checks the step. */
export async function attachDiagnostic(ctx: ActorContext, input: { runId: string; stepId: string; serviceId: string; databaseId?: string }) {
  requireWrite(ctx)
  const r = await results.read<DiagnosticResult>(resultKey(input.runId, input.stepId, input.serviceId, input.databaseId), RESULT_TTL_MS)
  if (!r) throw new AppError('CONFLICT', 'Run the diagnostic again: its result is older than 15 minutes or was never taken.')
  return db.$transaction(async (tx) => {
    const { run, runbook } = await loadRun(tx, input.runId)
    const step = stepOf(runbook, input.stepId)
    await tx.runbookStepState.upsert({
      where: { runId_stepId: { runId: input.runId, stepId: input.stepId } },
      create: { runId: input.runId, stepId: input.stepId, status: 'done', actorId: ctx.actor.id, output: r as unknown as Prisma.InputJsonValue },
      update: { status: 'done', actorId: ctx.actor.id, at: new Date(), output: r as unknown as Prisma.InputJsonValue },
    })
    await appendIncidentEntry(tx, {
      incidentId: run.incidentId,
      kind: 'diagnostic',
      actorId: ctx.actor.id,
      text: `${r.title} for ${r.service}: ${r.summary}`,
      data: { runbookId: runbook.id, stepId: step.id, result: r as unknown as Prisma.InputJsonValue },
    })
    // What was read from a customer database is evidence: audited with the timeline entry.
    if (r.database)
      await recordAudit(tx, {
        action: 'database.diagnostic.attach',
        actor: ctx.actor,
        requestId: ctx.requestId,
        targetType: 'database',
        targetId: r.database.id,
        incidentId: run.incidentId,
        params: { kind: r.kind, database: r.database.name, summary: r.summary, unreachable: r.unreachable ?? false },
      })
    return { ok: true }
  })
}

/** Checks a verification step live; a pass is recorded on the checklist and the timeline. */
export async function verifyStep(ctx: ActorContext, input: { runId: string; stepId: string; serviceId: string }): Promise<VerificationOutcome> {
  requireWrite(ctx)
  const { run, runbook } = await loadRun(db, input.runId)
  const step = stepOf(runbook, input.stepId)
  if (step.kind !== 'verification') throw new AppError('VALIDATION', 'That step is not a verification.')
  const service = await serviceOfIncident(run.incidentId, input.serviceId)
  let outcome: VerificationOutcome
  try {
    outcome = await checkVerification(step.check, service)
  } catch (err) {
    return { passed: false, detail: awsFailure(err), checkedAt: new Date().toISOString() }
  }
  if (outcome.passed) {
    await setStep(ctx, input.runId, input.stepId, 'done', (t, rb) => `Verified ${t} for ${service.name} (${rb}): ${outcome.detail}`, { output: outcome })
  }
  return outcome
}
