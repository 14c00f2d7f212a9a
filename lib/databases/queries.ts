import 'server-only'
// Reads of registered databases. `listDatabases` is what the browser gets (no passwords);
// `connectionOf` decrypts a password for one connection on the server and is never returned
// to a caller that answers the browser.
import type { Actor } from '@/lib/actions/actor'
import { db } from '@/lib/db/client'
import { env } from '@/lib/env'
import { AppError, UUID } from '@/lib/errors'
import { decryptSecret } from './crypto'
import type { DatabaseView } from './dto'
import type { TargetConnection } from './target'

const viewSelect = {
  id: true,
  name: true,
  environment: true,
  team: true,
  host: true,
  port: true,
  dbname: true,
  username: true,
  actionUsername: true,
  createdAt: true,
  services: { select: { service: { select: { id: true, name: true } } } },
  resource: { select: { id: true, name: true } },
} as const

export async function listDatabases(_actor: Actor): Promise<DatabaseView[]> {
  const rows = await db.registeredDatabase.findMany({ orderBy: { name: 'asc' }, select: viewSelect })
  return rows.map((r) => ({ ...r, services: r.services.map((s) => s.service), createdAt: r.createdAt.toISOString() }))
}

/** The key that encrypts passwords; a clear refusal when the app was started without one. */
export function credentialsKey(): string {
  const key = env.DATABASE_CREDENTIALS_KEY
  if (!key)
    throw new AppError('VALIDATION', 'DATABASE_CREDENTIALS_KEY is not set: the app cannot keep database passwords. Set it (32+ characters) and restart.')
  return key
}

export type DatabaseTarget = {
  id: string
  name: string
  environment: 'PROD' | 'STAGING' | 'DEV'
  readOnly: TargetConnection
  /** The role for cancel and terminate; the read-only one when none was given. */
  action: TargetConnection
}

/** A registered database with its passwords decrypted, for one connection on the server. */
export async function connectionOf(id: string): Promise<DatabaseTarget> {
  if (!UUID.test(id)) throw new AppError('NOT_FOUND', 'That database is not registered.')
  const r = await db.registeredDatabase.findUnique({ where: { id } })
  if (!r) throw new AppError('NOT_FOUND', 'That database is not registered.')
  const key = credentialsKey()
  let password: string
  let actionPassword: string | null
  try {
    password = decryptSecret(r.passwordEncrypted, key)
    actionPassword = r.actionPasswordEncrypted ? decryptSecret(r.actionPasswordEncrypted, key) : null
  } catch {
    throw new AppError(
      'VALIDATION',
      `The saved password of ${r.name} cannot be decrypted with this DATABASE_CREDENTIALS_KEY (was the key changed?). Register the database again.`,
    )
  }
  const base = { host: r.host, port: r.port, dbname: r.dbname }
  const readOnly = { ...base, username: r.username, password }
  return {
    id: r.id,
    name: r.name,
    environment: r.environment,
    readOnly,
    action: r.actionUsername && actionPassword !== null ? { ...base, username: r.actionUsername, password: actionPassword } : readOnly,
  }
}

/**
 * Databases linked to any of these services (for the incident's runbook steps), then the rest. A database also counts
 * as linked when it runs on an RDS resource one of the services depends on (their Dependencies).
 */
export async function databasesForServices(_actor: Actor, serviceIds: string[]) {
  const rows = await db.registeredDatabase.findMany({
    orderBy: { name: 'asc' },
    select: {
      id: true,
      name: true,
      environment: true,
      services: { select: { serviceId: true } },
      resource: { select: { services: { select: { serviceId: true } } } },
    },
  })
  const uses = (links: { serviceId: string }[] | undefined) => (links ?? []).some((s) => serviceIds.includes(s.serviceId))
  return rows
    .map((r) => ({ id: r.id, name: r.name, environment: r.environment, linked: uses(r.services) || uses(r.resource?.services) }))
    .sort((a, b) => Number(b.linked) - Number(a.linked))
}
