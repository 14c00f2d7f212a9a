// Runs before each integration test file: points the app's modules at the test
// database and empties every table, so files do not see each other's rows.
import pg from 'pg'
import { beforeAll, inject } from 'vitest'

const url = inject('databaseUrl')
process.env.DATABASE_URL = url
process.env.NEXTAUTH_SECRET ??= 'integration-tests-secret-0123456789abcdef'
// The webhook tests' receivers listen on this machine: named here, as an operator would.
process.env.WEBHOOK_ALLOW_HOSTS ??= '127.0.0.1'

beforeAll(async () => {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    const { rows } = await client.query<{ tablename: string }>(
      `SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'`,
    )
    if (rows.length) await client.query(`TRUNCATE ${rows.map((r) => `"${r.tablename}"`).join(', ')} RESTART IDENTITY CASCADE`)
  } finally {
    await client.end()
  }
})
