import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { ActorContext } from '@/lib/actions/actor'
import type { SimulatorHandle } from '@/lib/simulator'
import { db } from '@/lib/db/client'
import { startRemediationFixture, type RemediationFixture } from '@/lib/testing/remediation-fixture'
import { approveRemediation, expireStaleRequests, rejectRemediation, requestRemediation } from './mutations'

let fixture: RemediationFixture<'responder' | 'commander'>
let sim: SimulatorHandle
let responder: ActorContext
let commander: ActorContext
let incidentId: string
let ids: Record<string, string>
let n = 0
const key = () => `test-key-${++n}-${Date.now()}`

const updateServiceCalls = () => sim.calls.counts().byOperation['ecs:UpdateService'] ?? 0

/** Lets a service's deployment settle in simulated time, then follows the request. */
const settle = (id: string) => fixture.settle(id)

beforeAll(async () => {
  fixture = await startRemediationFixture({
    users: { responder: { email: 'resp@example.com', role: 'RESPONDER' }, commander: { email: 'cmd@example.com', role: 'COMMANDER' } },
    incident: { title: 'Orders slow', impact: 'some users', commander: 'commander', services: (keys) => keys.filter((k) => k.startsWith('shop-prod/')) },
  })
  ;({ sim, ids, incidentId } = fixture)
  ;({ responder, commander } = fixture.users)
})

afterAll(() => fixture.stop())

beforeEach(async () => {
  sim.advance(60_000) // AWS's request budgets refill with simulated time
  // Each test starts outside any cooldown.
  await fixture.outsideCooldown()
})

const prod = (service: string) => ids[`shop-prod/${service}`]

describe('guarded remediation', () => {
  it('scales a prod service exactly once for 50 identical requests, audits it, and follows it to steady', async () => {
    const before = updateServiceCalls()
    const input = {
      serviceId: prod('orders-api'),
      action: { kind: 'SCALE' as const, desiredCount: 6 },
      idempotencyKey: key(),
      reason: 'more capacity for the sale',
      incidentId,
      confirmName: 'orders-api',
    }
    const results = await Promise.all(Array.from({ length: 50 }, () => requestRemediation(responder, input)))
    expect(new Set(results.map((r) => r.id)).size).toBe(1)
    expect(updateServiceCalls() - before).toBe(1)
    const id = results[0].id
    const audit = await db.auditEvent.findMany({
      where: { OR: [{ targetId: id }, { params: { path: ['remediationId'], equals: id } }] },
      orderBy: { id: 'asc' },
    })
    expect(audit.map((a) => [a.action, a.status])).toEqual([
      ['remediation.request.create', 'SUCCEEDED'],
      ['ecs.service.scale', 'SUCCEEDED'],
    ])
    expect(audit[1].awsRequestId).toBeTruthy()
    expect(await settle(id)).toBe('SUCCEEDED')
    const entries = await db.timelineEntry.findMany({ where: { incidentId, kind: 'remediation' }, orderBy: { id: 'asc' }, select: { text: true } })
    expect(entries.map((e) => e.text).join('\n')).toMatch(
      /Requested: desired \d+ → 6 on orders-api in prod[\s\S]*Sent to AWS[\s\S]*Steady: orders-api runs 6\/6 tasks/,
    )
  })

  it('acts once for one request sent to two instances at once (each with its own in-process dedupe)', async () => {
    // A second copy of the module is a second instance's: its own map of requests in flight, the same database.
    const secondInstance = './mutations?instance=2'
    const other = (await import(/* @vite-ignore */ secondInstance)) as typeof import('./mutations')
    const before = updateServiceCalls()
    const input = {
      serviceId: prod('inventory-worker'),
      action: { kind: 'SCALE' as const, desiredCount: 5 },
      idempotencyKey: key(),
      reason: 'two instances, one click',
      incidentId,
      confirmName: 'inventory-worker',
    }
    const [a, b] = await Promise.all([requestRemediation(responder, input), other.requestRemediation(responder, input)])
    expect(a.id).toBe(b.id)
    expect([a.created, b.created].sort()).toEqual([false, true])
    expect(await db.remediationRequest.count({ where: { idempotencyKey: input.idempotencyKey } })).toBe(1)
    expect(updateServiceCalls() - before).toBe(1)
    expect(await settle(a.id)).toBe('SUCCEEDED')
  })

  it('refuses a second action on the same service while one runs, and says which', async () => {
    const first = await requestRemediation(responder, {
      serviceId: prod('payments-api'),
      action: { kind: 'FORCE_NEW_DEPLOYMENT' },
      idempotencyKey: key(),
      reason: 'restart',
      incidentId,
      confirmName: 'payments-api',
    })
    await expect(
      requestRemediation(commander, {
        serviceId: prod('payments-api'),
        action: { kind: 'SCALE', desiredCount: 4 },
        idempotencyKey: key(),
        reason: 'scale',
        incidentId,
        confirmName: 'payments-api',
      }),
    ).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('Another action is running on payments-api: force new deployment') })
    expect(await settle(first.id)).toBe('SUCCEEDED')
  })

  it('asks to watch for 5 minutes after an action, unless given a reason to act now', async () => {
    const s = prod('checkout-web')
    const done = await requestRemediation(responder, {
      serviceId: s,
      action: { kind: 'SCALE', desiredCount: 3 },
      idempotencyKey: key(),
      reason: 'more',
      incidentId,
      confirmName: 'checkout-web',
    })
    expect(await settle(done.id)).toBe('SUCCEEDED')
    const next = {
      serviceId: s,
      action: { kind: 'SCALE' as const, desiredCount: 4 },
      idempotencyKey: key(),
      reason: 'even more',
      incidentId,
      confirmName: 'checkout-web',
    }
    await expect(requestRemediation(responder, next)).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringContaining('Watch the service for 5 minutes'),
    })
    const overridden = await requestRemediation(responder, { ...next, cooldownOverride: 'the sale starts now' })
    expect(await settle(overridden.id)).toBe('SUCCEEDED')
  })

  it('in production, needs an open incident naming the service and the typed name', async () => {
    const base = { serviceId: prod('auth-api'), action: { kind: 'FORCE_NEW_DEPLOYMENT' as const }, idempotencyKey: key(), reason: 'restart' }
    await expect(requestRemediation(responder, { ...base, confirmName: 'auth-api' })).rejects.toMatchObject({
      code: 'VALIDATION',
      message: expect.stringContaining('open incident'),
    })
    await expect(requestRemediation(responder, { ...base, incidentId, confirmName: 'auth' })).rejects.toMatchObject({
      code: 'VALIDATION',
      message: 'Type auth-api to confirm the target.',
    })
    expect(await db.remediationRequest.count({ where: { serviceId: prod('auth-api') } })).toBe(0)
  })

  it('holds a rollback for a second person: self-approval refused, reject, approve → runs', async () => {
    const before = updateServiceCalls()
    const rollback = () => ({
      serviceId: prod('catalog-api'),
      action: { kind: 'ROLLBACK' as const },
      idempotencyKey: key(),
      reason: 'bad release',
      incidentId,
      confirmName: 'catalog-api',
    })
    const asked = await requestRemediation(responder, rollback())
    expect(await db.remediationRequest.findUniqueOrThrow({ where: { id: asked.id } })).toMatchObject({ status: 'PENDING_APPROVAL', requiresApproval: true })
    expect(updateServiceCalls()).toBe(before)

    const own = await requestRemediation(commander, rollback())
    await expect(approveRemediation(commander, { requestId: own.id })).rejects.toMatchObject({
      code: 'FORBIDDEN',
      message: expect.stringContaining('your own request'),
    })
    await expect(approveRemediation(responder, { requestId: asked.id })).rejects.toMatchObject({ code: 'FORBIDDEN' })
    await expect(rejectRemediation(responder, { requestId: own.id, reason: 'no' })).rejects.toMatchObject({ code: 'FORBIDDEN' })
    await rejectRemediation(commander, { requestId: own.id, reason: 'one rollback is enough' })
    await expect(rejectRemediation(commander, { requestId: own.id, reason: 'again' })).rejects.toMatchObject({ code: 'CONFLICT' })
    expect(await db.remediationRequest.findUniqueOrThrow({ where: { id: own.id } })).toMatchObject({ status: 'REJECTED' })

    await approveRemediation(commander, { requestId: asked.id, reason: 'checked the migration' })
    expect(updateServiceCalls()).toBe(before + 1)
    expect(await settle(asked.id)).toBe('SUCCEEDED')
    const after = (await db.remediationRequest.findUniqueOrThrow({ where: { id: asked.id } })).after as { taskDefinition: string }
    const before_ = (await db.remediationRequest.findUniqueOrThrow({ where: { id: asked.id } })).before as { taskDefinition: string }
    expect(after.taskDefinition).not.toBe(before_.taskDefinition)
  })

  it('expires a request nobody decided on within 15 minutes', async () => {
    const asked = await requestRemediation(responder, {
      serviceId: prod('inventory-worker'),
      action: { kind: 'SCALE', desiredCount: 0 },
      idempotencyKey: key(),
      reason: 'isolate',
      incidentId,
      confirmName: 'inventory-worker',
    })
    await db.remediationRequest.update({ where: { id: asked.id }, data: { expiresAt: new Date(Date.now() - 1000) } })
    expect(await expireStaleRequests()).toBe(1)
    await expect(approveRemediation(commander, { requestId: asked.id })).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringContaining('expired'),
    })
    expect(await db.auditEvent.count({ where: { action: 'remediation.request.expire', targetId: asked.id } })).toBe(1)
  })

  it('ends as FAILED with the message when AWS throttles or denies, with both audit records, and changes nothing', async () => {
    for (const [kind, expected] of [
      ['throttle', /throttl|rate/i],
      ['access_denied', /not allowed|access|denied/i],
    ] as const) {
      await fixture.outsideCooldown()
      const before = (await db.service.findFirstOrThrow({ where: { id: prod('notifications-worker') } })).id
      const desiredBefore = sim.services().find((x) => x.cluster === 'shop-prod' && x.service === 'notifications-worker')!.desiredCount
      sim.faults.add({ kind, api: 'ecs', operation: 'UpdateService' })
      try {
        const r = await requestRemediation(responder, {
          serviceId: before,
          action: { kind: 'SCALE', desiredCount: desiredBefore + 1 },
          idempotencyKey: key(),
          reason: 'try',
          incidentId,
          confirmName: 'notifications-worker',
        })
        const row = await db.remediationRequest.findUniqueOrThrow({ where: { id: r.id } })
        expect(row.status).toBe('FAILED')
        expect(row.error).toMatch(expected)
        const audit = await db.auditEvent.findMany({
          where: { OR: [{ targetId: r.id }, { params: { path: ['remediationId'], equals: r.id } }] },
          orderBy: { id: 'asc' },
        })
        expect(audit.map((a) => [a.action, a.status])).toEqual([
          ['remediation.request.create', 'SUCCEEDED'],
          ['ecs.service.scale', 'FAILED'],
        ])
        expect(sim.services().find((x) => x.cluster === 'shop-prod' && x.service === 'notifications-worker')!.desiredCount).toBe(desiredBefore)
      } finally {
        sim.faults.clear()
      }
    }
  })

  it('refuses simultaneous requests for one service before storing them: one request, one audit event, no FAILED rows', async () => {
    const serviceId = ids['shop-dev/catalog-api']
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) =>
        requestRemediation(i % 2 ? commander : responder, {
          serviceId,
          action: { kind: 'FORCE_NEW_DEPLOYMENT' as const },
          idempotencyKey: key(),
          reason: `press ${i}`,
        }),
      ),
    )
    const created = results.filter((r) => r.status === 'fulfilled')
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected')
    expect(created).toHaveLength(1)
    expect(refused).toHaveLength(19)
    for (const r of refused) expect(r.reason).toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('catalog-api') })
    const rows = await db.remediationRequest.findMany({ where: { serviceId }, select: { id: true, status: true } })
    expect(rows).toHaveLength(1)
    expect(rows[0].status).not.toBe('FAILED')
    expect(await db.auditEvent.count({ where: { action: 'remediation.request.create', serviceId } })).toBe(1)
    expect(await settle(rows[0].id)).toBe('SUCCEEDED')
  })
})
