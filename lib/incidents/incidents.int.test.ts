import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import pg from 'pg'
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest'
import type { ActorContext } from '@/lib/actions/actor'
import { applyMigrations, migrationsDir } from '@/lib/db/migrations'
import { db } from '@/lib/db/client'
import { AppError } from '@/lib/errors'
import { logger } from '@/lib/logger'
import { recreateDatabase, withDatabaseName } from '@/lib/testing/test-database'
import {
  acknowledgeIncident,
  addNote,
  addService,
  assignRole,
  changeSeverity,
  changeStatus,
  declareIncident,
  postStatusUpdate,
  removeService,
  updateSeverityPolicy,
  updateWebhooks,
} from './mutations'
import { defaultSeverityPolicy } from './policy'
import { getIncident, getOlderTimeline, getSeverityPolicy, getStatusUpdateDraft, getTimeline, getWebhooks, listAssignableUsers, listIncidents } from './queries'
import type { DeclareIncidentInput } from './schemas'

type Ctx = ActorContext
let admin: Ctx
let chloe: Ctx // COMMANDER role
let rafael: Ctx // RESPONDER
let rita: Ctx // RESPONDER
let vera: Ctx // VIEWER
let orders: { id: string }
let payments: { id: string }
let devOrders: { id: string }

async function user(email: string, name: string, role: 'VIEWER' | 'RESPONDER' | 'COMMANDER' | 'ADMIN'): Promise<Ctx> {
  const row = await db.user.create({ data: { email, name, role }, select: { id: true, email: true, name: true, role: true } })
  return { actor: row, requestId: `req-${name.toLowerCase()}`, log: logger }
}

function declare(ctx: Ctx, over: Partial<DeclareIncidentInput> & { snapshot?: unknown } = {}) {
  return declareIncident(ctx, {
    idempotencyKey: crypto.randomUUID(),
    title: 'Orders failing at checkout',
    severity: 'SEV2',
    impact: 'Some customers cannot place orders',
    serviceIds: [],
    ...over,
  })
}

const versionOf = async (id: string) => (await db.incident.findUniqueOrThrow({ where: { id }, select: { version: true } })).version
const entriesOf = (incidentId: string, kind?: string) => db.timelineEntry.findMany({ where: { incidentId, ...(kind ? { kind } : {}) }, orderBy: { id: 'asc' } })
const auditsOf = (incidentId: string, action?: string) => db.auditEvent.findMany({ where: { incidentId, ...(action ? { action } : {}) } })

/** Everything an incident consists of, to prove a refused change wrote nothing. */
async function stateOf(id: string) {
  const [incident, entries, audits, services] = await Promise.all([
    db.incident.findUniqueOrThrow({ where: { id } }),
    db.timelineEntry.count({ where: { incidentId: id } }),
    db.auditEvent.count({ where: { incidentId: id } }),
    db.incidentService.count({ where: { incidentId: id } }),
  ])
  return { incident, entries, audits, services }
}

async function expectAppError(promise: Promise<unknown>, code: string, message?: string | RegExp) {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  )
  expect(err).toBeInstanceOf(AppError)
  expect((err as AppError).code).toBe(code)
  if (message) expect((err as AppError).message).toMatch(message)
  return err as AppError
}

beforeAll(async () => {
  admin = await user('ada@example.com', 'Ada', 'ADMIN')
  chloe = await user('chloe@example.com', 'Chloe', 'COMMANDER')
  rafael = await user('rafael@example.com', 'Rafael', 'RESPONDER')
  rita = await user('rita@example.com', 'Rita', 'RESPONDER')
  vera = await user('vera@example.com', 'Vera', 'VIEWER')
  const svc = (name: string, environment: 'PROD' | 'DEV', cluster: string) =>
    db.service.create({
      data: { name, environment, region: 'us-east-1', cluster, ecsServiceName: name, team: 'commerce' },
      select: { id: true },
    })
  orders = await svc('orders-api', 'PROD', 'shop-prod')
  payments = await svc('payments-api', 'PROD', 'shop-prod')
  devOrders = await svc('orders-api', 'DEV', 'shop-dev')
})

afterAll(async () => {
  await db.$disconnect()
})

describe('declareIncident', () => {
  it('declares: a number, INVESTIGATING, the declarer commands and has acknowledged, services linked, a declared entry with the snapshot', async () => {
    const snapshot = { services: [{ name: 'orders-api', status: 'critical', reason: '0/4 tasks running' }] }
    const result = await declare(rafael, { serviceIds: [orders.id, payments.id], severity: 'SEV1', snapshot })
    expect(result).toMatchObject({ created: true, version: 0, ref: `INC-${result.number}` })
    const row = await db.incident.findUniqueOrThrow({ where: { id: result.id }, include: { services: true } })
    expect(row).toMatchObject({ status: 'INVESTIGATING', severity: 'SEV1', commanderId: rafael.actor.id, declaredById: rafael.actor.id })
    expect(row.acknowledgedAt).toEqual(row.declaredAt)
    expect(row.lastProgressAt).toEqual(row.declaredAt)
    expect(row.services.map((s) => s.serviceId).sort()).toEqual([orders.id, payments.id].sort())
    const [entry] = await entriesOf(result.id)
    expect(entry).toMatchObject({ kind: 'declared', actorId: rafael.actor.id, text: 'Declared SEV1: Orders failing at checkout', incidentVersion: 0 })
    expect(entry.data).toMatchObject({ severity: 'SEV1', acknowledged: true, snapshot, commander: { id: rafael.actor.id, name: 'Rafael' } })
    expect(entry.at).toEqual(row.declaredAt)
  })

  it('numbers incidents one after another', async () => {
    const a = await declare(rafael)
    const b = await declare(rafael)
    expect(b.number).toBe(a.number + 1)
  })

  it('is idempotent: the same key returns the same incident, never two', async () => {
    const idempotencyKey = crypto.randomUUID()
    const first = await declare(rafael, { idempotencyKey })
    const again = await declare(rafael, { idempotencyKey, title: 'A retry with other words' })
    expect(again).toEqual({ ...first, created: false })
    expect(await db.incident.count({ where: { declareKey: idempotencyKey } })).toBe(1)
    expect(await db.timelineEntry.count({ where: { incidentId: first.id } })).toBe(1)
  })

  it('is idempotent under a burst of concurrent retries', async () => {
    const idempotencyKey = crypto.randomUUID()
    const results = await Promise.all(Array.from({ length: 10 }, () => declare(rafael, { idempotencyKey })))
    expect(new Set(results.map((r) => r.id)).size).toBe(1)
    expect(results.filter((r) => r.created)).toHaveLength(1)
    expect(await db.incident.count({ where: { declareKey: idempotencyKey } })).toBe(1)
  })

  it('lets the declarer name another commander, who still has to acknowledge', async () => {
    const result = await declare(rafael, { commanderId: chloe.actor.id })
    const row = await db.incident.findUniqueOrThrow({ where: { id: result.id } })
    expect(row).toMatchObject({ commanderId: chloe.actor.id, declaredById: rafael.actor.id, acknowledgedAt: null })
  })

  it('refuses a viewer as commander, an unknown service and an oversized snapshot, writing nothing', async () => {
    const before = await db.incident.count()
    await expectAppError(declare(rafael, { commanderId: vera.actor.id }), 'VALIDATION', /Vera is a viewer/)
    await expectAppError(declare(rafael, { serviceIds: ['00000000-0000-4000-8000-000000000000'] }), 'VALIDATION', /no longer in the catalog/)
    await expectAppError(declare(rafael, { snapshot: { blob: 'x'.repeat(600 * 1024) } }), 'VALIDATION', /larger than 512 KB/)
    expect(await db.incident.count()).toBe(before)
  })

  it('refuses a viewer', async () => {
    await expectAppError(declare(vera), 'FORBIDDEN')
  })
})

describe('acknowledgeIncident', () => {
  it('records when and who, then refuses a second acknowledgement', async () => {
    const inc = await declare(rafael, { commanderId: chloe.actor.id })
    const change = await acknowledgeIncident(chloe, { incidentId: inc.id, expectedVersion: 0 })
    expect(change.version).toBe(1)
    const [, entry] = await entriesOf(inc.id)
    expect(entry).toMatchObject({ id: change.entryId, kind: 'acknowledged', actorId: chloe.actor.id, incidentVersion: 1 })
    expect(entry.text).toMatch(/^Acknowledged 0 min after it was declared$/)
    expect((await db.incident.findUniqueOrThrow({ where: { id: inc.id } })).acknowledgedAt).toEqual(entry.at)
    await expectAppError(acknowledgeIncident(rafael, { incidentId: inc.id, expectedVersion: 1 }), 'CONFLICT', /already acknowledged/)
  })

  it('reports an incident that does not exist', async () => {
    await expectAppError(acknowledgeIncident(rafael, { incidentId: '00000000-0000-4000-8000-000000000000', expectedVersion: 0 }), 'NOT_FOUND')
  })
})

describe('changeSeverity', () => {
  it('changes it with its reason, a timeline entry and an audit event', async () => {
    const inc = await declare(rafael, { severity: 'SEV3' })
    const change = await changeSeverity(rafael, { incidentId: inc.id, expectedVersion: 0, severity: 'SEV1', reason: 'all regions now failing' })
    expect(change.version).toBe(1)
    const row = await db.incident.findUniqueOrThrow({ where: { id: inc.id } })
    expect(row).toMatchObject({ severity: 'SEV1', version: 1 })
    const [entry] = await entriesOf(inc.id, 'severity_changed')
    expect(entry).toMatchObject({ text: 'Severity changed from SEV3 to SEV1: all regions now failing', incidentVersion: 1 })
    expect(entry.data).toEqual({ from: 'SEV3', to: 'SEV1', reason: 'all regions now failing' })
    const [audit] = await auditsOf(inc.id, 'incident.severity.change')
    expect(audit).toMatchObject({
      actorId: rafael.actor.id,
      targetType: 'incident',
      targetId: inc.id,
      reason: 'all regions now failing',
      status: 'SUCCEEDED',
      requestId: 'req-rafael',
    })
    expect(audit.params).toEqual({ incident: inc.ref, from: 'SEV3', to: 'SEV1' })
  })

  it("belongs to the incident's commander or the commander role: another responder is refused, writing nothing", async () => {
    const inc = await declare(rafael)
    const before = await stateOf(inc.id)
    await expectAppError(
      changeSeverity(rita, { incidentId: inc.id, expectedVersion: 0, severity: 'SEV1', reason: 'worse' }),
      'FORBIDDEN',
      `Only the commander of ${inc.ref} or an incident commander can change its severity.`,
    )
    expect(await stateOf(inc.id)).toEqual(before)
    await changeSeverity(chloe, { incidentId: inc.id, expectedVersion: 0, severity: 'SEV1', reason: 'worse' })
  })

  it('refuses the same severity', async () => {
    const inc = await declare(rafael)
    const err = await expectAppError(changeSeverity(rafael, { incidentId: inc.id, expectedVersion: 0, severity: 'SEV2', reason: 'same' }), 'VALIDATION')
    expect(err.fieldErrors).toEqual({ severity: [`${inc.ref} is already SEV2.`] })
  })
})

describe('one transaction per change', () => {
  async function refuseAudits<T>(work: () => Promise<T>) {
    await db.$executeRawUnsafe(
      `CREATE OR REPLACE FUNCTION incidents_test_refuse_audit() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'audit store unavailable'; END $$ LANGUAGE plpgsql`,
    )
    await db.$executeRawUnsafe(
      `CREATE TRIGGER incidents_test_refuse_audit BEFORE INSERT ON "AuditEvent" FOR EACH ROW EXECUTE FUNCTION incidents_test_refuse_audit()`,
    )
    try {
      return await work()
    } finally {
      await db.$executeRawUnsafe(`DROP TRIGGER IF EXISTS incidents_test_refuse_audit ON "AuditEvent"`)
      await db.$executeRawUnsafe(`DROP FUNCTION IF EXISTS incidents_test_refuse_audit()`)
    }
  }

  it('a change whose audit event fails leaves neither the change nor its timeline entry', async () => {
    const inc = await declare(rafael)
    const before = await stateOf(inc.id)
    await refuseAudits(async () => {
      await expect(changeSeverity(rafael, { incidentId: inc.id, expectedVersion: 0, severity: 'SEV1', reason: 'worse' })).rejects.toThrow(
        /audit store unavailable/,
      )
      await expect(changeStatus(rafael, { incidentId: inc.id, expectedVersion: 0, status: 'RESOLVED', resolutionSummary: 'restarted' })).rejects.toThrow(
        /audit store unavailable/,
      )
      await expect(assignRole(rafael, { incidentId: inc.id, expectedVersion: 0, role: 'ops_lead', userId: rita.actor.id })).rejects.toThrow(
        /audit store unavailable/,
      )
    })
    expect(await stateOf(inc.id)).toEqual(before)
  })

  it('a change by a user who no longer exists leaves nothing either', async () => {
    const inc = await declare(rafael)
    const before = await stateOf(inc.id)
    const ghost: Ctx = { ...rafael, actor: { ...rafael.actor, id: '00000000-0000-4000-8000-00000000dead' } }
    await expect(changeStatus(ghost, { incidentId: inc.id, expectedVersion: 0, status: 'IDENTIFIED' })).rejects.toThrow()
    expect(await stateOf(inc.id)).toEqual(before)
  })
})

describe('optimistic concurrency', () => {
  it('two edits from the same version: exactly one wins, the other gets CONFLICT and changes nothing', async () => {
    const inc = await declare(rafael)
    const results = await Promise.allSettled([
      changeSeverity(rafael, { incidentId: inc.id, expectedVersion: 0, severity: 'SEV1', reason: 'worse than we thought' }),
      changeSeverity(chloe, { incidentId: inc.id, expectedVersion: 0, severity: 'SEV3', reason: 'only one region' }),
    ])
    const won = results.filter((r) => r.status === 'fulfilled')
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected')
    expect(won).toHaveLength(1)
    expect(lost).toHaveLength(1)
    expect(lost[0].reason).toBeInstanceOf(AppError)
    expect(lost[0].reason.code).toBe('CONFLICT')
    expect(lost[0].reason.message).toMatch(new RegExp(`^${inc.ref} changed since you loaded it \\((Rafael|Chloe): Severity changed from SEV2 to SEV[13]`))
    expect(await versionOf(inc.id)).toBe(1)
    expect(await entriesOf(inc.id, 'severity_changed')).toHaveLength(1)
    expect(await auditsOf(inc.id, 'incident.severity.change')).toHaveLength(1)
  })

  it('a stale edit is told what changed', async () => {
    const inc = await declare(rafael)
    await changeStatus(rafael, { incidentId: inc.id, expectedVersion: 0, status: 'IDENTIFIED' })
    const before = await stateOf(inc.id)
    await expectAppError(
      changeStatus(chloe, { incidentId: inc.id, expectedVersion: 0, status: 'MONITORING' }),
      'CONFLICT',
      `${inc.ref} changed since you loaded it (Rafael: Status changed from Investigating to Identified). Reload to see the current state, then try again.`,
    )
    expect(await stateOf(inc.id)).toEqual(before)
  })

  it('many concurrent edits from one version: one wins', async () => {
    const inc = await declare(rafael)
    const results = await Promise.allSettled(
      ['IDENTIFIED', 'MONITORING', 'IDENTIFIED', 'MONITORING', 'IDENTIFIED'].map((status) =>
        changeStatus(chloe, { incidentId: inc.id, expectedVersion: 0, status: status as 'IDENTIFIED' }),
      ),
    )
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
    expect(results.filter((r) => r.status === 'rejected').every((r) => (r as PromiseRejectedResult).reason.code === 'CONFLICT')).toBe(true)
    expect(await versionOf(inc.id)).toBe(1)
    expect(await entriesOf(inc.id, 'status_changed')).toHaveLength(1)
  })
})

describe('changeStatus', () => {
  it('refuses an illegal transition with a clear message and writes nothing', async () => {
    const inc = await declare(rafael)
    const before = await stateOf(inc.id)
    const same = await expectAppError(changeStatus(rafael, { incidentId: inc.id, expectedVersion: 0, status: 'INVESTIGATING' }), 'VALIDATION')
    expect(same.message).toBe('The incident is already Investigating.')
    expect(same.fieldErrors).toEqual({ status: ['The incident is already Investigating.'] })
    await expectAppError(
      changeStatus(rafael, { incidentId: inc.id, expectedVersion: 0, status: 'RESOLVED' }),
      'VALIDATION',
      'Say what fixed it: resolving needs a resolution summary.',
    )
    expect(await stateOf(inc.id)).toEqual(before)
  })

  it('moves forward (skipping included), marks mitigation, acknowledges if nobody had', async () => {
    const inc = await declare(rafael, { commanderId: chloe.actor.id })
    const change = await changeStatus(chloe, { incidentId: inc.id, expectedVersion: 0, status: 'MONITORING' })
    const row = await db.incident.findUniqueOrThrow({ where: { id: inc.id } })
    expect(row).toMatchObject({ status: 'MONITORING', version: 1 })
    expect(row.mitigatedAt).not.toBeNull()
    expect(row.acknowledgedAt).toEqual(row.mitigatedAt)
    const [entry] = await entriesOf(inc.id, 'status_changed')
    expect(entry).toMatchObject({ id: change.entryId, text: 'Status changed from Investigating to Monitoring' })
    expect(entry.data).toEqual({ from: 'INVESTIGATING', to: 'MONITORING', acknowledged: true })
    // Status changes are not privileged: no audit event.
    expect(await auditsOf(inc.id)).toHaveLength(0)
  })

  it('goes back a step with a reason, clearing the mitigation that did not hold', async () => {
    const inc = await declare(rafael)
    await changeStatus(rafael, { incidentId: inc.id, expectedVersion: 0, status: 'MONITORING' })
    await expectAppError(changeStatus(rafael, { incidentId: inc.id, expectedVersion: 1, status: 'INVESTIGATING' }), 'VALIDATION', /Say why/)
    await changeStatus(rafael, { incidentId: inc.id, expectedVersion: 1, status: 'INVESTIGATING', reason: 'errors are back' })
    const row = await db.incident.findUniqueOrThrow({ where: { id: inc.id } })
    expect(row).toMatchObject({ status: 'INVESTIGATING', mitigatedAt: null, version: 2 })
    expect((await entriesOf(inc.id, 'status_changed')).map((e) => e.text)).toEqual([
      'Status changed from Investigating to Monitoring',
      'Status changed from Monitoring to Investigating: errors are back',
    ])
  })

  it('resolves with a summary (entry + audit), then reopens with a reason (entry + audit); the clocks restart', async () => {
    const inc = await declare(rafael, { severity: 'SEV1' })
    await changeStatus(rafael, { incidentId: inc.id, expectedVersion: 0, status: 'RESOLVED', resolutionSummary: 'Rolled back to revision 41' })
    let row = await db.incident.findUniqueOrThrow({ where: { id: inc.id } })
    expect(row).toMatchObject({ status: 'RESOLVED', resolutionSummary: 'Rolled back to revision 41', version: 1 })
    expect(row.resolvedAt).not.toBeNull()
    const [resolved] = await entriesOf(inc.id, 'resolved')
    expect(resolved.text).toBe('Resolved after 0 min: Rolled back to revision 41')
    expect(await auditsOf(inc.id, 'incident.status.resolve')).toMatchObject([
      { reason: 'Rolled back to revision 41', params: { incident: inc.ref, from: 'INVESTIGATING' } },
    ])

    await expectAppError(
      changeStatus(rafael, { incidentId: inc.id, expectedVersion: 1, status: 'MONITORING', reason: 'back' }),
      'VALIDATION',
      /starts again at Investigating or Identified/,
    )
    await changeStatus(chloe, { incidentId: inc.id, expectedVersion: 1, status: 'IDENTIFIED', reason: 'errors returned an hour later' })
    row = await db.incident.findUniqueOrThrow({ where: { id: inc.id } })
    expect(row).toMatchObject({ status: 'IDENTIFIED', resolvedAt: null, resolutionSummary: null, reopenCount: 1, version: 2 })
    expect(row.reopenedAt).not.toBeNull()
    const [reopened] = await entriesOf(inc.id, 'reopened')
    expect(reopened).toMatchObject({ text: 'Reopened as Identified: errors returned an hour later', actorId: chloe.actor.id })
    expect(reopened.data).toMatchObject({ from: 'RESOLVED', to: 'IDENTIFIED', previousResolutionSummary: 'Rolled back to revision 41' })
    expect(await auditsOf(inc.id, 'incident.status.reopen')).toMatchObject([{ reason: 'errors returned an hour later', actorId: chloe.actor.id }])

    const detail = await getIncident(rafael.actor, inc.id, new Date(row.reopenedAt!.getTime() + 10 * 60_000))
    expect(detail.clocks.openedAt).toBe(row.reopenedAt!.toISOString())
    expect(detail.clocks.resolution).toMatchObject({ state: 'ok', minutesLeft: 50 })
    expect(detail.clocks.update).toMatchObject({ next: 'initial', minutesLeft: 5 })
  })
})

describe('assignRole', () => {
  it('assigns and unassigns leads, with entries and audit events', async () => {
    const inc = await declare(rafael)
    await assignRole(rafael, { incidentId: inc.id, expectedVersion: 0, role: 'comms_lead', userId: rita.actor.id })
    await assignRole(chloe, { incidentId: inc.id, expectedVersion: 1, role: 'ops_lead', userId: chloe.actor.id })
    await assignRole(rafael, { incidentId: inc.id, expectedVersion: 2, role: 'comms_lead', userId: null })
    await assignRole(rafael, { incidentId: inc.id, expectedVersion: 3, role: 'commander', userId: chloe.actor.id })
    const row = await db.incident.findUniqueOrThrow({ where: { id: inc.id } })
    expect(row).toMatchObject({ commanderId: chloe.actor.id, commsLeadId: null, opsLeadId: chloe.actor.id, version: 4 })
    expect((await entriesOf(inc.id, 'role_assigned')).map((e) => e.text)).toEqual([
      'Rita is now the communications lead',
      'Chloe is now the operations lead',
      'Rita is no longer the communications lead',
      'Chloe is now the incident commander (taking over from Rafael)',
    ])
    const audits = await auditsOf(inc.id, 'incident.role.assign')
    expect(audits).toHaveLength(4)
    expect(audits.find((a) => (a.params as { role: string }).role === 'commander')?.params).toEqual({
      incident: inc.ref,
      role: 'commander',
      from: rafael.actor.id,
      to: chloe.actor.id,
    })
    // Rafael handed command over: roles are no longer his to change.
    await expectAppError(assignRole(rafael, { incidentId: inc.id, expectedVersion: 4, role: 'ops_lead', userId: rita.actor.id }), 'FORBIDDEN')
  })

  it('never leaves the incident without a commander, and refuses viewers', async () => {
    const inc = await declare(rafael)
    const before = await stateOf(inc.id)
    await expectAppError(
      assignRole(rafael, { incidentId: inc.id, expectedVersion: 0, role: 'commander', userId: null }),
      'VALIDATION',
      /always has a commander/,
    )
    await expectAppError(assignRole(rafael, { incidentId: inc.id, expectedVersion: 0, role: 'comms_lead', userId: vera.actor.id }), 'VALIDATION', /viewer/)
    await expectAppError(assignRole(rafael, { incidentId: inc.id, expectedVersion: 0, role: 'commander', userId: rafael.actor.id }), 'VALIDATION', /already/)
    expect(await stateOf(inc.id)).toEqual(before)
  })
})

describe('addService / removeService', () => {
  it('adds and removes affected services, each with an entry', async () => {
    const inc = await declare(rafael, { serviceIds: [orders.id] })
    await addService(rafael, { incidentId: inc.id, expectedVersion: 0, serviceId: payments.id })
    await expectAppError(
      addService(rafael, { incidentId: inc.id, expectedVersion: 1, serviceId: payments.id }),
      'VALIDATION',
      'payments-api (prod) is already listed as affected.',
    )
    await removeService(rafael, { incidentId: inc.id, expectedVersion: 1, serviceId: orders.id })
    await expectAppError(removeService(rafael, { incidentId: inc.id, expectedVersion: 2, serviceId: orders.id }), 'VALIDATION', /not listed/)
    const links = await db.incidentService.findMany({ where: { incidentId: inc.id } })
    expect(links.map((l) => l.serviceId)).toEqual([payments.id])
    expect((await entriesOf(inc.id)).slice(1).map((e) => [e.kind, e.text])).toEqual([
      ['service_added', 'Added payments-api (prod) to the affected services'],
      ['service_removed', 'Removed orders-api (prod) from the affected services'],
    ])
    expect(await versionOf(inc.id)).toBe(2)
  })
})

describe('addNote', () => {
  it('adds a note without touching the version, and counts as progress', async () => {
    const inc = await declare(rafael)
    const before = await db.incident.findUniqueOrThrow({ where: { id: inc.id } })
    const note = await addNote(rita, { incidentId: inc.id, text: 'Pool at 100/100 connections' })
    expect(note).toMatchObject({ kind: 'note', text: 'Pool at 100/100 connections', actor: { id: rita.actor.id, name: 'Rita' }, data: null })
    const after = await db.incident.findUniqueOrThrow({ where: { id: inc.id } })
    expect(after.version).toBe(before.version)
    expect(after.lastProgressAt.getTime()).toBeGreaterThanOrEqual(before.lastProgressAt.getTime())
    expect(after.lastProgressAt.toISOString()).toBe(note.at)
  })

  it('100 concurrent notes on one incident all land, in order, with distinct ids; a poller misses none', async () => {
    const inc = await declare(rafael)
    const { cursor: start } = await getTimeline(rafael.actor, inc.id)
    const seen: number[] = []
    let cursor = start
    let polling = true
    // A live page polling while the notes arrive.
    const poller = (async () => {
      while (polling) {
        const page = await getTimeline(rafael.actor, inc.id, cursor)
        seen.push(...page.entries.map((e) => e.id))
        cursor = page.cursor
        await new Promise((r) => setTimeout(r, 2))
      }
    })()
    const writers = [rafael, rita, chloe, admin]
    const notes = await Promise.all(Array.from({ length: 100 }, (_, i) => addNote(writers[i % writers.length], { incidentId: inc.id, text: `note ${i}` })))
    polling = false
    await poller
    const last = await getTimeline(rafael.actor, inc.id, cursor)
    seen.push(...last.entries.map((e) => e.id))

    expect(new Set(notes.map((n) => n.id)).size).toBe(100)
    const stored = await entriesOf(inc.id, 'note')
    expect(stored).toHaveLength(100)
    expect(stored.map((e) => e.text).sort()).toEqual(Array.from({ length: 100 }, (_, i) => `note ${i}`).sort())
    // In order: ids rise with time.
    for (let i = 1; i < stored.length; i++) expect(stored[i].at.getTime()).toBeGreaterThanOrEqual(stored[i - 1].at.getTime())
    // The poller saw every note exactly once, in id order.
    expect(seen).toEqual(stored.map((e) => e.id))
    expect(await versionOf(inc.id)).toBe(0)
  })

  it('notes and a versioned change at the same time do not get in each other’s way', async () => {
    const inc = await declare(rafael)
    const [, change] = await Promise.all([
      Promise.all(Array.from({ length: 10 }, (_, i) => addNote(rita, { incidentId: inc.id, text: `n${i}` }))),
      changeStatus(rafael, { incidentId: inc.id, expectedVersion: 0, status: 'IDENTIFIED' }),
    ])
    expect(change.version).toBe(1)
    expect(await entriesOf(inc.id, 'note')).toHaveLength(10)
  })

  it('reports an incident that does not exist', async () => {
    await expectAppError(addNote(rita, { incidentId: '00000000-0000-4000-8000-000000000000', text: 'x' }), 'NOT_FOUND')
  })
})

describe('status updates and webhooks', () => {
  let server: Server
  let base: string
  let closedPort: number
  const received: { path: string; body: unknown }[] = []

  const readBody = (req: IncomingMessage) =>
    new Promise<string>((resolve) => {
      let data = ''
      req.on('data', (c) => (data += c))
      req.on('end', () => resolve(data))
    })

  beforeAll(async () => {
    server = createServer(async (req, res) => {
      const body = await readBody(req)
      received.push({ path: req.url ?? '', body: JSON.parse(body) })
      if (req.url?.startsWith('/fail')) {
        res.writeHead(500).end('invalid_payload')
      } else {
        res.writeHead(200).end('ok')
      }
    })
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    // A port that nothing listens on: open one, note it, close it.
    const probe = createServer()
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r))
    closedPort = (probe.address() as AddressInfo).port
    await new Promise((r) => probe.close(r))
  })

  afterAll(async () => {
    await new Promise((r) => server.close(r))
  })

  beforeEach(() => {
    received.length = 0
  })

  it('with no webhooks: records update_posted and resets the update clock', async () => {
    await updateWebhooks(admin, { expectedVersion: (await getWebhooks(admin.actor)).version, webhooks: [] })
    const inc = await declare(rafael, { severity: 'SEV1' })
    const result = await postStatusUpdate(rafael, { incidentId: inc.id, expectedVersion: 0, kind: 'initial', text: 'We are on it.' })
    expect(result).toMatchObject({ incidentId: inc.id, version: 1, deliveries: [] })
    const row = await db.incident.findUniqueOrThrow({ where: { id: inc.id } })
    const [entry] = await entriesOf(inc.id, 'update_posted')
    expect(entry).toMatchObject({ id: result.entryId, text: 'We are on it.', incidentVersion: 1 })
    expect(entry.data).toEqual({ kind: 'initial', channels: [] })
    expect(row.lastUpdatePostedAt).toEqual(entry.at)
    const detail = await getIncident(rafael.actor, inc.id, new Date(entry.at.getTime() + 60_000))
    expect(detail.clocks.update).toMatchObject({ next: 'periodic', minutesLeft: 14 })
  })

  it('sends to each enabled webhook outside the transaction; a failed send is recorded as update_failed and reported back', async () => {
    const settings = await updateWebhooks(admin, {
      expectedVersion: (await getWebhooks(admin.actor)).version,
      webhooks: [
        { name: '#incidents', format: 'slack', url: `${base}/slack`, enabled: true },
        { name: 'Ops channel', format: 'teams', url: `${base}/teams`, enabled: true },
        { name: '#gone', format: 'slack', url: `http://127.0.0.1:${closedPort}/hook`, enabled: true },
        { name: 'Broken', format: 'teams', url: `${base}/fail`, enabled: true },
        { name: 'Muted', format: 'slack', url: `${base}/muted`, enabled: false },
      ],
    })
    const inc = await declare(rafael, { severity: 'SEV1', title: 'Payments <down> & out' })
    const result = await postStatusUpdate(rafael, { incidentId: inc.id, expectedVersion: 0, kind: 'update', text: 'Rolled back.\nWatching errors.' })

    expect(result.deliveries.map((d) => [d.name, d.ok])).toEqual([
      ['#incidents', true],
      ['Ops channel', true],
      ['#gone', false],
      ['Broken', false],
    ])
    expect(result.deliveries[2].error).toBe('connection refused')
    expect(result.deliveries[3]).toMatchObject({ httpStatus: 500, error: 'the webhook answered HTTP 500' })

    expect(received.map((r) => r.path).sort()).toEqual(['/fail', '/slack', '/teams'])
    expect(received.find((r) => r.path === '/slack')!.body).toEqual({ text: 'Rolled back.\nWatching errors.' })
    expect(received.find((r) => r.path === '/teams')!.body).toEqual({
      '@type': 'MessageCard',
      '@context': 'https://schema.org/extensions',
      summary: `${inc.ref} update: Payments <down> & out`,
      title: `${inc.ref} update: Payments <down> & out`,
      themeColor: 'D13438',
      text: 'Rolled back.\n\nWatching errors.',
    })

    const posted = await entriesOf(inc.id, 'update_posted')
    expect(posted).toHaveLength(1)
    expect((posted[0].data as { channels: { name: string }[] }).channels.map((c) => c.name)).toEqual(['#incidents', 'Ops channel', '#gone', 'Broken'])
    const failed = await entriesOf(inc.id, 'update_failed')
    expect(failed.map((e) => e.text)).toEqual([
      'The update did not reach #gone (Slack): connection refused',
      'The update did not reach Broken (Teams): the webhook answered HTTP 500',
    ])
    expect(failed[0].data).toMatchObject({ updateEntryId: result.entryId, webhookId: settings.webhooks[2].id, error: 'connection refused' })
    expect(failed.every((e) => e.id > posted[0].id && e.incidentVersion === null)).toBe(true)
    // A failed delivery does not change the incident's version.
    expect(await versionOf(inc.id)).toBe(1)
    // The secret URL appears nowhere on the timeline.
    expect(JSON.stringify(await entriesOf(inc.id))).not.toContain(String(closedPort) + '/hook')
  })

  it('refuses a resolution notice for an open incident', async () => {
    const inc = await declare(rafael)
    await expectAppError(
      postStatusUpdate(rafael, { incidentId: inc.id, expectedVersion: 0, kind: 'resolution', text: 'All good' }),
      'VALIDATION',
      /not resolved yet/,
    )
    expect(received).toHaveLength(0)
    expect(await entriesOf(inc.id, 'update_posted')).toHaveLength(0)
  })

  it('refuses a stale update with CONFLICT and sends nothing', async () => {
    const inc = await declare(rafael)
    await changeSeverity(rafael, { incidentId: inc.id, expectedVersion: 0, severity: 'SEV1', reason: 'worse' })
    await expectAppError(
      postStatusUpdate(rafael, { incidentId: inc.id, expectedVersion: 0, kind: 'update', text: 'SEV2 still' }),
      'CONFLICT',
      /Severity changed/,
    )
    expect(received).toHaveLength(0)
    expect(await entriesOf(inc.id, 'update_posted')).toHaveLength(0)
  })

  it('webhook settings: admins only, URLs kept when not replaced, never shown or audited in full, stale edits refused', async () => {
    await expectAppError(getWebhooks(chloe.actor), 'FORBIDDEN')
    await expectAppError(updateWebhooks(chloe, { expectedVersion: 0, webhooks: [] }), 'FORBIDDEN')
    const current = await getWebhooks(admin.actor)
    const slack = current.webhooks.find((w) => w.name === '#incidents')!
    expect(slack.urlPreview).toMatch(/^127\.0\.0\.1:\d+\/…lack$/)
    const next = await updateWebhooks(admin, {
      expectedVersion: current.version,
      webhooks: [{ id: slack.id, name: '#incidents-prod', format: 'slack', enabled: true }],
    })
    expect(next).toEqual({ version: current.version + 1, webhooks: [{ ...slack, name: '#incidents-prod' }] })
    const stored = await db.appSetting.findUniqueOrThrow({ where: { key: 'incidents.status_webhooks' } })
    expect((stored.value as { url: string }[])[0].url).toBe(`${base}/slack`)
    const audit = await db.auditEvent.findFirstOrThrow({ where: { action: 'admin.status_webhooks.update' }, orderBy: { id: 'desc' } })
    expect(audit.params).toMatchObject({ removed: ['Ops channel', '#gone', 'Broken', 'Muted'], added: [], urlReplaced: [] })
    expect(JSON.stringify(audit.params)).not.toContain('/slack')
    await expectAppError(updateWebhooks(admin, { expectedVersion: current.version, webhooks: [] }), 'CONFLICT', /changed since you loaded them/)
  })

  it('never puts what a webhook answered on the timeline: the status code only', async () => {
    await updateWebhooks(admin, {
      expectedVersion: (await getWebhooks(admin.actor)).version,
      webhooks: [{ name: 'Broken', format: 'slack', url: `${base}/fail`, enabled: true }],
    })
    const inc = await declare(rafael)
    const result = await postStatusUpdate(rafael, { incidentId: inc.id, expectedVersion: 0, kind: 'update', text: 'x' })
    expect(result.deliveries).toMatchObject([{ ok: false, httpStatus: 500 }])
    expect(JSON.stringify(await entriesOf(inc.id))).not.toContain('invalid_payload')
    expect(JSON.stringify(result)).not.toContain('invalid_payload')
  })

  it('refuses loopback, private and link-local webhook URLs not on the allow-list, at save and at send (DNS checked each time)', async () => {
    const port = new URL(base).port
    const current = await getWebhooks(admin.actor)
    const urls = [
      `http://localhost:${port}/slack`,
      'https://10.0.0.5/hook',
      'https://169.254.169.254/latest/meta-data',
      `https://127.0.0.2:${port}/x`,
      `https://[::1]:${port}/x`,
    ]
    for (const url of urls) {
      const err = await updateWebhooks(admin, { expectedVersion: current.version, webhooks: [{ name: 'Inside', format: 'slack', url, enabled: true }] }).then(
        () => null,
        (e: unknown) => e,
      )
      expect(err, url).toMatchObject({ code: 'VALIDATION', fieldErrors: { 'webhooks.0.url': [expect.stringMatching(/^Not allowed: /)] } })
    }
    expect((await getWebhooks(admin.actor)).version).toBe(current.version)

    // A URL stored while its name resolved elsewhere (or written by hand): the send checks
    // the address it would connect to, and refuses; the receiver on this machine hears nothing.
    await db.appSetting.update({
      where: { key: 'incidents.status_webhooks' },
      data: { value: [{ id: 'rebound', name: 'Rebound', format: 'slack', url: `https://localhost:${port}/slack`, enabled: true }] },
    })
    const inc = await declare(rafael)
    const result = await postStatusUpdate(rafael, { incidentId: inc.id, expectedVersion: 0, kind: 'update', text: 'x' })
    expect(result.deliveries).toMatchObject([
      { ok: false, error: expect.stringMatching(/^refused: .*(127\.0\.0\.1|::1) is a private, loopback or link-local address/) },
    ])
    expect(received).toHaveLength(0)
  })
})

describe('severity policy', () => {
  it('the migration seeds the default policy (checked on a freshly migrated database)', async () => {
    const url = inject('databaseUrl')
    const fresh = await recreateDatabase(url, 'incident_command_test_policy_seed')
    try {
      await applyMigrations(fresh)
      const client = new pg.Client({ connectionString: fresh })
      await client.connect()
      try {
        const { rows } = await client.query(`SELECT * FROM "SeverityPolicy" ORDER BY severity`)
        expect(rows.map(({ updatedAt: _u, ...r }) => r)).toEqual([...defaultSeverityPolicy])
        const hooks = await client.query(`SELECT value, version FROM "AppSetting" WHERE key = 'incidents.status_webhooks'`)
        expect(hooks.rows).toEqual([{ value: [], version: 0 }])
      } finally {
        await client.end()
      }
    } finally {
      const adminClient = new pg.Client({ connectionString: withDatabaseName(url, 'postgres') })
      await adminClient.connect()
      await adminClient.query(`DROP DATABASE IF EXISTS "incident_command_test_policy_seed" WITH (FORCE)`)
      await adminClient.end()
    }
  })

  it('the migration still succeeds where pg_trgm is missing: its search-index block only notes it', async () => {
    const { readFileSync, readdirSync } = await import('node:fs')
    const { join } = await import('node:path')
    const dir = readdirSync(migrationsDir).find((d) => d.endsWith('_incidents_domain'))!
    const sql = readFileSync(join(migrationsDir, dir, 'migration.sql'), 'utf8')
    const blocks = sql
      .split(';')
      .map((s) => s.trim())
      .filter((s) => /^DO E'/m.test(s))
      .map((s) => s.slice(s.indexOf("DO E'")))
    expect(blocks).toHaveLength(2)
    const missing = blocks.map((b) => b.replaceAll('pg_trgm', 'pg_no_such_extension').replaceAll('_trgm_idx', '_test_idx'))
    for (const block of missing) await db.$executeRawUnsafe(block)
    expect(await db.$queryRawUnsafe(`SELECT indexname FROM pg_indexes WHERE indexname LIKE '%_test_idx'`)).toEqual([])
  })

  it('reads as four rows, defaults standing in for missing ones', async () => {
    expect((await getSeverityPolicy()).map((r) => r.severity)).toEqual(['SEV1', 'SEV2', 'SEV3', 'SEV4'])
  })

  it('an admin changes a row: audited with from and to, versioned, stale edits refused', async () => {
    const sev2 = (await getSeverityPolicy())[1]
    const input = { ...sev2, expectedVersion: sev2.version, ackWithinMinutes: 20, updateEveryMinutes: 20 }
    const updated = await updateSeverityPolicy(admin, input)
    expect(updated).toMatchObject({ severity: 'SEV2', ackWithinMinutes: 20, updateEveryMinutes: 20, version: sev2.version + 1 })
    expect((await getSeverityPolicy())[1]).toEqual(updated)
    const audit = await db.auditEvent.findFirstOrThrow({ where: { action: 'admin.severity_policy.update', targetId: 'SEV2' } })
    expect(audit.params).toEqual({ ackWithinMinutes: { from: 30, to: 20 }, updateEveryMinutes: { from: 30, to: 20 } })
    await expectAppError(updateSeverityPolicy(admin, input), 'CONFLICT', /^The SEV2 policy changed since you loaded it \(by ada@example.com at/)
    await expectAppError(updateSeverityPolicy(chloe, { ...input, expectedVersion: updated.version }), 'FORBIDDEN')
  })

  it('drives the clocks of incidents of that severity', async () => {
    const inc = await declare(rafael, { severity: 'SEV2', commanderId: chloe.actor.id })
    const detail = await getIncident(rafael.actor, inc.id)
    expect(detail.policy.ackWithinMinutes).toBe(20)
    expect(new Date(detail.clocks.acknowledge.dueAt!).getTime() - new Date(detail.declaredAt).getTime()).toBe(20 * 60_000)
  })
})

describe('queries', () => {
  it('getIncident: roles, services with ids, policy and clocks; 404 for a missing one', async () => {
    const inc = await declare(rafael, { serviceIds: [payments.id, orders.id], severity: 'SEV1' })
    await assignRole(rafael, { incidentId: inc.id, expectedVersion: 0, role: 'comms_lead', userId: rita.actor.id })
    const detail = await getIncident(vera.actor, inc.id)
    expect(detail).toMatchObject({
      id: inc.id,
      ref: inc.ref,
      status: 'INVESTIGATING',
      severity: 'SEV1',
      commander: { id: rafael.actor.id, name: 'Rafael' },
      commsLead: { id: rita.actor.id, name: 'Rita' },
      opsLead: null,
      declaredBy: { id: rafael.actor.id, name: 'Rafael' },
      version: 1,
      policy: { severity: 'SEV1' },
    })
    expect(detail.services).toEqual([
      { id: orders.id, name: 'orders-api', environment: 'PROD', region: 'us-east-1', cluster: 'shop-prod', ecsServiceName: 'orders-api' },
      { id: payments.id, name: 'payments-api', environment: 'PROD', region: 'us-east-1', cluster: 'shop-prod', ecsServiceName: 'payments-api' },
    ])
    expect(detail.clocks.acknowledge.state).toBe('met')
    await expect(getIncident(vera.actor, '00000000-0000-4000-8000-000000000000')).rejects.toMatchObject({ digest: 'NEXT_HTTP_ERROR_FALLBACK;404' })
    await expect(getIncident(vera.actor, 'not-a-uuid')).rejects.toMatchObject({ digest: 'NEXT_HTTP_ERROR_FALLBACK;404' })
  })

  it('getTimeline: the latest entries, then only newer ones after a cursor; older pages on request', async () => {
    const inc = await declare(rafael)
    for (let i = 0; i < 6; i++) await addNote(rita, { incidentId: inc.id, text: `n${i}` })
    const latest = await getTimeline(vera.actor, inc.id, null, 4)
    expect(latest.entries.map((e) => e.text)).toEqual(['n2', 'n3', 'n4', 'n5'])
    expect(latest.hasMore).toBe(true)
    const older = await getOlderTimeline(vera.actor, inc.id, latest.entries[0].id, 10)
    expect(older.entries.map((e) => e.kind)).toEqual(['declared', 'note', 'note'])
    expect(older.hasMore).toBe(false)
    const none = await getTimeline(vera.actor, inc.id, latest.cursor)
    expect(none).toEqual({ entries: [], cursor: latest.cursor, hasMore: false })
    await addNote(rita, { incidentId: inc.id, text: 'n6' })
    const fresh = await getTimeline(vera.actor, inc.id, latest.cursor)
    expect(fresh.entries.map((e) => e.text)).toEqual(['n6'])
    expect(fresh.cursor).toBe(fresh.entries[0].id)
    expect(fresh.entries[0]).toMatchObject({ kind: 'note', actor: { id: rita.actor.id, name: 'Rita' } })
    await expectAppError(getTimeline(vera.actor, inc.id, Number.NaN), 'VALIDATION')
    await expect(getTimeline(vera.actor, '00000000-0000-4000-8000-000000000000')).rejects.toMatchObject({ digest: 'NEXT_HTTP_ERROR_FALLBACK;404' })
  })

  it('getStatusUpdateDraft: suggests the right kind and lists the notes since the last update', async () => {
    const inc = await declare(rafael, { severity: 'SEV2', serviceIds: [orders.id] })
    await addNote(rafael, { incidentId: inc.id, text: 'Pool exhausted' })
    const first = await getStatusUpdateDraft(rafael.actor, inc.id)
    expect(first.kind).toBe('initial')
    expect(first.text).toContain('Services affected: orders-api (prod)')
    await postStatusUpdate(rafael, { incidentId: inc.id, expectedVersion: 0, kind: 'initial', text: first.text })
    await addNote(rafael, { incidentId: inc.id, text: 'Restarted tasks' })
    const next = await getStatusUpdateDraft(rafael.actor, inc.id)
    expect(next.kind).toBe('update')
    expect(next.text).toContain('• Restarted tasks')
    expect(next.text).not.toContain('Pool exhausted')
  })

  it('listAssignableUsers: active responders, commanders and admins', async () => {
    expect((await listAssignableUsers(vera.actor)).map((u) => u.name)).toEqual(['Ada', 'Chloe', 'Rafael', 'Rita'])
  })
})

describe('listIncidents', () => {
  const ids: Record<string, string> = {}

  beforeAll(async () => {
    await db.timelineEntry.deleteMany()
    await db.incidentService.deleteMany()
    await db.incident.deleteMany()
    const day = (d: number, h = 12) => new Date(Date.UTC(2025, 10, d, h))
    const make = async (
      key: string,
      o: { title: string; severity: 'SEV1' | 'SEV2' | 'SEV3' | 'SEV4'; services: string[]; at: Date; by?: Ctx; commander?: Ctx; resolve?: boolean },
    ) => {
      const inc = await declare(o.by ?? rafael, {
        title: o.title,
        severity: o.severity,
        serviceIds: o.services,
        commanderId: o.commander?.actor.id,
      })
      ids[key] = inc.id
      if (o.resolve) await changeStatus(rafael, { incidentId: inc.id, expectedVersion: 0, status: 'RESOLVED', resolutionSummary: 'fixed' })
      // Move the whole incident to `o.at`, so none of its times comes from the wall clock.
      const row = await db.incident.findUniqueOrThrow({ where: { id: inc.id } })
      const shift = (d: Date | null) => (d ? new Date(d.getTime() + o.at.getTime() - row.declaredAt.getTime()) : null)
      await db.incident.update({
        where: { id: inc.id },
        data: {
          declaredAt: o.at,
          acknowledgedAt: shift(row.acknowledgedAt),
          mitigatedAt: shift(row.mitigatedAt),
          resolvedAt: shift(row.resolvedAt),
          lastUpdatePostedAt: shift(row.lastUpdatePostedAt),
          lastProgressAt: shift(row.lastProgressAt)!,
        },
      })
    }
    await make('oldOpen', { title: 'Slow catalog search', severity: 'SEV3', services: [devOrders.id], at: day(1) })
    await make('newOpen', { title: 'Checkout down', severity: 'SEV1', services: [orders.id, payments.id], at: day(18), commander: chloe })
    await make('midOpen', { title: 'Payments retries', severity: 'SEV2', services: [payments.id], at: day(10) })
    await make('oldResolved', { title: 'Typo on the receipt', severity: 'SEV4', services: [], at: day(2), resolve: true })
    await make('newResolved', { title: 'Orders 100% failing', severity: 'SEV1', services: [orders.id], at: day(15), resolve: true })
    await make('midResolved', { title: 'Queue backlog', severity: 'SEV3', services: [devOrders.id], at: day(12), resolve: true, commander: chloe })
    await addNote(rita, { incidentId: ids.midResolved, text: 'Redis connection pool saturated' })
  })

  const refs = async (filter: Parameters<typeof listIncidents>[1] = {}) =>
    (await listIncidents(vera.actor, filter)).items.map((i) => Object.entries(ids).find(([, id]) => id === i.id)![0])

  it('puts open incidents first, then resolved, each newest first, with severity, age and SLA state', async () => {
    const now = new Date(Date.UTC(2025, 10, 18, 12, 10))
    const page = await listIncidents(vera.actor, {}, null, now)
    expect(page.items.map((i) => Object.entries(ids).find(([, id]) => id === i.id)![0])).toEqual([
      'newOpen',
      'midOpen',
      'oldOpen',
      'newResolved',
      'midResolved',
      'oldResolved',
    ])
    expect(page).toMatchObject({ total: 6, nextCursor: null, asOf: now.toISOString() })
    expect(page.items[0]).toMatchObject({
      severity: 'SEV1',
      status: 'INVESTIGATING',
      ageMinutes: 10,
      commander: { name: 'Chloe' },
      sla: { state: 'ok', reason: 'Acknowledgement due in 5 min' },
    })
    expect(page.items[0].services.map((s) => s.name)).toEqual(['orders-api', 'payments-api'])
    expect(page.items[1].sla.state).toBe('overdue')
    expect(page.items[3].sla).toEqual({ state: 'ok', reason: null, dueAt: null })
  })

  it('filters by state, status, severity, service, environment, commander and date range', async () => {
    expect(await refs({ state: 'open' })).toEqual(['newOpen', 'midOpen', 'oldOpen'])
    expect(await refs({ state: 'resolved' })).toEqual(['newResolved', 'midResolved', 'oldResolved'])
    expect(await refs({ status: 'RESOLVED' })).toEqual(['newResolved', 'midResolved', 'oldResolved'])
    expect(await refs({ severity: 'SEV1,SEV4' })).toEqual(['newOpen', 'newResolved', 'oldResolved'])
    expect(await refs({ serviceId: orders.id })).toEqual(['newOpen', 'newResolved'])
    expect(await refs({ environment: 'DEV' })).toEqual(['oldOpen', 'midResolved'])
    expect(await refs({ commanderId: chloe.actor.id })).toEqual(['newOpen', 'midResolved'])
    expect(await refs({ from: '2025-11-10', to: '2025-11-15' })).toEqual(['midOpen', 'newResolved', 'midResolved'])
    expect(await refs({ from: '2025-11-10', to: '2025-11-15', severity: ['SEV3'] })).toEqual(['midResolved'])
  })

  it('searches titles, impact and notes (case-insensitive), and incident numbers', async () => {
    expect(await refs({ q: 'checkout' })).toEqual(['newOpen'])
    expect(await refs({ q: 'REDIS' })).toEqual(['midResolved'])
    expect(await refs({ q: 'place orders' })).toHaveLength(6) // every impact says so
    const number = (await db.incident.findUniqueOrThrow({ where: { id: ids.midOpen } })).number
    expect(await refs({ q: `INC-${number}` })).toEqual(['midOpen'])
    expect(await refs({ q: 'nothing like this' })).toEqual([])
  })

  it('treats % and _ in the search as plain characters', async () => {
    expect(await refs({ q: '100%' })).toEqual(['newResolved'])
    expect(await refs({ q: '%' })).toEqual(['newResolved'])
    expect(await refs({ q: '_' })).toEqual([])
  })

  it('pages with a cursor through both ranges, without gaps or repeats, whatever the page size', async () => {
    const all = await refs()
    for (const limit of [1, 2, 3, 4, 5]) {
      const seen: string[] = []
      let cursor: string | null = null
      let pages = 0
      do {
        const page = await listIncidents(vera.actor, { limit }, cursor)
        seen.push(...page.items.map((i) => Object.entries(ids).find(([, id]) => id === i.id)![0]))
        expect(page.total).toBe(6)
        cursor = page.nextCursor
        pages++
      } while (cursor)
      expect(seen, `limit ${limit}`).toEqual(all)
      expect(pages).toBe(Math.ceil(6 / limit))
    }
  })

  it('pages a filtered list too, and refuses a mangled cursor', async () => {
    const first = await listIncidents(vera.actor, { state: 'resolved', limit: 2 })
    const second = await listIncidents(vera.actor, { state: 'resolved', limit: 2 }, first.nextCursor)
    expect([...first.items, ...second.items].map((i) => i.title)).toEqual(['Orders 100% failing', 'Queue backlog', 'Typo on the receipt'])
    expect(second.nextCursor).toBeNull()
    await expectAppError(listIncidents(vera.actor, {}, 'garbage'), 'VALIDATION', /out of date/)
    await expectAppError(listIncidents(vera.actor, { severity: 'SEV9' }), 'VALIDATION')
  })
})
