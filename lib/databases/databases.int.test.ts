// Live PostgreSQL diagnostics and guarded cancel/terminate, against a real second database on
// the test server (the "target"), with real lock contention made here: session A holds a row
// lock in an open transaction, session B waits for the same row.
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ActorContext } from '@/lib/actions/actor'
import { db } from '@/lib/db/client'
import { urlAs } from '@/lib/db/roles'
import { logger } from '@/lib/logger'
import { approveRemediation } from '@/lib/remediation/mutations'
import { attachDiagnostic, runDiagnostic, startRunbook } from '@/lib/runbooks/mutations'
import { recreateDatabase } from '@/lib/testing/test-database'
import { listDatabases } from './queries'
import { registerDatabase, removeDatabase, requestBackendAction } from './mutations'
import { previewBackendAction } from './mutations/backend-action'

const serverUrl = process.env.DATABASE_URL!
const TARGET = 'incident_target_int'
const roles = { reader: 'diag_reader_int', signaller: 'diag_signal_int', app: 'target_app_int' }
const PW = 'target-pw-0123'
let targetUrl: string
let port: number
let admin: ActorContext
let responder: ActorContext
let commander: ActorContext
let incidentId: string
let serviceId: string
const open: pg.Client[] = []

const ctxOf = async (email: string, role: 'ADMIN' | 'RESPONDER' | 'COMMANDER'): Promise<ActorContext> => ({
  actor: await db.user.create({ data: { email, name: email.split('@')[0], role }, select: { id: true, email: true, name: true, role: true } }),
  requestId: `rq-${role}`,
  log: logger,
})

async function clientAs(user: string) {
  // The URL's user would win over a `user` option: sign in through a URL of its own.
  const c = new pg.Client({ connectionString: urlAs(targetUrl, user, PW) })
  c.on('error', () => undefined) // the terminated session's socket closes under it
  await c.connect()
  open.push(c)
  return c
}

beforeAll(async () => {
  targetUrl = await recreateDatabase(serverUrl, TARGET)
  port = Number(new URL(serverUrl).port)
  const su = new pg.Client({ connectionString: targetUrl })
  await su.connect()
  for (const r of Object.values(roles)) {
    await su.query(`DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${r}') THEN CREATE ROLE ${r} LOGIN; END IF; END $$`)
    await su.query(`ALTER ROLE ${r} LOGIN NOSUPERUSER PASSWORD '${PW}'`)
  }
  // The read-only diagnostic role sees every session's query; the action role may signal backends.
  await su.query(`GRANT pg_read_all_stats TO ${roles.reader}`)
  await su.query(`GRANT pg_read_all_stats, pg_signal_backend TO ${roles.signaller}`)
  await su.query(`CREATE TABLE orders (id int PRIMARY KEY, status text)`)
  await su.query(`INSERT INTO orders VALUES (1, 'new'), (2, 'new')`)
  await su.query(`GRANT SELECT, UPDATE ON orders TO ${roles.app}`)
  await su.end()

  admin = await ctxOf('dba@example.com', 'ADMIN')
  responder = await ctxOf('resp@example.com', 'RESPONDER')
  commander = await ctxOf('ic@example.com', 'COMMANDER')
  serviceId = (
    await db.service.create({
      data: { name: 'orders-api', environment: 'PROD', region: 'us-east-1', cluster: 'shop-prod', ecsServiceName: 'orders-api', team: 'orders' },
      select: { id: true },
    })
  ).id
  incidentId = (
    await db.incident.create({
      data: { title: 'Orders hang', severity: 'SEV2', impact: 'checkouts time out', services: { create: { serviceId } } },
      select: { id: true },
    })
  ).id
})

afterAll(async () => {
  for (const c of open) await c.end().catch(() => undefined)
  await db.$disconnect()
})

const fields = { environment: 'PROD' as const, team: 'orders', host: '127.0.0.1', dbname: TARGET, serviceIds: [] as string[] }

describe('registered databases', () => {
  it('keeps the password encrypted and never returns it', async () => {
    const row = await registerDatabase(admin, {
      ...fields,
      name: 'secret-check',
      port,
      username: roles.reader,
      password: 'plain-text-password',
      serviceIds: [serviceId],
    })
    const stored = await db.registeredDatabase.findUniqueOrThrow({ where: { id: row.id } })
    expect(stored.passwordEncrypted).toMatch(/^v1:/)
    expect(stored.passwordEncrypted).not.toContain('plain-text-password')
    const listed = await listDatabases(admin.actor)
    expect(JSON.stringify(listed)).not.toMatch(/password|plain-text/i)
    expect(listed.find((d) => d.id === row.id)?.services).toEqual([{ id: serviceId, name: 'orders-api' }])
    const audit = await db.auditEvent.findFirstOrThrow({ where: { action: 'admin.database.create', targetId: row.id } })
    expect(JSON.stringify(audit.params)).not.toContain('plain-text-password')
    await expect(registerDatabase(admin, { ...fields, name: 'secret-check', port, username: 'x', password: 'y' })).rejects.toMatchObject({ code: 'CONFLICT' })
    await expect(registerDatabase(responder, { ...fields, name: 'nope', port, username: 'x', password: 'y' })).rejects.toMatchObject({ code: 'FORBIDDEN' })
    await removeDatabase(admin, row.id)
    expect(await db.registeredDatabase.count({ where: { id: row.id } })).toBe(0)
  })

  it('finds A blocking B, attaches it, ends A through the approval, verifies, and B completes', async () => {
    const target = await registerDatabase(admin, {
      ...fields,
      name: 'orders-db',
      port,
      username: roles.reader,
      password: PW,
      actionUsername: roles.signaller,
      actionPassword: PW,
    })
    const a = await clientAs(roles.app)
    const b = await clientAs(roles.app)
    await a.query('BEGIN')
    await a.query(`UPDATE orders SET status = 'held by A' WHERE id = 1`)
    const bDone = b.query(`UPDATE orders SET status = 'written by B' WHERE id = 1`)
    const pidA = (a as unknown as { processID: number }).processID
    const pidB = (b as unknown as { processID: number }).processID
    // Wait until B is really waiting on A's lock (the server says so, not a timer).
    const watcher = await clientAs(roles.reader)
    for (let i = 0; i < 100; i++) {
      const { rows } = await watcher.query(`SELECT cardinality(pg_blocking_pids($1)) AS n`, [pidB])
      if (rows[0].n > 0) break
      await new Promise((r) => setTimeout(r, 50))
    }

    const run = await startRunbook(responder, { incidentId, runbookId: 'db-lock-contention' })
    const input = { runId: run.id, stepId: 'blocking-live', serviceId, databaseId: target.id }
    const result = await runDiagnostic(responder, input)
    expect(result.unreachable).toBeUndefined()
    expect(result.blockers).toEqual([expect.objectContaining({ pid: pidA, blocks: 1, state: 'idle in transaction' })])
    expect(result.blockers![0].query).toContain(`UPDATE orders SET status = 'held by A'`)
    expect(result.blockers![0].seconds).toBeGreaterThanOrEqual(0)
    const [edge] = result.table!.rows
    expect(edge[0]).toBe(pidB)
    expect(String(edge[2])).toContain('written by B')
    expect(edge[3]).toBe(pidA)
    expect(result.summary).toContain(`pid ${pidA}`)

    await attachDiagnostic(responder, input)
    const entry = await db.timelineEntry.findFirstOrThrow({ where: { incidentId, kind: 'diagnostic' }, orderBy: { id: 'desc' } })
    expect(entry.text).toContain(`pid ${pidA}`)
    expect(await db.auditEvent.count({ where: { action: 'database.diagnostic.attach', targetId: target.id, incidentId } })).toBe(1)

    // The preview shows the query, its age and whom it blocks.
    const preview = await previewBackendAction(responder, { databaseId: target.id, pid: pidA, action: 'terminate' })
    expect(preview).toMatchObject({ pid: pidA, requiresApproval: true, confirmName: 'orders-db', blocks: [expect.objectContaining({ pid: pidB })] })
    expect(preview.query).toContain('held by A')

    // Production: an incident and the typed name, then a commander's approval.
    const base = { databaseId: target.id, pid: pidA, action: 'terminate' as const, reason: 'A holds the order row', idempotencyKey: 'terminate-a-0001' }
    await expect(requestBackendAction(responder, { ...base, incidentId })).rejects.toMatchObject({ code: 'VALIDATION' })
    const req = await requestBackendAction(responder, { ...base, incidentId, confirmName: 'orders-db' })
    expect((await requestBackendAction(responder, { ...base, incidentId, confirmName: 'orders-db' })).id).toBe(req.id)
    expect((await db.remediationRequest.findUniqueOrThrow({ where: { id: req.id } })).status).toBe('PENDING_APPROVAL')
    await expect(approveRemediation(responder, { requestId: req.id })).rejects.toMatchObject({ code: 'FORBIDDEN' })
    await approveRemediation(commander, { requestId: req.id })

    const done = await db.remediationRequest.findUniqueOrThrow({ where: { id: req.id } })
    expect(done.error).toBeNull()
    expect(done).toMatchObject({ status: 'SUCCEEDED', kind: 'PG_TERMINATE_BACKEND', databaseId: target.id, serviceId: null })
    expect(done.after).toMatchObject({ blocking: 0, alive: false })
    await expect(bDone).resolves.toMatchObject({ rowCount: 1 })
    const audit = await db.auditEvent.findFirstOrThrow({ where: { action: 'postgres.backend.terminate', targetId: target.id } })
    expect(audit).toMatchObject({ status: 'SUCCEEDED', incidentId })
    const texts = (await db.timelineEntry.findMany({ where: { incidentId, kind: 'remediation' }, orderBy: { id: 'asc' } })).map((e) => e.text)
    expect(texts.at(-2)).toContain(`pg_terminate_backend(${pidA}) on orders-db returned true`)
    expect(texts.at(-1)).toMatch(new RegExp(`^Verified: pid ${pidA} has ended and blocks no one`))

    // And the chain, read again, is empty.
    const again = await runDiagnostic(responder, input)
    expect(again).toMatchObject({ summary: 'No session is waiting on a lock held by another', blockers: [] })
  })

  it('says it could not look when the database cannot be reached', async () => {
    const down = await registerDatabase(admin, { ...fields, name: 'down-db', port: 1, username: roles.reader, password: PW })
    const run = await db.runbookRun.findFirstOrThrow({ where: { incidentId } })
    const result = await runDiagnostic(responder, { runId: run.id, stepId: 'blocking-live', serviceId, databaseId: down.id })
    expect(result.unreachable).toBe(true)
    expect(result.summary).toMatch(/^Could not read down-db: could not connect to 127\.0\.0\.1:1/)
    expect(result.table).toBeUndefined()
    expect(result.blockers).toBeUndefined()
  })

  it('refuses a terminate the role may not send, and records it failed', async () => {
    // Registered without an action role: the read-only role has no pg_signal_backend.
    const ro = await registerDatabase(admin, { ...fields, environment: 'DEV', name: 'ro-only', port, username: roles.reader, password: PW })
    const c = await clientAs(roles.app)
    const pid = (c as unknown as { processID: number }).processID
    const r = await requestBackendAction(responder, { databaseId: ro.id, pid, action: 'cancel', reason: 'try it', idempotencyKey: 'cancel-ro-0001' })
    const row = await db.remediationRequest.findUniqueOrThrow({ where: { id: r.id } })
    expect(row.status).toBe('FAILED')
    expect(row.error).toMatch(/^pg_cancel_backend\(\d+\) on ro-only as diag_reader_int failed: permission denied/)
    expect(await db.auditEvent.count({ where: { action: 'postgres.backend.cancel', targetId: ro.id, status: 'FAILED' } })).toBe(1)
  })
})
