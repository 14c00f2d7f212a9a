// AWS that never answers must not stall the app: the board answers from its last
// snapshot (marked stale) while the refresh waits on AWS, and what needs only the
// database (the health check, the incident list) goes on, because the refresh holds
// no database connection.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Actor } from '@/lib/actions/actor'
import { startTestSimulator, stopTestSimulator } from '@/lib/aws/testing'
import type { SimulatorHandle } from '@/lib/simulator'
import { db } from '@/lib/db/client'
import { checkDatabase } from '@/lib/db/health'
import { listIncidents } from '@/lib/incidents/queries'
import { demoServices } from '@/prisma/seed'
import { getFleetHealth } from './queries/fleet'
import { REFRESH_MS } from './refresh'

let sim: SimulatorHandle
let actor: Actor

beforeAll(async () => {
  ;({ sim } = await startTestSimulator({ requestTimeoutMs: 60_000 }))
  await db.service.createMany({ data: demoServices() })
  actor = await db.user.create({ data: { email: 'night@example.com', name: 'N', role: 'VIEWER' }, select: { id: true, email: true, name: true, role: true } })
})

afterAll(async () => {
  sim.faults.clear()
  await stopTestSimulator(sim)
  await db.$disconnect()
})

describe('every AWS call hanging', () => {
  it('the board answers from its last snapshot, marked stale; the database-only paths answer', async () => {
    const before = await getFleetHealth(actor)
    expect(before.stale).toBe(false)

    sim.faults.add({ kind: 'hang' })
    // Let the snapshot outlive its interval, so the next request needs a refresh.
    await new Promise((r) => setTimeout(r, REFRESH_MS + 200))

    const during = await getFleetHealth(actor)
    expect(during).toMatchObject({ refreshedAt: before.refreshedAt, stale: true })
    // AWS is still holding the refresh's calls: the answer did not wait for them.
    await expect.poll(() => sim.faults.hanging()).toBeGreaterThan(0)

    // 30 requests that need only the database, at once, while the refresh is stuck.
    const results = await Promise.all(Array.from({ length: 15 }, () => [checkDatabase(5_000), listIncidents(actor, {})]).flat())
    expect(results.filter((r) => 'status' in r).every((r) => (r as { status: string }).status === 'up')).toBe(true)
    expect(sim.faults.hanging()).toBeGreaterThan(0)

    const again = await getFleetHealth(actor)
    expect(again).toMatchObject({ refreshedAt: before.refreshedAt, stale: true })
  })
})
