import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ActorContext } from '@/lib/actions/actor'
import { db } from '@/lib/db/client'
import { logger } from '@/lib/logger'
import { verifyAuditChain } from './queries'
import { recordAudit } from './record'
import { withAudit } from './with-audit'

let ctx: ActorContext

beforeAll(async () => {
  const actor = await db.user.create({
    data: { email: 'auditor@example.com', name: 'Aud', role: 'ADMIN' },
    select: { id: true, email: true, name: true, role: true },
  })
  ctx = { actor, requestId: 'req-audit', log: logger }
})
afterAll(() => db.$disconnect())

const write = (n: number) =>
  db.$transaction((tx) =>
    recordAudit(tx, { action: 'admin.user.create', actor: ctx.actor, targetType: 'user', targetId: `u${n}`, params: { z: 1, a: { y: 2, b: [n] } } }),
  )

describe('audit log', () => {
  it('chains every event to the one before it, and the chain verifies', async () => {
    for (let i = 0; i < 5; i++) await write(i)
    await Promise.all([write(10), write(11), write(12)])
    expect(await verifyAuditChain(ctx.actor)).toEqual({ ok: true, checked: 8 })
  })

  it('writes the PENDING event before the outside call, and completes it after', async () => {
    let seenDuringCall: string | undefined
    const result = await withAudit(ctx, { action: 'admin.user.create', targetType: 'service', targetId: 'svc' }, async () => {
      const row = await db.auditEvent.findFirst({ where: { targetId: 'svc' }, select: { status: true } })
      seenDuringCall = row?.status
      return { awsRequestId: 'aws-req-1' }
    })
    expect(result.awsRequestId).toBe('aws-req-1')
    expect(seenDuringCall).toBe('PENDING')
    const row = await db.auditEvent.findFirstOrThrow({ where: { targetId: 'svc' } })
    expect(row).toMatchObject({ status: 'SUCCEEDED', awsRequestId: 'aws-req-1', actorId: ctx.actor.id, requestId: 'req-audit' })
    expect((await verifyAuditChain(ctx.actor)).ok).toBe(true)
  })

  it('records a failed call as FAILED with the error, and passes the error on', async () => {
    await expect(withAudit(ctx, { action: 'admin.user.create', targetId: 'boom' }, async () => Promise.reject(new Error('denied')))).rejects.toThrow('denied')
    expect(await db.auditEvent.findFirstOrThrow({ where: { targetId: 'boom' } })).toMatchObject({ status: 'FAILED', error: 'denied' })
  })

  it('the database refuses to change or delete a written event', async () => {
    const done = await db.auditEvent.findFirstOrThrow({ where: { status: 'SUCCEEDED' } })
    await expect(db.auditEvent.update({ where: { id: done.id }, data: { reason: 'rewritten' } })).rejects.toThrow(/cannot change|append-only/)
    await expect(db.auditEvent.delete({ where: { id: done.id } })).rejects.toThrow(/append-only/)
    await expect(db.$executeRawUnsafe(`DELETE FROM "AuditEvent"`)).rejects.toThrow(/append-only/)
    const pending = await db.$transaction((tx) => recordAudit(tx, { action: 'admin.user.create', actor: ctx.actor, status: 'PENDING', targetId: 'p' }))
    await expect(db.auditEvent.update({ where: { id: pending.id }, data: { action: 'admin.user.disable' } })).rejects.toThrow(/only be completed/)
  })

  it('verification finds the exact event someone tampered with behind the trigger', async () => {
    const victim = await db.auditEvent.findFirstOrThrow({ where: { targetId: 'u3' } })
    await db.$executeRawUnsafe(`ALTER TABLE "AuditEvent" DISABLE TRIGGER audit_event_append_only`)
    try {
      await db.$executeRawUnsafe(`UPDATE "AuditEvent" SET "actorEmail" = 'someone-else@example.com' WHERE id = ${victim.id}`)
      expect(await verifyAuditChain(ctx.actor)).toMatchObject({ ok: false, brokenAt: victim.id, problem: expect.stringContaining('changed') })
      await db.$executeRawUnsafe(`UPDATE "AuditEvent" SET "actorEmail" = '${victim.actorEmail}' WHERE id = ${victim.id}`)
      const next = await db.auditEvent.findFirstOrThrow({ where: { targetId: 'u4' } })
      await db.$executeRawUnsafe(`DELETE FROM "AuditEvent" WHERE id = ${victim.id}`)
      expect(await verifyAuditChain(ctx.actor)).toMatchObject({ ok: false, brokenAt: next.id, problem: expect.stringContaining('removed') })
    } finally {
      await db.$executeRawUnsafe(`ALTER TABLE "AuditEvent" ENABLE TRIGGER audit_event_append_only`)
    }
  })
})
