import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { describe, expect, inject, it } from 'vitest'
import { driftFromMigrations, migrationStatus, pendingSchemaChanges } from './migrations'

const url = inject('databaseUrl')

describe('migrations', () => {
  it('agree with schema.prisma (run `npm run db:migrate -- --name <change>` when this fails)', async () => {
    expect(await pendingSchemaChanges(url)).toBe('')
  })

  it('are all applied to the test database, none edited or failed', async () => {
    const status = await migrationStatus(url)
    expect(status).toMatchObject({ history: null, failedMigrationNames: [], editedMigrationNames: [], hasMigrationsTable: true })
  })

  it('the agreement check does see a difference when there is one', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'migrations-'))
    writeFileSync(join(empty, 'migration_lock.toml'), 'provider = "postgresql"\n')
    const sql = await pendingSchemaChanges(url, empty)
    expect(sql).toContain('CREATE TABLE "User"')
    expect(sql).toContain('CREATE TABLE "AuditEvent"')
  })

  it('detect drift: a change made to the database by hand', async () => {
    expect(await driftFromMigrations(url)).toBe('')
    const client = new pg.Client({ connectionString: url })
    await client.connect()
    try {
      await client.query('ALTER TABLE "Service" ADD COLUMN "handMade" TEXT')
      expect(await driftFromMigrations(url)).toContain('handMade')
    } finally {
      await client.query('ALTER TABLE "Service" DROP COLUMN IF EXISTS "handMade"')
      await client.end()
    }
  })
})
