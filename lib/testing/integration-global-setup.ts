import type { TestProject } from 'vitest/node'
import { applyMigrations } from '../db/migrations'
import { freshTestDatabase } from './test-database'

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string
  }
}

export default async function setup(project: TestProject) {
  const db = await freshTestDatabase({
    serverUrl: process.env.DATABASE_URL || undefined,
    dataDir: process.env.TEST_PG_DIR ?? '.data/test-integration',
    database: 'incident_command_test_int',
  })
  await applyMigrations(db.url)
  project.provide('databaseUrl', db.url)
  return async () => {
    await db.stop()
  }
}
