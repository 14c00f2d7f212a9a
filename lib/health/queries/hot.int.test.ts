import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { createDbClient } from '@/lib/db/create-client'
import { recordServiceView, VIEWED_HOT_MS, viewedServiceIds } from './hot'

// Two clients stand for two app instances recording the service pages their viewers open.
const clientA = createDbClient(inject('databaseUrl'), { max: 5 })
const clientB = createDbClient(inject('databaseUrl'), { max: 5 })
const now = new Date('2026-03-01T12:00:00Z')
let ids: string[] = []

beforeAll(async () => {
  const stamp = Math.random().toString(36).slice(2, 8)
  await clientA.service.createMany({
    data: Array.from({ length: 60 }, (_, i) => ({
      name: `viewed-${stamp}-${i}`,
      environment: 'PROD' as const,
      region: 'us-east-1',
      cluster: 'viewed',
      ecsServiceName: `viewed-${stamp}-${i}`,
      team: 'viewed',
    })),
  })
  ids = (await clientA.service.findMany({ where: { name: { startsWith: `viewed-${stamp}-` } }, select: { id: true } })).map((s) => s.id)
})

afterAll(async () => {
  await clientA.service.deleteMany({ where: { id: { in: ids } } })
  await Promise.all([clientA.$disconnect(), clientB.$disconnect()])
})

describe('recently viewed services, across instances', () => {
  it('two instances recording views at once lose none of them', async () => {
    // Each instance records its half, and both record the shared third, all at once.
    const half = ids.length / 2
    await Promise.all([
      ...ids.slice(0, half + 10).map((id, i) => recordServiceView(id, new Date(now.getTime() - i * 1000), clientA)),
      ...ids.slice(half - 10).map((id, i) => recordServiceView(id, new Date(now.getTime() - i * 1000), clientB)),
    ])
    const seen = new Set(await viewedServiceIds(now, clientB))
    expect(ids.filter((id) => !seen.has(id))).toEqual([])
    expect(new Set(await viewedServiceIds(now, clientA))).toEqual(seen)
  })

  it('keeps the latest view: an older one arriving late does not move it back; views older than the window drop out', async () => {
    const [id] = ids
    await recordServiceView(id, now, clientA)
    await recordServiceView(id, new Date(now.getTime() - VIEWED_HOT_MS - 60_000), clientB)
    expect(await viewedServiceIds(new Date(now.getTime() + VIEWED_HOT_MS), clientA)).toContain(id)
    expect(await viewedServiceIds(new Date(now.getTime() + VIEWED_HOT_MS + 1), clientA)).not.toContain(id)
  })
})
