import 'server-only'
import type { Actor } from '@/lib/actions/actor'
import { db } from '@/lib/db/client'
import type { RemediationKind } from '@/lib/remediation/schemas'
import { runbookById } from './catalog'
import { remediationKindOf } from './view'

/** The latest remediation request a step's "Open fix-it" launched; a SUCCEEDED one ticks the step. */
export type StepFix = { id: string; status: string; preview: string; createdAt: string }

export type RunbookRunState = {
  id: string
  runbookId: string
  startedAt: string
  steps: Record<string, { status: 'done' | 'skipped'; at: string; actor: string | null; note: string | null; output: unknown }>
  fixes: Record<string, StepFix>
}

export async function listRunbookRuns(_actor: Actor, incidentId: string): Promise<RunbookRunState[]> {
  const runs = await db.runbookRun.findMany({
    where: { incidentId },
    orderBy: { startedAt: 'asc' },
    select: {
      id: true,
      runbookId: true,
      startedAt: true,
      steps: { select: { stepId: true, status: true, at: true, actorId: true, note: true, output: true } },
      remediations: { orderBy: { createdAt: 'asc' }, select: { id: true, runbookStepId: true, status: true, preview: true, createdAt: true } },
    },
  })
  const actorIds = [...new Set(runs.flatMap((r) => r.steps.map((s) => s.actorId)).filter((x): x is string => Boolean(x)))]
  const names = new Map((await db.user.findMany({ where: { id: { in: actorIds } }, select: { id: true, name: true } })).map((u) => [u.id, u.name]))
  return runs.map((r) => ({
    id: r.id,
    runbookId: r.runbookId,
    startedAt: r.startedAt.toISOString(),
    steps: Object.fromEntries(
      r.steps.map((s) => [
        s.stepId,
        {
          status: s.status as 'done' | 'skipped',
          at: s.at.toISOString(),
          actor: s.actorId ? (names.get(s.actorId) ?? null) : null,
          note: s.note,
          output: s.output,
        },
      ]),
    ),
    // Oldest first, so the latest request of each step wins.
    fixes: Object.fromEntries(
      r.remediations.flatMap((f) =>
        f.runbookStepId ? [[f.runbookStepId, { id: f.id, status: f.status, preview: f.preview, createdAt: f.createdAt.toISOString() }]] : [],
      ),
    ),
  }))
}

/**
 * The remediation step a fix-it link names: which incident its run belongs to and which
 * guarded action the step maps to; null when the run or the step does not exist.
 */
export async function fixStepOf(
  runId: string,
  stepId: string,
): Promise<{ incidentId: string; kind: RemediationKind; runbookTitle: string; stepTitle: string } | null> {
  const run = await db.runbookRun.findUnique({ where: { id: runId }, select: { incidentId: true, runbookId: true } })
  const runbook = run ? runbookById(run.runbookId) : undefined
  const step = runbook?.steps.find((s) => s.id === stepId)
  const kind = step ? remediationKindOf(step) : null
  return run && runbook && step && kind ? { incidentId: run.incidentId, kind, runbookTitle: runbook.title, stepTitle: step.title } : null
}
