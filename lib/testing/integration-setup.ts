// Runs before each integration test file: points the app's modules at the test
// database and empties every table, so files do not see each other's rows.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { beforeAll, inject } from 'vitest'

const url = inject('databaseUrl')
process.env.DATABASE_URL = url
process.env.NEXTAUTH_SECRET ??= 'integration-tests-secret-0123456789abcdef'
// The webhook tests' receivers listen on this machine: named here, as an operator would.
process.env.WEBHOOK_ALLOW_HOSTS ??= '127.0.0.1'
// Each file starts with an empty audit table, so it gets its own audit digest folder too.
process.env.AUDIT_DIGEST_DIR = mkdtempSync(join(tmpdir(), 'incident-audit-digests-'))
process.env.DATABASE_CREDENTIALS_KEY ??= 'integration-tests-database-credentials-key-0123'
process.env.AUDIT_DIGEST_KEY ??= 'integration-tests-audit-digest-key-0123456789'

beforeAll(async () => {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    const { rows } = await client.query<{ tablename: string }>(
      `SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'`,
    )
    if (!rows.length) return
    // The audit table refuses TRUNCATE (a trigger); as its owner, the tests lift that
    // for this one statement, inside a transaction, so no other session sees it lifted.
    const audit = rows.some((r) => r.tablename === 'AuditEvent')
    await client.query('BEGIN')
    if (audit) await client.query('ALTER TABLE "AuditEvent" DISABLE TRIGGER audit_event_no_truncate')
    await client.query(`TRUNCATE ${rows.map((r) => `"${r.tablename}"`).join(', ')} RESTART IDENTITY CASCADE`)
    if (audit) await client.query('ALTER TABLE "AuditEvent" ENABLE TRIGGER audit_event_no_truncate')
    await client.query('COMMIT')
  } finally {
    await client.end()
  }
})
