// Text with a NUL character, which PostgreSQL refuses, gets a clear refusal from every
// action (defineAction checks it before the schema), never an internal error, and
// nothing is written.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { db } from '@/lib/db/client'
import type { CurrentUser } from '@/lib/users/dto'

const session = vi.hoisted(() => ({ user: null as CurrentUser | null }))
vi.mock('@/lib/auth/session', () => ({ getCurrentUser: async () => session.user }))
vi.mock('next/cache', () => ({ revalidatePath: () => undefined, revalidateTag: () => undefined }))

const { declareIncidentAction, addNoteAction } = await import('@/app/(console)/incidents/actions')

beforeAll(async () => {
  const u = await db.user.create({ data: { email: 'nul@example.com', name: 'Nul Tester', role: 'RESPONDER' } })
  session.user = { id: u.id, email: u.email, name: u.name, role: u.role } as CurrentUser
})

afterAll(async () => {
  await db.$disconnect()
})

describe('a NUL character in any text', () => {
  it('is refused as a validation error naming the field, and nothing is stored', async () => {
    const base = { idempotencyKey: 'nul-declare-0001', title: 'Checkout down', severity: 'SEV3', impact: 'some shoppers', serviceIds: [] }
    const refused = await declareIncidentAction({ ...base, title: 'Checkout\u0000down' })
    expect(refused).toMatchObject({ ok: false, code: 'VALIDATION', fieldErrors: { title: [expect.stringContaining('NUL')] } })
    expect(await db.incident.count()).toBe(0)

    const declared = await declareIncidentAction(base)
    expect(declared.ok).toBe(true)
    const incident = await db.incident.findFirstOrThrow({ select: { id: true } })
    const before = await db.timelineEntry.count({ where: { incidentId: incident.id } })
    const note = await addNoteAction({ incidentId: incident.id, text: 'tail\u0000' })
    expect(note).toMatchObject({ ok: false, code: 'VALIDATION', fieldErrors: { text: [expect.stringContaining('NUL')] } })
    expect(await db.timelineEntry.count({ where: { incidentId: incident.id } })).toBe(before)
  })

  it('is found in nested values and in keys', async () => {
    const { nulPath } = await import('@/lib/security/input.js')
    expect(nulPath({ a: [{ b: 'ok' }, { c: 'x\0' }] })).toBe('a.1.c')
    expect(nulPath({ ['k\0']: 'v' })).toBe('k')
    expect(nulPath({ a: 'fine', n: 3, d: new Date(0), z: null })).toBeNull()
  })
})
