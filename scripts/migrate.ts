// npm run db:migrate -- --name x   create a migration from schema changes and apply it
// npm run db:deploy                apply pending migrations
// npm run db:status                show where the database stands
// Works offline: the schema engine runs as WebAssembly (lib/db/migrations.ts).
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { encryptPlainPagerDutyKey } from '../lib/alerts/pagerduty-key'
import { createDbClient } from '../lib/db/create-client'
import { applyMigrations, createMigration, migrationStatus } from '../lib/db/migrations'
import { ConfigError, parseEnv } from '../lib/config/env-schema.js'
import { credentialsKey } from './lib/app'
import { dataDir, die, openDatabase, projectRoot } from './lib/database'

const { positionals, values } = parseArgs({ allowPositionals: true, options: { name: { type: 'string' } } })
const command = positionals[0]

async function main() {
  const env = parseEnv(process.env)
  if (!['dev', 'deploy', 'status'].includes(command ?? '')) throw new Error('usage: migrate.ts dev --name <name> | deploy | status')
  if (command === 'dev' && !values.name) throw new Error('give the migration a name: npm run db:migrate -- --name add_something')
  const db = await openDatabase({
    databaseUrl: env.DATABASE_URL,
    migrationUrl: env.MIGRATION_DATABASE_URL,
    dataDir: dataDir(env.DATA_DIR),
    log: (l) => console.log(l),
  })
  try {
    if (command === 'deploy') {
      const applied = await applyMigrations(db.url)
      console.log(applied.length ? `applied: ${applied.join(', ')}` : 'no pending migrations')
      // The data step `npm start` also runs: a routing key saved in plain text is encrypted (SQL has no key).
      const client = createDbClient(db.url, { max: 1 })
      try {
        const key = credentialsKey(env.DATABASE_CREDENTIALS_KEY, dataDir(env.DATA_DIR), (l) => console.log(l))
        if ((await encryptPlainPagerDutyKey(client, key, 'npm run db:deploy')) === 'encrypted')
          console.log('encrypted the PagerDuty routing key saved in plain text')
      } finally {
        await client.$disconnect()
      }
    } else if (command === 'status') {
      const status = await migrationStatus(db.url)
      console.log(JSON.stringify(status, null, 2))
    } else {
      const result = await createMigration(db.url, values.name ?? '')
      console.log(result.created ? `created prisma/migrations/${result.created} and applied it` : 'schema.prisma and the migrations agree: nothing to create')
      // Keep the generated client in step with the schema.
      spawnSync(process.execPath, [join(projectRoot, 'scripts', 'generate-prisma.mjs')], { stdio: 'inherit' })
    }
  } finally {
    await db.stop()
  }
}

main().then(
  () => process.exit(0),
  (err) => die(err instanceof ConfigError ? err.message : err),
)
