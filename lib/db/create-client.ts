// Builds a Prisma client on the pg driver adapter. lib/db/client.ts holds the app's
// single instance; scripts and tests build their own with this.
import { PrismaPg } from '@prisma/adapter-pg'
import { PrismaClient } from './generated/client'

export function createDbClient(connectionString: string, opts: { max?: number } = {}) {
  return new PrismaClient({
    adapter: new PrismaPg({ connectionString, max: opts.max ?? 10 }),
    // Secret columns never leave the database unless a query asks for them by name.
    omit: { user: { passwordHash: true } },
  })
}

export type DbClient = ReturnType<typeof createDbClient>
export type DbTransaction = Parameters<Parameters<DbClient['$transaction']>[0]>[0]
