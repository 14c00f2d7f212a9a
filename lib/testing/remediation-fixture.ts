// The setup the remediation integration tests share: the demo catalog in an empty database,
// users with the roles a test needs, one open incident naming the services it asks for, and a
// simulator (manual clock) that lib/aws talks to. Real Postgres, real SDK over HTTP.
import type { ActorContext } from '@/lib/actions/actor'
import { startTestSimulator, stopTestSimulator } from '@/lib/aws/testing'
import { db } from '@/lib/db/client'
import { logger } from '@/lib/logger'
import { advanceRemediation, COOLDOWN_MS } from '@/lib/remediation/mutations'
import type { SimulatorHandle } from '@/lib/simulator'
import { demoServices } from '@/prisma/seed'

type Role = 'RESPONDER' | 'COMMANDER' | 'ADMIN'

export type RemediationFixture<U extends string> = {
  sim: SimulatorHandle
  /** Service ids by `cluster/name`. */
  ids: Record<string, string>
  users: Record<U, ActorContext>
  incidentId: string
  /** Lets the request's deployment settle in simulated time (15 s a round), following it each round; its status after. */
  settle: (id: string, rounds?: number) => Promise<string>
  /** Moves every finished request out of the cooldown, so a test starts free to act. */
  outsideCooldown: () => Promise<unknown>
  stop: () => Promise<void>
}

export async function startRemediationFixture<U extends string>(opts: {
  simulator?: Parameters<typeof startTestSimulator>[0]
  users: Record<U, { email: string; role: Role }>
  /** `services` picks the incident's services from the catalog's `cluster/name` keys. */
  incident: { title: string; impact: string; commander?: NoInfer<U>; services: (keys: string[]) => string[] }
}): Promise<RemediationFixture<U>> {
  const { sim } = await startTestSimulator(opts.simulator)
  await db.service.createMany({ data: demoServices() })
  const ids: Record<string, string> = {}
  for (const s of await db.service.findMany({ select: { id: true, name: true, cluster: true } })) ids[`${s.cluster}/${s.name}`] = s.id
  const users = {} as Record<U, ActorContext>
  for (const [name, { email, role }] of Object.entries(opts.users) as [U, { email: string; role: Role }][]) {
    const actor = await db.user.create({ data: { email, name: email.split('@')[0], role }, select: { id: true, email: true, name: true, role: true } })
    users[name] = { actor, requestId: `req-${email}`, log: logger }
  }
  const { title, impact, commander, services } = opts.incident
  const incident = await db.incident.create({
    data: {
      title,
      severity: 'SEV2',
      impact,
      ...(commander ? { commanderId: users[commander].actor.id } : {}),
      services: { create: services(Object.keys(ids)).map((key) => ({ serviceId: ids[key] })) },
    },
    select: { id: true },
  })
  return {
    sim,
    ids,
    users,
    incidentId: incident.id,
    async settle(id, rounds = 30) {
      for (let i = 0; i < rounds; i++) {
        sim.advance(15_000)
        const status = await advanceRemediation(id)
        if (status !== 'EXECUTING') return status
      }
      return 'EXECUTING'
    },
    outsideCooldown: () =>
      db.remediationRequest.updateMany({ where: { finishedAt: { not: null } }, data: { finishedAt: new Date(Date.now() - COOLDOWN_MS - 1000) } }),
    async stop() {
      await stopTestSimulator(sim)
      await db.$disconnect()
    },
  }
}
