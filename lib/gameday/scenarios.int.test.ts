// Game day's failures on a service, through the simulator's control API over real HTTP: a
// crash loop started "10 minutes ago" is already in its middle when the inject answers, and
// what cannot be backdated is refused with the simulator's reason, nothing injected or audited.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ActorContext } from '@/lib/actions/actor'
import { startTestSimulator, stopTestSimulator } from '@/lib/aws/testing'
import { db } from '@/lib/db/client'
import { env } from '@/lib/env'
import { logger } from '@/lib/logger'
import type { SimulatorHandle } from '@/lib/simulator'
import { demoServices } from '@/prisma/seed'
import { injectScenario } from './mutations'
import { injectScenarioSchema } from './schemas'

let sim: SimulatorHandle
let admin: ActorContext
let ordersId: string

beforeAll(async () => {
  ;({ sim } = await startTestSimulator())
  // The simulator listens on a port chosen at start; the app's configuration learns it here.
  ;(env as { AWS_SIMULATOR_URL?: string }).AWS_SIMULATOR_URL = sim.url
  await db.service.createMany({ data: demoServices() })
  ordersId = (await db.service.findFirstOrThrow({ where: { cluster: 'shop-prod', name: 'orders-api' }, select: { id: true } })).id
  const user = await db.user.create({
    data: { email: 'gd-scn@example.com', name: 'Gus', role: 'ADMIN' },
    select: { id: true, email: true, name: true, role: true },
  })
  admin = { actor: user, requestId: 'rq-gd-scn', log: logger }
  sim.advance(20 * 60_000)
})

afterAll(async () => {
  await stopTestSimulator(sim)
  await db.$disconnect()
})

describe('game day: a failure that began minutes ago', () => {
  it('starts the crash loop in its middle: tasks already failed, the start backdated, the audit says so', async () => {
    const now = sim.now()
    const started = await injectScenario(admin, { serviceId: ordersId, scenario: 'crash_loop', minutesIn: 10 })
    expect(Date.parse(started.startedAt)).toBe(now - 10 * 60_000)
    const orders = sim.sim.service('us-east-1', 'shop-prod', 'orders-api')!
    const failed = orders.tasks.filter((t) => t.lastStatus === 'STOPPED' && t.exitCode === 1)
    expect(failed.length).toBeGreaterThanOrEqual(3)
    const audit = await db.auditEvent.findFirstOrThrow({ where: { action: 'gameday.scenario.inject', targetId: ordersId } })
    expect(audit.params).toMatchObject({ scenario: 'crash_loop', minutesIn: 10, id: started.id })
    sim.scenarios.clear()
  })

  it('refuses what cannot be backdated, with the reason, and changes nothing', async () => {
    expect(injectScenarioSchema.safeParse({ serviceId: ordersId, scenario: 'crash_loop', minutesIn: 45 }).success).toBe(false)
    expect(injectScenarioSchema.safeParse({ serviceId: ordersId, scenario: 'crash_loop', minutesIn: 2.5 }).success).toBe(false)
    const audits = await db.auditEvent.count({ where: { action: 'gameday.scenario.inject' } })
    await expect(injectScenario(admin, { serviceId: ordersId, scenario: 'certificate_expiring', minutesIn: 5 })).rejects.toMatchObject({
      code: 'VALIDATION',
      message: expect.stringContaining('minutesIn applies to failures of the service itself'),
    })
    expect(sim.scenarios.list()).toEqual([])
    expect(await db.auditEvent.count({ where: { action: 'gameday.scenario.inject' } })).toBe(audits)
  })
})
