import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { Actor } from '@/lib/actions/actor'
import { startTestSimulator, stopTestSimulator } from '@/lib/aws/testing'
import { db } from '@/lib/db/client'
import { createPgListener } from '@/lib/db/listen'
import { createSharedCache } from '@/lib/db/shared-cache'
import { LIVE_CHANNEL, parseLiveChange, type LiveChange } from '@/lib/live/events'
import type { SimulatorHandle } from '@/lib/simulator'
import { demoServices } from '@/prisma/seed'
import { seedDemoResources } from '@/prisma/demo-resources'
import type { ResourceHealth } from './dto'
import { listResources } from './queries/catalog'
import { getResourceHealth, loadResourceHealth, RESOURCE_KEY_PREFIX } from './queries/health'

// Live push for the board's Resources section: the shared refresh of resource health notifies
// (trigger in prisma/migrations/*_resource_live_notify) when it first stores a result and when
// a resource's status changes, and stays quiet when a refresh changes numbers only.
const listener = createPgListener(inject('databaseUrl'), LIVE_CHANNEL, { minDelayMs: 50, maxDelayMs: 200 })
const received: LiveChange[] = []
listener.subscribe((payload) => {
  const change = parseLiveChange(payload)
  if (change) received.push(change)
})
let sim: SimulatorHandle
let actor: Actor

beforeAll(async () => {
  await listener.ready()
  ;({ sim } = await startTestSimulator())
  await db.service.createMany({ data: demoServices() })
  await seedDemoResources(db)
  actor = await db.user.create({
    data: { email: 'live-res@example.com', name: 'L', role: 'VIEWER' },
    select: { id: true, email: true, name: true, role: true },
  })
})

afterAll(async () => {
  await listener.close()
  await stopTestSimulator(sim)
  await db.$disconnect()
})

const resourceEvents = () => received.filter((c) => c.k === 'resources')
async function settle() {
  // Notifications arrive after commit over the listener's own connection: give them a moment.
  await new Promise((r) => setTimeout(r, 150))
}

describe('resource health live events', () => {
  it('the first shared refresh notifies; a refresh with the same statuses does not; a status change does, with its time', async () => {
    const first = await getResourceHealth(actor, { clock: () => new Date(sim.now()) })
    expect(first.resources.every((r) => r.status === 'healthy')).toBe(true)
    await settle()
    expect(resourceEvents()).toHaveLength(1)

    // The same key the refresh wrote, written again as the next refresh would (new numbers, same statuses).
    const cache = createSharedCache(db)
    const key = (await cache.latest<ResourceHealth>(RESOURCE_KEY_PREFIX))!.key
    const read = async () => loadResourceHealth(await listResources(actor), new Date(sim.now()))
    sim.advance(60_000)
    const quiet = await read()
    expect(quiet.resources.map((r) => r.status)).toEqual(first.resources.map((r) => r.status))
    await cache.set(key, quiet)
    await settle()
    expect(resourceEvents()).toHaveLength(1)

    sim.scenarios.inject({ cluster: 'shop-prod', service: 'auth-api', scenario: 'redis_down' })
    sim.advance(3 * 60_000)
    const broken = await read()
    expect(broken.resources.find((r) => r.name === 'sessions-redis')!.status).not.toBe('healthy')
    await cache.set(key, broken)
    await settle()
    expect(resourceEvents()).toHaveLength(2)
    const stored = await db.sharedCache.findUnique({ where: { key }, select: { refreshedAt: true } })
    expect(Date.parse(`${resourceEvents()[1].t}Z`)).toBe(stored!.refreshedAt.getTime())
  })

  it('other shared-cache keys never say "resources"', async () => {
    const before = resourceEvents().length
    await createSharedCache(db).set('health:stopped:test', [])
    await createSharedCache(db).set('resources-not-health:x', { resources: [{ resourceId: 'a', status: 'critical' }] })
    await settle()
    expect(resourceEvents()).toHaveLength(before)
  })
})
