// The audit log survives someone who controls its database: each tamper case below is
// refused by the database or detected by "verify chain" through the signed digest kept
// outside it (lib/audit/digest.ts).
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest'
import type { ActorContext } from '@/lib/actions/actor'
import { db } from '@/lib/db/client'
import { ensureAppRole, urlAs } from '@/lib/db/roles'
import { logger } from '@/lib/logger'
import { eventHash } from './chain'
import { anchorAuditChain, type DigestPlace } from './digest'
import { verifyAuditChain } from './queries'
import { recordAudit } from './record'
import { withAudit } from './with-audit'

let ctx: ActorContext
let place: DigestPlace
const dirs: string[] = []

/** Runs statements as the table owner with the audit triggers lifted: what a superuser could do. */
async function behindTheTriggers(...statements: string[]) {
  await db.$transaction(async (tx) => {
    await tx.$executeRawUnsafe('ALTER TABLE "AuditEvent" DISABLE TRIGGER USER')
    for (const s of statements) await tx.$executeRawUnsafe(s)
    await tx.$executeRawUnsafe('ALTER TABLE "AuditEvent" ENABLE TRIGGER USER')
  })
}

const write = (n: number) =>
  db.$transaction((tx) => recordAudit(tx, { action: 'admin.user.create', actor: ctx.actor, targetType: 'user', targetId: `t${n}`, params: { n } }))

beforeAll(async () => {
  ctx = {
    actor: await db.user.create({ data: { email: 'tamper@example.com', name: 'T', role: 'ADMIN' }, select: { id: true, email: true, name: true, role: true } }),
    requestId: 'req-tamper',
    log: logger,
  }
})

beforeEach(async () => {
  await behindTheTriggers('DELETE FROM "AuditEvent"')
  const dir = mkdtempSync(join(tmpdir(), 'audit-digests-'))
  dirs.push(dir)
  place = { dir: join(dir, 'digests'), key: Buffer.from('a-test-key-that-lives-outside-the-database') }
  for (let i = 0; i < 6; i++) await write(i)
  // The periodic anchor runs: the chain as it stands is signed, outside the database.
  expect((await anchorAuditChain(db, place)).problem).toBeNull()
  expect(await verifyAuditChain(ctx.actor, place)).toEqual({ ok: true, checked: 6 })
})

afterAll(async () => {
  await behindTheTriggers('DELETE FROM "AuditEvent"')
  for (const d of dirs) rmSync(d, { recursive: true, force: true })
  await db.$disconnect()
})

describe('audit tamper cases', () => {
  it('TRUNCATE is refused by the database', async () => {
    await expect(db.$executeRawUnsafe('TRUNCATE "AuditEvent"')).rejects.toThrow(/cannot be truncated/)
    expect(await db.auditEvent.count()).toBe(6)
  })

  it('the digest files are signed JSON, 0600, outside the database', () => {
    const files = readdirSync(place.dir)
    expect(files.length).toBeGreaterThan(0)
    const d = JSON.parse(readFileSync(join(place.dir, files[0]), 'utf8'))
    expect(d).toMatchObject({ version: 1, count: 6, headHash: expect.any(String), signature: expect.stringMatching(/^[0-9a-f]{64}$/) })
    expect(statSync(join(place.dir, files[0])).mode & 0o777).toBe(0o600)
  })

  it('deleting the newest rows is detected (the chain before them is intact, the digest is not)', async () => {
    const newest = await db.auditEvent.findMany({ orderBy: { id: 'desc' }, take: 2, select: { id: true } })
    await behindTheTriggers(`DELETE FROM "AuditEvent" WHERE id IN (${newest.map((r) => r.id).join(',')})`)
    expect(await verifyAuditChain(ctx.actor, place)).toMatchObject({ ok: false, brokenAt: newest[0].id, problem: expect.stringContaining('is gone') })
  })

  it('emptying the table behind the trigger is detected: verify does not report 0 events fine', async () => {
    await behindTheTriggers('TRUNCATE "AuditEvent"')
    expect(await verifyAuditChain(ctx.actor, place)).toMatchObject({ ok: false, checked: 0, problem: expect.stringContaining('is gone') })
  })

  it('rewriting a row and recomputing every later hash is detected', async () => {
    const rows = await db.auditEvent.findMany({ orderBy: { id: 'asc' } })
    const statements: string[] = []
    let prev: string | null = null
    for (const [i, r] of rows.entries()) {
      const actorEmail = i === 2 ? 'someone-else@example.com' : r.actorEmail
      const hash = eventHash(prev, {
        at: r.at,
        actorId: r.actorId,
        actorEmail,
        action: r.action,
        targetType: r.targetType,
        targetId: r.targetId,
        incidentId: r.incidentId,
        serviceId: r.serviceId,
        params: r.params,
        reason: r.reason,
        requestId: r.requestId,
        initialStatus: r.status,
        initialError: r.error,
      })
      statements.push(
        `UPDATE "AuditEvent" SET "actorEmail" = '${actorEmail}', "prevHash" = ${prev ? `'${prev}'` : 'NULL'}, hash = '${hash}' WHERE id = ${r.id}`,
      )
      prev = hash
    }
    await behindTheTriggers(...statements)
    const verdict = await verifyAuditChain(ctx.actor, place)
    expect(verdict).toMatchObject({ ok: false, brokenAt: rows.at(-1)!.id, problem: expect.stringContaining('rewritten') })
  })

  it('a completed event cannot go back to PENDING; done behind the trigger, it is detected', async () => {
    await withAudit(ctx, { action: 'ecs.service.scale', targetType: 'ecs-service', targetId: 'svc' }, async () => ({ awsRequestId: 'aws-1' }))
    const done = await db.auditEvent.findFirstOrThrow({ where: { targetId: 'svc' } })
    expect(done.status).toBe('SUCCEEDED')
    expect((await anchorAuditChain(db, place, new Date(Date.now() + 1000))).problem).toBeNull()
    await expect(db.auditEvent.update({ where: { id: done.id }, data: { status: 'PENDING' } })).rejects.toThrow(/complete and cannot change/)
    await behindTheTriggers(
      `UPDATE "AuditEvent" SET status = 'PENDING', "awsRequestId" = NULL, "completedAt" = NULL, "completionHash" = NULL WHERE id = ${done.id}`,
    )
    expect(await verifyAuditChain(ctx.actor, place)).toMatchObject({ ok: false, problem: expect.stringContaining('undone') })
  })

  it('a digest not signed with this key is reported', async () => {
    const [file] = readdirSync(place.dir)
    const d = JSON.parse(readFileSync(join(place.dir, file), 'utf8'))
    writeFileSync(join(place.dir, 'z-forged.json'), JSON.stringify({ ...d, count: 2, signature: '0'.repeat(64) }))
    expect(await verifyAuditChain(ctx.actor, place)).toMatchObject({ ok: false, problem: expect.stringContaining("does not carry this app's signature") })
  })

  it('the app role owns nothing: it cannot drop or disable the triggers, truncate or delete', async () => {
    const ownerUrl = inject('databaseUrl')
    await ensureAppRole(ownerUrl, 'incident_app_test', 'app-role-test-password')
    const app = new pg.Client({ connectionString: urlAs(ownerUrl, 'incident_app_test', 'app-role-test-password') })
    await app.connect()
    try {
      await expect(app.query('DROP TRIGGER audit_event_append_only ON "AuditEvent"')).rejects.toThrow(/must be owner/)
      await expect(app.query('ALTER TABLE "AuditEvent" DISABLE TRIGGER audit_event_no_truncate')).rejects.toThrow(/must be owner/)
      await expect(app.query('TRUNCATE "AuditEvent"')).rejects.toThrow(/permission denied/)
      await expect(app.query('DELETE FROM "AuditEvent"')).rejects.toThrow(/permission denied/)
      await expect(app.query('DROP FUNCTION audit_event_append_only() CASCADE')).rejects.toThrow(/must be owner/)
      await expect(app.query('CREATE TABLE sneaky (id int)')).rejects.toThrow(/permission denied/)
      // What the app does need still works: read, append, complete.
      expect((await app.query('SELECT count(*)::int AS n FROM "AuditEvent"')).rows[0].n).toBe(6)
      await app.query(`UPDATE "User" SET name = name WHERE id = $1`, [ctx.actor.id])
    } finally {
      await app.end()
    }
    expect(await verifyAuditChain(ctx.actor, place)).toEqual({ ok: true, checked: 6 })
  })
})
