// The first admin of a real deployment comes from ADMIN_EMAIL / ADMIN_PASSWORD.
// Run by the launcher with its own client (outside the Next.js server).
import { recordAudit } from '@/lib/audit/record'
import { hashPassword } from '@/lib/auth/password'
import type { DbClient } from '@/lib/db/create-client'

export async function ensureBootstrapAdmin(db: DbClient, email: string, password: string) {
  const normalized = email.trim().toLowerCase()
  const existing = await db.user.findUnique({ where: { email: normalized }, select: { id: true } })
  if (existing) return { created: false }
  const passwordHash = await hashPassword(password)
  await db.$transaction(async (tx) => {
    const user = await tx.user.create({
      data: { email: normalized, name: 'Administrator', role: 'ADMIN', passwordHash },
      select: { id: true, email: true },
    })
    await recordAudit(tx, {
      action: 'admin.user.bootstrap',
      actorEmail: 'system',
      targetType: 'user',
      targetId: user.id,
      params: { email: user.email, role: 'ADMIN', source: 'ADMIN_EMAIL' },
    })
  })
  return { created: true }
}
