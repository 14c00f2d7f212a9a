// Remediation fault matrix: every recorded outcome equals what the simulator did. Real SDK over
// HTTP to the simulator, real Postgres. Changes are sent once: the simulator counts every
// UpdateService it receives. Time that matters to the outcome is passed in as `now`.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { ActorContext } from '@/lib/actions/actor'
import type { SimulatorHandle } from '@/lib/simulator'
import { describeService } from '@/lib/aws/ecs'
import { db } from '@/lib/db/client'
import { createLeadership } from '@/lib/db/leadership'
import { startRemediationFixture, type RemediationFixture } from '@/lib/testing/remediation-fixture'
import { advanceRemediation, openAudit, previewRemediation, requestRemediation } from './mutations'
import { SEND_GRACE_MS, VERIFY_WINDOW_MS, WATCH_TIMEOUT_MS } from './run'
import { WORKER_LEADERSHIP, workerTick } from './worker'

let fixture: RemediationFixture<'responder' | 'commander'>
let sim: SimulatorHandle
let responder: ActorContext
let commander: ActorContext
let incidentId: string
let ids: Record<string, string>
let n = 0
const key = () => `matrix-key-${++n}`
const MIN = 60_000

const updateServiceCalls = () => sim.calls.counts().byOperation['ecs:UpdateService'] ?? 0
const simService = (cluster: string, name: string) => [...sim.sim.services.values()].find((s) => s.cluster.name === cluster && s.name === name)!
const snapshot = (cluster: string, name: string) => sim.services().find((s) => s.cluster === cluster && s.service === name)!
const row = (id: string) => db.remediationRequest.findUniqueOrThrow({ where: { id } })
const auditOf = (id: string) =>
  db.auditEvent.findMany({ where: { OR: [{ targetId: id }, { params: { path: ['remediationId'], equals: id } }] }, orderBy: { id: 'asc' } })
const timelineOf = async (id: string) =>
  (await db.timelineEntry.findMany({ where: { data: { path: ['remediationId'], equals: id } }, orderBy: { id: 'asc' }, select: { text: true } }))
    .map((e) => e.text)
    .join('\n')

const settle = (id: string) => fixture.settle(id, 40)

/** The recorded outcome matches the simulator: our deployment, its state, the service's task definition. */
async function expectMatchesSimulator(id: string, cluster: string, name: string) {
  const r = await row(id)
  const s = simService(cluster, name)
  const snap = snapshot(cluster, name)
  const mine = s.deployments.find((d) => d.id === r.deploymentId)
  if (r.status === 'SUCCEEDED') {
    expect(mine?.rolloutState).toBe('COMPLETED')
    expect(snap.steady).toBe(true)
    expect((r.after as { taskDefinition: string }).taskDefinition).toBe(snap.taskDefinition)
  }
  return { r, s, snap, mine }
}

beforeAll(async () => {
  fixture = await startRemediationFixture({
    simulator: { rateLimits: false, writeTimeoutMs: 400 },
    users: { responder: { email: 'matrix-resp@example.com', role: 'RESPONDER' }, commander: { email: 'matrix-cmd@example.com', role: 'COMMANDER' } },
    incident: { title: 'Matrix', impact: 'tests', commander: 'commander', services: (keys) => keys },
  })
  ;({ sim, ids, incidentId } = fixture)
  ;({ responder, commander } = fixture.users)
})

afterAll(() => fixture.stop())

beforeEach(async () => {
  sim.faults.clear()
  await fixture.outsideCooldown()
})

const dev = (service: string) => ids[`shop-dev/${service}`]
const ask = (service: string, action: Parameters<typeof requestRemediation>[1]['action'], extra: Record<string, unknown> = {}) =>
  requestRemediation(responder, { serviceId: dev(service), action, idempotencyKey: key(), reason: 'matrix', incidentId, ...extra })

async function advanceUntil(until: () => boolean, limitMs = 20 * MIN, stepMs = 10_000) {
  for (let t = 0; t < limitMs && !until(); t += stepMs) sim.advance(stepMs)
  expect(until(), 'the simulator never reached the expected state').toBe(true)
}

describe('remediation outcomes equal the simulator', () => {
  it('bad deploy → circuit breaker fails it → rollback: recorded SUCCEEDED once ECS is steady (the old failed deployment is not ours)', async () => {
    const s = simService('shop-dev', 'catalog-api')
    s.circuitBreaker = { enable: true, rollback: false } // the breaker stops the bad deployment; people roll back
    const good = snapshot('shop-dev', 'catalog-api').taskDefinition
    sim.scenarios.inject({ cluster: 'shop-dev', service: 'catalog-api', scenario: 'failed_deployment', options: { deploy: true } })
    await advanceUntil(() => s.deployments[0].rolloutState === 'FAILED')
    sim.scenarios.clear({ cluster: 'shop-dev', service: 'catalog-api' })
    const failed = s.deployments[0]
    expect(failed.rolloutStateReason).toMatch(/circuit breaker/)

    const preview = await previewRemediation(responder, { serviceId: dev('catalog-api'), action: { kind: 'ROLLBACK' } })
    expect(preview.summary).toContain(`to ${good}`)
    expect(preview.targetReason).toContain(`last steady revision: ${good}`)

    const before = updateServiceCalls()
    const { id } = await ask('catalog-api', { kind: 'ROLLBACK' })
    expect(updateServiceCalls() - before).toBe(1)
    const sent = await row(id)
    expect(sent.deploymentId).toBe(s.deployments[0].id)
    expect(sent.deploymentId).not.toBe(failed.id)
    // The failed deployment is still listed right after the change: it must not decide our outcome.
    expect(s.deployments.some((d) => d.id === failed.id && d.rolloutState === 'FAILED')).toBe(true)
    expect(await advanceRemediation(id)).toBe('EXECUTING')
    expect(await settle(id)).toBe('SUCCEEDED')
    const { snap } = await expectMatchesSimulator(id, 'shop-dev', 'catalog-api')
    expect(snap.taskDefinition).toBe(good)
    expect(await timelineOf(id)).toMatch(/Steady: catalog-api runs 1\/1 tasks/)
  })

  it('a deployment that recovers after a circuit-breaker failure: a scale during the automatic rollback succeeds with it', async () => {
    const s = simService('shop-dev', 'inventory-worker')
    sim.scenarios.inject({ cluster: 'shop-dev', service: 'inventory-worker', scenario: 'failed_deployment', options: { deploy: true } })
    await advanceUntil(() => s.deployments.some((d) => d.rolloutState === 'FAILED'))
    sim.scenarios.clear({ cluster: 'shop-dev', service: 'inventory-worker' })
    expect(s.deployments[0].rolloutStateReason).toMatch(/circuit breaker: rolling back/)
    const { id } = await ask('inventory-worker', { kind: 'SCALE', desiredCount: 2 })
    expect((await row(id)).deploymentId).toBe(s.deployments[0].id)
    expect(await settle(id)).toBe('SUCCEEDED')
    const { snap } = await expectMatchesSimulator(id, 'shop-dev', 'inventory-worker')
    expect(snap.desiredCount).toBe(2)
    expect(snap.runningCount).toBe(2)
  })

  it('UpdateService held past the SDK timeout but applied: sent exactly once, read back as landed, followed to steady', async () => {
    sim.faults.add({ kind: 'delayed_apply', api: 'ecs', operation: 'UpdateService', times: 1, delayMs: 1_200 })
    const before = updateServiceCalls()
    const { id } = await ask('payments-api', { kind: 'SCALE', desiredCount: 2 })
    // The simulator applies it after the client gave up; the read-back finds it.
    for (let i = 0; i < 30 && (await row(id)).landing === null; i++) {
      await new Promise((r) => setTimeout(r, 200))
      await advanceRemediation(id)
    }
    const r = await row(id)
    expect(r.landing).toBe('LANDED')
    expect(r.stage).toBe('WATCHING')
    expect(await settle(id)).toBe('SUCCEEDED')
    expect(updateServiceCalls() - before).toBe(1)
    await expectMatchesSimulator(id, 'shop-dev', 'payments-api')
    expect(snapshot('shop-dev', 'payments-api').desiredCount).toBe(2)
    const audit = await auditOf(id)
    expect(audit.map((a) => [a.action, a.status])).toEqual([
      ['remediation.request.create', 'SUCCEEDED'],
      ['ecs.service.scale', 'SUCCEEDED'],
    ])
    expect(audit[1].error).toMatch(/no answer; read back .*: landed/)
    expect(await timelineOf(id)).toMatch(/AWS did not answer[\s\S]*not sent again[\s\S]*Read back: the change landed[\s\S]*Steady/)
  })

  it('UpdateService dropped: read back as not landed after the window, recorded FAILED "not landed", nothing resent, audit completed', async () => {
    sim.faults.add({ kind: 'drop', api: 'ecs', operation: 'UpdateService', times: 1 })
    const desired = snapshot('shop-dev', 'checkout-web').desiredCount
    const before = updateServiceCalls()
    const { id } = await ask('checkout-web', { kind: 'SCALE', desiredCount: desired + 2 })
    const sent = await row(id)
    expect(sent).toMatchObject({ status: 'EXECUTING', stage: 'VERIFYING' })
    expect((await auditOf(id)).map((a) => a.status)).toEqual(['SUCCEEDED', 'PENDING'])
    const later = new Date(sent.executedAt!.getTime() + VERIFY_WINDOW_MS + 1000)
    expect(await advanceRemediation(id, later)).toBe('FAILED')
    const r = await row(id)
    expect(r.landing).toBe('NOT_LANDED')
    expect(r.error).toMatch(/Not landed/)
    expect(updateServiceCalls() - before).toBe(1)
    expect(snapshot('shop-dev', 'checkout-web').desiredCount).toBe(desired)
    const audit = await auditOf(id)
    expect(audit.map((a) => [a.action, a.status])).toEqual([
      ['remediation.request.create', 'SUCCEEDED'],
      ['ecs.service.scale', 'FAILED'],
    ])
    expect(audit[1].error).toMatch(/Not landed/)
  })

  it('rollback targets the last steady revision: after :N → :N-1 and raise memory :N-1 → :N+1 it proposes :N-1, not :N', async () => {
    const start = snapshot('shop-dev', 'orders-api').taskDefinition
    const [family, rev] = start.split(':')
    const first = await ask('orders-api', { kind: 'ROLLBACK' })
    expect(await settle(first.id)).toBe('SUCCEEDED')
    expect(snapshot('shop-dev', 'orders-api').taskDefinition).toBe(`${family}:${Number(rev) - 1}`)
    await fixture.outsideCooldown()
    const raised = await ask('orders-api', { kind: 'RAISE_MEMORY', memoryMiB: 4096 })
    expect(await settle(raised.id)).toBe('SUCCEEDED')
    const now = snapshot('shop-dev', 'orders-api').taskDefinition
    expect(Number(now.split(':')[1])).toBeGreaterThan(Number(rev))
    expect((await row(raised.id)).registeredTaskDefinitionArn).toMatch(new RegExp(`${now}$`))
    await fixture.outsideCooldown()
    const preview = await previewRemediation(responder, { serviceId: dev('orders-api'), action: { kind: 'ROLLBACK' } })
    expect(preview.summary).toContain(`from ${now} to ${family}:${Number(rev) - 1}`)
    expect(preview.summary).not.toContain(`to ${start}`)
    expect(preview.targetReason).toMatch(new RegExp(`last steady revision: ${family}:${Number(rev) - 1}, steady at .*our records`))
  })

  it('raise memory that fails after RegisterTaskDefinition names the registered, undeployed revision in the outcome, timeline and audit', async () => {
    const svc = 'auth-api'
    const before = snapshot('shop-prod', svc).taskDefinition
    sim.faults.add({ kind: 'access_denied', api: 'ecs', operation: 'UpdateService', times: 1 })
    const { id } = await requestRemediation(responder, {
      serviceId: ids[`shop-prod/${svc}`],
      action: { kind: 'RAISE_MEMORY', memoryMiB: 4096 },
      idempotencyKey: key(),
      reason: 'oom',
      incidentId,
      confirmName: svc,
    })
    const r = await row(id)
    expect(r.status).toBe('FAILED')
    const registered = r.registeredTaskDefinitionArn!.split('/').pop()!
    expect(registered).not.toBe(before)
    expect(sim.sim.taskDefinitionByRef('us-east-1', registered)).toBeTruthy() // it exists in AWS…
    expect(snapshot('shop-prod', svc).taskDefinition).toBe(before) // …and is not deployed
    expect(r.leftBehind).toContain(`task definition ${registered} was registered and is not running`)
    expect(r.error).toContain(`Left behind: task definition ${registered}`)
    expect(await timelineOf(id)).toContain(`Left behind: task definition ${registered}`)
    const audit = await auditOf(id)
    expect(audit.map((a) => [a.action, a.status])).toEqual([
      ['remediation.request.create', 'SUCCEEDED'],
      ['ecs.taskdef.register', 'SUCCEEDED'],
      ['ecs.service.deploy', 'FAILED'],
    ])
    expect(audit[2].error).toContain(`left behind: registered ${registered}, not deployed`)
  })
})

describe('the worker', () => {
  /** A request caught mid-call by a crash: EXECUTING:SENDING, its audit event PENDING, no process. */
  async function crashedRequest(service: string, desiredCount: number, executedAt: Date) {
    const s = snapshot('shop-dev', service)
    const sim_ = simService('shop-dev', service)
    const seen = await describeService({ region: 'us-east-1', cluster: 'shop-dev', service })
    const r = await db.remediationRequest.create({
      data: {
        idempotencyKey: key(),
        serviceId: dev(service),
        kind: 'SCALE',
        params: { kind: 'SCALE', desiredCount },
        preview: `desired ${s.desiredCount} → ${desiredCount}`,
        reason: 'crash',
        requesterId: responder.actor.id,
        status: 'EXECUTING',
        stage: 'SENDING',
        executedAt,
        before: {
          deploymentIds: sim_.deployments.map((d) => d.id),
          desired: s.desiredCount,
          taskDefinitionArn: sim_.taskDefinitionArn,
          lastEventId: seen.events[0]?.id ?? null,
        },
      },
    })
    const audit = await openAudit({
      action: 'ecs.service.scale',
      actor: responder.actor,
      targetType: 'ecs-service',
      params: { remediationId: r.id, desiredCount },
    })
    return { id: r.id, auditId: audit.id }
  }

  it('resumes a request a crash left mid-call: the change had landed, so it watches the deployment to steady and completes the audit', async () => {
    const executedAt = new Date(Date.now() - SEND_GRACE_MS - 1000)
    const { id, auditId } = await crashedRequest('payments-api', 3, executedAt)
    sim.sim.updateService(simService('shop-dev', 'payments-api'), { desiredCount: 3 }) // it reached AWS before the crash
    await workerTick()
    expect(await row(id)).toMatchObject({ status: 'EXECUTING', stage: 'WATCHING', landing: 'LANDED' })
    expect((await db.auditEvent.findUniqueOrThrow({ where: { id: auditId } })).status).toBe('SUCCEEDED')
    for (let i = 0; i < 20 && (await row(id)).status === 'EXECUTING'; i++) {
      sim.advance(15_000)
      await workerTick()
    }
    expect((await row(id)).status).toBe('SUCCEEDED')
    await expectMatchesSimulator(id, 'shop-dev', 'payments-api')
  })

  it('settles an outcome it cannot learn as UNKNOWN, completing the PENDING audit event; expires approvals past 15 minutes', async () => {
    const executedAt = new Date(Date.now() - MIN)
    const { id, auditId } = await crashedRequest('checkout-web', 5, executedAt)
    sim.faults.add({ kind: 'server_error', api: 'ecs', operation: 'DescribeServices' })
    await workerTick(new Date(executedAt.getTime() + 2 * MIN))
    expect((await row(id)).status).toBe('EXECUTING') // AWS silent: keep trying within the window
    await workerTick(new Date(executedAt.getTime() + WATCH_TIMEOUT_MS + 1000))
    const r = await row(id)
    expect(r.status).toBe('UNKNOWN')
    expect(r.error).toMatch(/outcome is unknown/)
    const audit = await db.auditEvent.findUniqueOrThrow({ where: { id: auditId } })
    expect(audit.status).toBe('FAILED')
    expect(audit.completedAt).not.toBeNull()
    sim.faults.clear()

    const pending = await db.remediationRequest.create({
      data: {
        idempotencyKey: key(),
        serviceId: dev('catalog-api'),
        kind: 'SCALE',
        params: { kind: 'SCALE', desiredCount: 0 },
        preview: 'desired 1 → 0',
        reason: 'x',
        requesterId: responder.actor.id,
        status: 'PENDING_APPROVAL',
        requiresApproval: true,
        expiresAt: new Date(Date.now() + 15 * MIN),
      },
    })
    await workerTick(new Date(Date.now() + 14 * MIN))
    expect((await row(pending.id)).status).toBe('PENDING_APPROVAL')
    const { expired } = await workerTick(new Date(Date.now() + 16 * MIN))
    expect(expired).toBe(1)
    expect((await row(pending.id)).status).toBe('EXPIRED')
  })

  /** An APPROVED request whose instance stopped before claiming it: no process will send it. */
  async function orphanedApproval(service: string, desiredCount: number, at: Date, approval: { expiresAt: Date; decidedAt: Date } | null = null) {
    const s = snapshot('shop-dev', service)
    return db.remediationRequest.create({
      data: {
        idempotencyKey: key(),
        serviceId: dev(service),
        incidentId,
        kind: 'SCALE',
        params: { kind: 'SCALE', desiredCount },
        preview: `desired ${s.desiredCount} → ${desiredCount}`,
        reason: 'orphaned',
        requesterId: responder.actor.id,
        status: 'APPROVED',
        requiresApproval: approval !== null,
        createdAt: at,
        ...(approval ? { approverId: commander.actor.id, ...approval } : {}),
      },
      select: { id: true },
    })
  }

  it('runs an APPROVED request its instance never claimed, once, as the approver, and follows it to the outcome AWS reached', async () => {
    const fresh = await orphanedApproval('orders-api', 3, new Date(Date.now() - 10_000))
    const calls = updateServiceCalls()
    await workerTick()
    // Claimed seconds ago by an instance that may still be running it: left alone.
    expect((await row(fresh.id)).status).toBe('APPROVED')
    expect(updateServiceCalls()).toBe(calls)
    await db.remediationRequest.delete({ where: { id: fresh.id } })

    const created = new Date(Date.now() - 3 * MIN)
    const { id } = await orphanedApproval('orders-api', 3, created, {
      decidedAt: new Date(created.getTime() + MIN),
      expiresAt: new Date(created.getTime() + 15 * MIN),
    })
    const { resumed } = await workerTick()
    expect(resumed[id]).toBe('EXECUTING')
    expect(updateServiceCalls()).toBe(calls + 1)
    const audit = (await auditOf(id)).find((a) => a.action === 'ecs.service.scale')!
    expect(audit).toMatchObject({ status: 'SUCCEEDED', actorId: commander.actor.id })
    for (let i = 0; i < 20 && (await row(id)).status === 'EXECUTING'; i++) {
      sim.advance(15_000)
      await workerTick()
    }
    expect((await row(id)).status).toBe('SUCCEEDED')
    expect(snapshot('shop-dev', 'orders-api').desiredCount).toBe(3)
    await expectMatchesSimulator(id, 'shop-dev', 'orders-api')
    expect(updateServiceCalls()).toBe(calls + 1)
  })

  it('expires, with the reason, an APPROVED request never claimed whose approval window passed; nothing is sent', async () => {
    const created = new Date(Date.now() - 20 * MIN)
    const approved = await orphanedApproval('inventory-worker', 2, created, {
      decidedAt: new Date(created.getTime() + 2 * MIN),
      expiresAt: new Date(created.getTime() + 15 * MIN),
    })
    const direct = await orphanedApproval('inventory-worker', 2, new Date(Date.now() - 16 * MIN))
    const calls = updateServiceCalls()
    const { resumed } = await workerTick()
    expect(resumed).toMatchObject({ [approved.id]: 'EXPIRED', [direct.id]: 'EXPIRED' })
    expect(updateServiceCalls()).toBe(calls)
    for (const { id } of [approved, direct]) {
      const r = await row(id)
      expect(r).toMatchObject({ status: 'EXPIRED', executedAt: null })
      expect(r.finishedAt).not.toBeNull()
      expect(r.error).toMatch(
        /^Expired without being run: approved at \d\d:\d\d UTC, but the app instance that was to send it stopped first.*Nothing was sent to AWS/,
      )
      expect(await timelineOf(id)).toMatch(/Expired without being run/)
      expect((await auditOf(id)).map((a) => a.action)).toEqual(['remediation.request.expire'])
    }
    // Settled once: the next tick finds nothing to do.
    expect((await workerTick()).resumed).toEqual({})
  })

  it('runs on one instance per database: a second instance does not lead until the first lets go', async () => {
    const connectionString = process.env.DATABASE_URL!
    const a = createLeadership(WORKER_LEADERSHIP, { connectionString })
    const b = createLeadership(WORKER_LEADERSHIP, { connectionString })
    try {
      expect(await a.check()).toBe(true)
      expect(await b.check()).toBe(false)
      expect(await a.check()).toBe(true) // still leading
      await a.stop()
      expect(await b.check()).toBe(true)
    } finally {
      await Promise.all([a.stop(), b.stop()])
    }
  })
})
