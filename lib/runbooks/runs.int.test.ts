import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ActorContext } from '@/lib/actions/actor'
import type { SimulatorHandle } from '@/lib/simulator'
import { startTestSimulator, stopTestSimulator } from '@/lib/aws/testing'
import { db } from '@/lib/db/client'
import { logger } from '@/lib/logger'
import { demoServices } from '@/prisma/seed'
import { attachDiagnostic, checkStep, runDiagnostic, skipStep, startRunbook, verifyStep } from './mutations'
import { listRunbookRuns } from './queries'

let sim: SimulatorHandle
let ctx: ActorContext
let viewer: ActorContext
let incidentId: string
let serviceId: string

beforeAll(async () => {
  ;({ sim } = await startTestSimulator())
  await db.service.createMany({ data: demoServices() })
  serviceId = (await db.service.findFirstOrThrow({ where: { cluster: 'shop-prod', ecsServiceName: 'orders-api' } })).id
  const user = await db.user.create({
    data: { email: 'rb@example.com', name: 'Robin', role: 'RESPONDER' },
    select: { id: true, email: true, name: true, role: true },
  })
  const v = await db.user.create({ data: { email: 'rbv@example.com', name: 'Vic', role: 'VIEWER' }, select: { id: true, email: true, name: true, role: true } })
  ctx = { actor: user, requestId: 'rq', log: logger }
  viewer = { actor: v, requestId: 'rqv', log: logger }
  incidentId = (
    await db.incident.create({
      data: { title: 'Orders crash', severity: 'SEV2', impact: 'orders fail', services: { create: { serviceId } } },
      select: { id: true },
    })
  ).id
  sim.scenarios.inject({ cluster: 'shop-prod', service: 'orders-api', scenario: 'crash_loop' })
  sim.advance(60_000)
})

afterAll(async () => {
  await stopTestSimulator(sim)
  await db.$disconnect()
})

describe('runbooks inside an incident', () => {
  it('starts once, checks and skips steps, attaches a diagnostic, and writes each to the timeline in order', async () => {
    const run = await startRunbook(ctx, { incidentId, runbookId: 'crash-loop' })
    expect((await startRunbook(ctx, { incidentId, runbookId: 'crash-loop' })).id).toBe(run.id)

    const { runbookById } = await import('./catalog')
    const rb = runbookById('crash-loop')!
    const diag = rb.steps.find((s) => s.kind === 'diagnostic' && s.diagnostic === 'stopped_tasks')!
    const manual = rb.steps.find((s) => s.kind === 'manual')!
    const other = rb.steps.find((s) => s.kind === 'manual' && s.id !== manual.id)!

    const result = await runDiagnostic(ctx, { runId: run.id, stepId: diag.id, serviceId })
    expect(result.summary).toMatch(/exit code.*1/)
    expect(result.table?.rows.some((r) => r[2] === 1)).toBe(true)
    await attachDiagnostic(ctx, { runId: run.id, stepId: diag.id, serviceId })
    await checkStep(ctx, { runId: run.id, stepId: manual.id, note: 'looked at the logs' })
    await skipStep(ctx, { runId: run.id, stepId: other.id, reason: 'not relevant here' })

    const entries = await db.timelineEntry.findMany({ where: { incidentId }, orderBy: { id: 'asc' }, select: { kind: true, text: true, data: true } })
    expect(entries.map((e) => e.kind)).toEqual(['runbook_step', 'diagnostic', 'runbook_step', 'runbook_step'])
    expect(entries[1].text).toMatch(/Stopped tasks for orders-api \(shop-prod\)/)
    expect((entries[1].data as { result: { table: unknown } }).result.table).toBeTruthy()
    expect(entries[3].text).toContain('not relevant here')

    const [state] = await listRunbookRuns(ctx.actor, incidentId)
    expect(state.steps[diag.id]).toMatchObject({ status: 'done', actor: 'Robin' })
    expect(state.steps[manual.id]).toMatchObject({ status: 'done', note: 'looked at the logs' })
    expect(state.steps[other.id]).toMatchObject({ status: 'skipped', note: 'not relevant here' })
  })

  it('a verification fails while the service crash-loops, and passes once it is steady', async () => {
    const run = await startRunbook(ctx, { incidentId, runbookId: 'crash-loop' })
    const { runbookById } = await import('./catalog')
    const check = runbookById('crash-loop')!.steps.find((s) => s.kind === 'verification' && s.check.kind === 'running_equals_desired')!
    expect((await verifyStep(ctx, { runId: run.id, stepId: check.id, serviceId })).passed).toBe(false)
    sim.scenarios.clear()
    for (let i = 0; i < 40; i++) sim.advance(15_000)
    const outcome = await verifyStep(ctx, { runId: run.id, stepId: check.id, serviceId })
    expect(outcome).toMatchObject({ passed: true })
    expect(await db.timelineEntry.count({ where: { incidentId, text: { startsWith: 'Verified' } } })).toBe(1)
  })

  it('refuses a viewer, a step of another runbook, and a service the incident does not name', async () => {
    const run = await startRunbook(ctx, { incidentId, runbookId: 'crash-loop' })
    await expect(checkStep(viewer, { runId: run.id, stepId: 'x' })).rejects.toMatchObject({ code: 'FORBIDDEN' })
    await expect(checkStep(ctx, { runId: run.id, stepId: 'no-such-step' })).rejects.toMatchObject({ code: 'NOT_FOUND' })
    const stranger = (await db.service.findFirstOrThrow({ where: { cluster: 'shop-dev' } })).id
    const { runbookById } = await import('./catalog')
    const diag = runbookById('crash-loop')!.steps.find((s) => s.kind === 'diagnostic')!
    await expect(runDiagnostic(ctx, { runId: run.id, stepId: diag.id, serviceId: stranger })).rejects.toMatchObject({ code: 'VALIDATION' })
  })
})
