// npm run db:seed: puts the demo users and services into DATABASE_URL (or the
// embedded database). Asked for explicitly, so it runs on any database.
import { ConfigError, parseEnv } from '../lib/config/env-schema.js'
import { createDbClient } from '../lib/db/create-client'
import { applyMigrations } from '../lib/db/migrations'
import { seedDemo } from '../prisma/seed'
import { dataDir, die, openDatabase } from './lib/database'

async function main() {
  const env = parseEnv(process.env)
  const database = await openDatabase({
    databaseUrl: env.DATABASE_URL,
    migrationUrl: env.MIGRATION_DATABASE_URL,
    dataDir: dataDir(env.DATA_DIR),
    log: (l) => console.log(l),
  })
  const client = createDbClient(database.url, { max: 2 })
  try {
    await applyMigrations(database.url)
    const seeded = await seedDemo(client)
    console.log(`demo data: ${seeded.users} users, ${seeded.services} services`)
  } finally {
    await client.$disconnect()
    await database.stop()
  }
}

main().then(
  () => process.exit(0),
  (err) => die(err instanceof ConfigError ? err.message : err),
)
