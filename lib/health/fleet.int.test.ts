import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Actor } from '@/lib/actions/actor'
import { startTestSimulator, stopTestSimulator } from '@/lib/aws/testing'
import type { SimulatorHandle } from '@/lib/simulator'
import { db } from '@/lib/db/client'
import { demoServices } from '@/prisma/seed'
import { getFleetHealth } from './queries/fleet'
import { REFRESH_MS } from './refresh'
import { getServiceDetail } from './queries/service-detail'

let sim: SimulatorHandle
let actor: Actor

beforeAll(async () => {
  ;({ sim } = await startTestSimulator())
  await db.service.createMany({ data: demoServices() })
  actor = await db.user.create({ data: { email: 'watcher@example.com', name: 'W', role: 'VIEWER' }, select: { id: true, email: true, name: true, role: true } })
})

afterAll(async () => {
  await stopTestSimulator(sim)
  await db.$disconnect()
})

describe('fleet health', () => {
  it('50 concurrent status requests cause one refresh of AWS data', async () => {
    sim.calls.reset()
    // The simulator's clock, so the metrics window holds its datapoints.
    const results = await Promise.all(Array.from({ length: 50 }, () => getFleetHealth(actor, { clock: () => new Date(sim.now()) })))
    const calls = sim.calls.counts().byOperation
    // Two clusters of at most 10 services: one DescribeServices each; all metrics in one call.
    expect(calls['ecs:DescribeServices']).toBe(2)
    expect(calls['cloudwatch:GetMetricData']).toBe(1)
    expect(calls['cloudwatch:DescribeAlarms']).toBe(1)
    expect(new Set(results.map((r) => r.refreshedAt)).size).toBe(1)
    expect(results[0].services).toHaveLength(12)
    expect(results[0].services.map((s) => `${s.name}: ${s.status}`).filter((s) => !s.endsWith(': healthy'))).toEqual([])

    sim.calls.reset()
    await Promise.all(Array.from({ length: 50 }, () => getFleetHealth(actor)))
    expect(sim.calls.counts().total).toBe(0)
  })

  it('calls a service that ECS does not know unknown, and says why', async () => {
    await db.service.create({
      data: { name: 'ghost', environment: 'PROD', region: 'us-east-1', cluster: 'shop-prod', ecsServiceName: 'ghost-api', team: 'none' },
    })
    const fleet = await getFleetHealth(actor)
    expect(fleet.services.find((s) => s.name === 'ghost')).toMatchObject({ status: 'unknown', reason: 'ECS has no service ghost-api in shop-prod' })
  })

  it('when AWS can no longer be read, the next refresh keeps what was critical as last known', async () => {
    const clock = () => new Date(sim.now())
    sim.scenarios.inject({ cluster: 'shop-prod', service: 'payments-api', scenario: 'crash_loop' })
    sim.advance(4 * 60_000)
    // Past the interval of the snapshot of the first test: this call refreshes.
    await new Promise((r) => setTimeout(r, REFRESH_MS + 200))
    let before = await getFleetHealth(actor, { clock })
    await expect
      .poll(
        async () => (before = await getFleetHealth(actor, { clock })).services.find((s) => s.name === 'payments-api' && s.cluster === 'shop-prod')?.status,
        { timeout: 15_000 },
      )
      .toBe('critical')

    sim.faults.add({ kind: 'expired_token' })
    try {
      await new Promise((r) => setTimeout(r, REFRESH_MS + 200))
      let after = await getFleetHealth(actor, { clock })
      await expect.poll(async () => (after = await getFleetHealth(actor, { clock })).blind, { timeout: 15_000 }).toBe(true)
      const payments = after.services.find((s) => s.name === 'payments-api' && s.cluster === 'shop-prod')!
      expect(payments).toMatchObject({ status: 'unknown', lastKnown: { status: 'critical' } })
      expect(payments.lastKnown!.at).toBe(before.services.find((s) => s.serviceId === payments.serviceId)!.observedAt)
      // A service page nobody opened before says what the board last read, with its time.
      const detail = await getServiceDetail(actor, payments.serviceId)
      expect(detail).toMatchObject({ status: 'unknown', lastKnown: { status: 'critical', at: payments.lastKnown!.at } })
      expect(detail!.counts.data).toBeNull()
    } finally {
      sim.faults.clear()
      sim.scenarios.clear()
    }
  }, 60_000)
})
