import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { db } from '@/lib/db/client'
import { createPgListener } from '@/lib/db/listen'
import { createSharedCache } from '@/lib/db/shared-cache'
import { getTimeline } from '@/lib/incidents/queries'
import { appendIncidentEntry } from '@/lib/incidents/mutations/timeline'
import type { Actor } from '@/lib/actions/actor'
import { LIVE_CHANNEL, type LiveChange } from './events'
import { createLiveHub, type HubEvent } from './hub'
import { openLiveStream } from './stream'

// Live push against the real database: the triggers notify on commit only, one listener
// fans out to subscribers, a timeline event carries its entries, a dropped connection
// reconnects and tells streams they may have missed something.

const listener = createPgListener(inject('databaseUrl'), LIVE_CHANNEL, { minDelayMs: 50, maxDelayMs: 200 })
const actor = { id: '00000000-0000-4000-8000-0000000000aa', role: 'VIEWER' } as unknown as Actor
const hub = createLiveHub(listener, { loadEntries: async (incidentId, fromId) => (await getTimeline(actor, incidentId, fromId - 1, 20)).entries })
const received: HubEvent[] = []
const statuses: boolean[] = []
hub.subscribe(
  (e) => received.push(e),
  (live) => statuses.push(live),
)
let incidentId = ''

beforeAll(async () => {
  await listener.ready()
  const incident = await db.incident.create({ data: { title: 'Live push test', severity: 'SEV1', impact: 'checkout fails' }, select: { id: true } })
  incidentId = incident.id
})

afterAll(async () => {
  await listener.close()
  await db.$disconnect()
})

/** Waits until `match` is among the events received (or fails after two seconds). */
async function eventually(match: (c: LiveChange) => boolean) {
  for (let i = 0; i < 200; i++) {
    const found = received.find((e) => match(e.change))
    if (found) return found
    await new Promise((r) => setTimeout(r, 10))
  }
  throw new Error(`no such event; received ${JSON.stringify(received.map((e) => e.change))}`)
}

const note = (text: string) => (tx: Parameters<Parameters<typeof db.$transaction>[0]>[0]) =>
  appendIncidentEntry(tx, { incidentId, kind: 'note', actorId: null, text })

describe('live events from Postgres', () => {
  it('a committed timeline entry reaches the subscriber, with the entry itself; a rolled-back one never does', async () => {
    await db
      .$transaction(async (tx) => {
        await note('rolled back')(tx)
        throw new Error('abort on purpose')
      })
      .catch(() => {})
    const kept = await db.$transaction(async (tx) => note('committed')(tx))

    const event = await eventually((c) => c.k === 'timeline' && c.e === kept.id)
    expect(event.change).toEqual({ k: 'timeline', i: incidentId, e: kept.id })
    const data = JSON.parse(/data: (.*)\n/.exec(await event.text())![1]) as { entries: { id: number; text: string }[] }
    expect(data.entries.map((e) => e.text)).toEqual(['committed'])

    // The rolled-back entry took an id before `kept`; nothing was ever sent for it.
    await new Promise((r) => setTimeout(r, 100))
    expect(received.filter((e) => e.change.k === 'timeline').map((e) => (e.change as { e: number }).e)).toEqual([kept.id])
  })

  it('an incident version change, a remediation-free board refresh and nothing else', async () => {
    const before = received.length
    await db.incident.update({ where: { id: incidentId }, data: { title: 'renamed without a version' } })
    await db.incident.update({ where: { id: incidentId }, data: { severity: 'SEV2', version: { increment: 1 } } })
    await eventually((c) => c.k === 'incident' && c.i === incidentId && c.v === 1)
    await createSharedCache(db).get('health:fleet:test:10000', 10_000, async () => ({ services: [] }))
    await eventually((c) => c.k === 'health')
    await createSharedCache(db).get('health:stopped:test', 10_000, async () => [])
    await new Promise((r) => setTimeout(r, 100))
    expect(received.slice(before).map((e) => e.change.k)).toEqual(['incident', 'health'])
  })

  it('a stream resumes after Last-Event-ID from the same instance, and resyncs from an unknown one', async () => {
    const read = async (lastEventId: string | null) => {
      const abort = new AbortController()
      const reader = openLiveStream(hub, { lastEventId, signal: abort.signal }).getReader()
      const { value } = await reader.read()
      abort.abort()
      return new TextDecoder().decode(value)
    }
    const first = received[0]
    expect(await read(first.id)).toContain('"resumed":true')
    expect(await read(`${hub.boot}.${hub.lastSeq() + 5}`)).toContain('"resumed":false')
    expect(await read('other.3')).toContain('"resumed":false')
  })

  it('reconnects after the connection is killed, says it was down, and then delivers again', async () => {
    const last = hub.lastSeq()
    await db.$executeRawUnsafe(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query = 'LISTEN ${LIVE_CHANNEL}'`)
    for (let i = 0; i < 300 && !(statuses.includes(false) && listener.state() === 'listening'); i++) await new Promise((r) => setTimeout(r, 10))
    expect(statuses.slice(-2)).toEqual([false, true])
    // Anything after `last` may have been lost while down: a stream resuming from there must resync.
    expect(hub.since(last)).toBeNull()
    const kept = await db.$transaction(async (tx) => note('after the reconnect')(tx))
    await eventually((c) => c.k === 'timeline' && c.e === kept.id)
  })
})
