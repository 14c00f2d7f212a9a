import { afterAll, describe, expect, inject, it } from 'vitest'
import { DEMO_PASSWORD, demoUsers, isDemoSeeded, seedDemo } from '@/prisma/seed'
import { verifyPassword } from '@/lib/auth/password'
import { createDbClient } from './create-client'
import { ensureBootstrapAdmin } from '@/lib/users/bootstrap'

const client = createDbClient(inject('databaseUrl'), { max: 2 })

afterAll(async () => {
  await client.$disconnect()
})

describe('demo seed', () => {
  it('creates the four demo users and twelve services across two clusters, once', async () => {
    expect(await isDemoSeeded(client)).toBe(false)
    await seedDemo(client)
    await seedDemo(client)
    expect(await isDemoSeeded(client)).toBe(true)
    const users = await client.user.findMany({ select: { email: true, role: true, passwordHash: true }, orderBy: { email: 'asc' } })
    expect(users.map((u) => [u.email, u.role])).toEqual(demoUsers.map((u) => [u.email, u.role]).sort((a, b) => a[0].localeCompare(b[0])))
    expect(await verifyPassword(DEMO_PASSWORD, users[0].passwordHash)).toBe(true)
    const services = await client.service.groupBy({ by: ['environment', 'cluster'], _count: true })
    expect(services.map((g) => [g.environment, g.cluster, g._count]).sort()).toEqual([
      ['DEV', 'shop-dev', 5],
      ['PROD', 'shop-prod', 7],
    ])
  })
})

describe('first admin from the environment', () => {
  it('is created once, with an audit event, and never overwritten', async () => {
    expect(await ensureBootstrapAdmin(client, 'Ops@Example.com', 'first-admin-password')).toEqual({ created: true })
    expect(await ensureBootstrapAdmin(client, 'ops@example.com', 'another-password-123')).toEqual({ created: false })
    const admin = await client.user.findUniqueOrThrow({ where: { email: 'ops@example.com' }, select: { role: true, passwordHash: true } })
    expect(admin.role).toBe('ADMIN')
    expect(await verifyPassword('first-admin-password', admin.passwordHash)).toBe(true)
    expect(await client.auditEvent.count({ where: { action: 'admin.user.bootstrap' } })).toBe(1)
  })
})
