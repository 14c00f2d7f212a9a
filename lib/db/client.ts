import 'server-only'
import { env } from '@/lib/env'
import { createDbClient, type DbClient } from './create-client'

export type { DbClient, DbTransaction } from './create-client'
export { Prisma } from './generated/client'

const globalForDb = globalThis as unknown as { incidentDb?: DbClient }

/** The app's one Prisma client (kept across hot reloads in development). */
export const db: DbClient = globalForDb.incidentDb ?? createDbClient(env.DATABASE_URL ?? '')
if (process.env.NODE_ENV !== 'production') globalForDb.incidentDb = db
