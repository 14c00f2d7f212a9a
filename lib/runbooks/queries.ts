import 'server-only'
import type { Actor } from '@/lib/actions/actor'
import { db } from '@/lib/db/client'

export type RunbookRunState = {
  id: string
  runbookId: string
  startedAt: string
  steps: Record<string, { status: 'done' | 'skipped'; at: string; actor: string | null; note: string | null; output: unknown }>
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
  }))
}
