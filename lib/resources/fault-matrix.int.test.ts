// Fault matrix for the resources beside services (the services' own is lib/health/fault-matrix.int.test.ts):
// every call the resources section makes (Lambda, RDS, ElastiCache, DynamoDB, CloudWatch Logs) throttled,
// failing with AWS's 5xx or hanging, through the real SDK against the simulator, with the catalog in
// Postgres. The invariant: what cannot be seen is never healthy, and the reason names what failed.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { Actor } from '@/lib/actions/actor'
import { startTestSimulator, stopTestSimulator } from '@/lib/aws/testing'
import { db } from '@/lib/db/client'
import type { SimulatorHandle } from '@/lib/simulator'
import { demoServices } from '@/prisma/seed'
import { seedDemoResources } from '@/prisma/demo-resources'
import type { ResourceKind } from './kinds'
import { listResources } from './queries/catalog'
import { loadResourceHealth } from './queries/reading'
import { loadLambdaErrorLines } from './queries/logs'

let sim: SimulatorHandle
let actor: Actor

beforeAll(async () => {
  // Quick client timeouts so a hang costs a second, not a refresh interval.
  ;({ sim } = await startTestSimulator({ rateLimits: false, requestTimeoutMs: 300 }))
  await db.service.createMany({ data: demoServices() })
  await seedDemoResources(db)
  actor = await db.user.create({
    data: { email: 'res-matrix@example.com', name: 'M', role: 'VIEWER' },
    select: { id: true, email: true, name: true, role: true },
  })
  sim.advance(2 * 60_000)
})

afterAll(async () => {
  await stopTestSimulator(sim)
  await db.$disconnect()
})

beforeEach(() => {
  sim.faults.clear()
})

const read = async () => loadResourceHealth(await listResources(actor), new Date(sim.now()))

const apis: { api: 'lambda' | 'rds' | 'elasticache' | 'dynamodb'; kind: ResourceKind; what: string; reason: string }[] = [
  { api: 'lambda', kind: 'LAMBDA', what: 'Lambda', reason: 'cannot describe the function' },
  { api: 'rds', kind: 'RDS', what: 'RDS', reason: 'cannot describe DB instances' },
  { api: 'elasticache', kind: 'ELASTICACHE', what: 'ElastiCache', reason: 'cannot describe cache clusters' },
  { api: 'dynamodb', kind: 'DYNAMODB', what: 'DynamoDB', reason: 'cannot describe the table' },
]
const failures = [
  { fault: 'throttle', says: /AWS is rate-limiting \w+:\w+ calls right now/ },
  { fault: 'server_error', says: /\w+:\w+ failed( on [^:]+)?: / },
  { fault: 'hang', says: /\w+:\w+ did not answer in time/ },
] as const

describe('resource fault matrix: nothing unseen is healthy', () => {
  it('baseline: with nothing wrong, every resource is healthy and nothing is reported', async () => {
    const health = await read()
    expect(health.errors).toEqual([])
    expect(health.resources.filter((r) => r.status !== 'healthy').map((r) => `${r.name}: ${r.reason}`)).toEqual([])
  })

  for (const a of apis)
    for (const f of failures)
      it(`${a.api} ${f.fault}: its ${a.kind} rows are unknown and name the failure; the other kinds stay healthy`, async () => {
        sim.faults.add({ kind: f.fault, api: a.api })
        const health = await read()
        const affected = health.resources.filter((r) => r.kind === a.kind)
        expect(affected.length).toBeGreaterThan(0)
        for (const r of affected) {
          expect(r.status, r.name).toBe('unknown')
          expect(r.reason, r.name).toMatch(new RegExp(`^${a.reason}: `))
          expect(r.reason, r.name).toMatch(f.says)
          expect(r.reason, r.name).toMatch(new RegExp(`${a.api}:`))
        }
        expect(health.errors.some((e) => e.startsWith(`${a.what} in us-east-1: `) && f.says.test(e))).toBe(true)
        expect(health.resources.filter((r) => r.kind !== a.kind).every((r) => r.status === 'healthy')).toBe(true)
      })

  it('every AWS call failing: every resource unknown, none healthy, each kind named in the errors', async () => {
    sim.faults.add({ kind: 'server_error' })
    const health = await read()
    expect(new Set(health.resources.map((r) => r.status))).toEqual(new Set(['unknown']))
    for (const what of ['Lambda', 'RDS', 'ElastiCache', 'DynamoDB', 'CloudWatch metrics']) expect(health.errors.join('\n')).toContain(`${what} in us-east-1: `)
  })

  for (const f of failures)
    it(`logs ${f.fault}: a function's error lines say they could not be read and why, never "no error lines"`, async () => {
      const fn = await db.resource.findFirstOrThrow({ where: { awsId: 'order-events' }, select: { id: true, awsId: true, region: true } })
      sim.faults.add({ kind: f.fault, api: 'logs' })
      const out = await loadLambdaErrorLines(fn, new Date(sim.now()))
      expect(out.lines).toBeNull()
      expect(out.error).toMatch(f.says)
      expect(out.error).toMatch(/logs:FilterLogEvents/)
    })
})
