// A Lambda function's recent error lines (the board's and the service page's "Recent error log
// lines"), through the real SDK against the simulator, with the catalog in Postgres.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Actor } from '@/lib/actions/actor'
import { startTestSimulator, stopTestSimulator } from '@/lib/aws/testing'
import { db } from '@/lib/db/client'
import type { SimulatorHandle } from '@/lib/simulator'
import { demoServices } from '@/prisma/seed'
import { seedDemoResources } from '@/prisma/demo-resources'
import { getResourceErrorLines, loadLambdaErrorLines } from './queries/logs'

let sim: SimulatorHandle
let actor: Actor
const fn = async (awsId: string) => db.resource.findFirstOrThrow({ where: { awsId }, select: { id: true, awsId: true, region: true } })

beforeAll(async () => {
  ;({ sim } = await startTestSimulator())
  await db.service.createMany({ data: demoServices() })
  await seedDemoResources(db)
  actor = await db.user.create({ data: { email: 'logs@example.com', name: 'L', role: 'VIEWER' }, select: { id: true, email: true, name: true, role: true } })
})

afterAll(async () => {
  await stopTestSimulator(sim)
  await db.$disconnect()
})

describe('Lambda error lines', () => {
  it('under an error spike: the ERROR lines of the last hour, newest first, read once per interval however many ask', async () => {
    sim.scenarios.inject({ cluster: 'shop-prod', service: 'orders-api', scenario: 'lambda_error_spike' })
    sim.advance(3 * 60_000)
    const { id } = await fn('order-events')
    sim.calls.reset()
    const clock = () => new Date(sim.now())
    const all = await Promise.all(Array.from({ length: 5 }, () => getResourceErrorLines(actor, id, { clock })))
    expect(sim.calls.counts().byOperation['logs:FilterLogEvents']).toBe(1)
    const out = all[0]!
    expect(out).toMatchObject({ resourceId: id, logGroup: '/aws/lambda/order-events', error: null, stale: false, readAt: clock().toISOString() })
    expect(out.lines!.length).toBeGreaterThan(3)
    expect(out.lines!.length).toBeLessThanOrEqual(20)
    expect(out.lines![0].message).toMatch(/\tERROR\tInvoke Error \t\w*Error: /)
    expect(out.lines!.map((l) => l.at)).toEqual(
      out
        .lines!.map((l) => l.at)
        .sort()
        .reverse(),
    )
    sim.scenarios.clear()
  })

  it('logs that cannot be read say so and why, never "no error lines"', async () => {
    const f = await fn('payment-webhooks')
    for (const kind of ['access_denied', 'throttle', 'server_error'] as const) {
      sim.faults.add({ kind, api: 'logs' })
      const out = await loadLambdaErrorLines(f, new Date(sim.now()))
      sim.faults.clear()
      expect(out.lines, kind).toBeNull()
      expect(out.error, kind).toMatch(/logs:FilterLogEvents/)
    }
    const ghost = await loadLambdaErrorLines({ id: f.id, awsId: 'never-invoked', region: 'us-east-1' }, new Date(sim.now()))
    expect(ghost).toMatchObject({ lines: null, error: expect.stringMatching(/^Log group \/aws\/lambda\/never-invoked was not found/) })
  })

  it('only Lambda functions in the catalog have error lines', async () => {
    const table = await fn('carts')
    expect(await getResourceErrorLines(actor, table.id)).toBeNull()
    expect(await getResourceErrorLines(actor, '00000000-0000-4000-8000-000000000009')).toBeNull()
  })
})
