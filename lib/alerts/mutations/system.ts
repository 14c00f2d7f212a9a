import 'server-only'
// The actor alert ingestion writes as. Timeline entries, declares and runbook starts need
// a user row; this one cannot sign in (disabled, no password, no identity) and is made
// on first use.
import type { ActorContext } from '@/lib/actions/actor'
import { db } from '@/lib/db/client'
import { logger } from '@/lib/logger'

export const SYSTEM_EMAIL = 'alerts@system.invalid'
const SYSTEM_NAME = 'Alerts (automatic)'

let cached: ActorContext['actor'] | null = null

export async function alertsActor(): Promise<ActorContext['actor']> {
  if (cached) return cached
  await db.user.createMany({
    data: [{ email: SYSTEM_EMAIL, name: SYSTEM_NAME, role: 'RESPONDER', disabled: true, authProvider: 'system' }],
    skipDuplicates: true,
  })
  const row = await db.user.findUniqueOrThrow({ where: { email: SYSTEM_EMAIL }, select: { id: true, email: true, name: true } })
  // Acts with a responder's rights whatever the row says: it never signs in, and only ingestion uses it.
  cached = { id: row.id, email: row.email, name: row.name, role: 'RESPONDER' }
  return cached
}

export async function alertsContext(requestId: string): Promise<ActorContext> {
  const actor = await alertsActor()
  return { actor, requestId, log: logger.child({ requestId, userId: actor.id, source: 'alerts' }) }
}
