// The demo's "customer" database for live PostgreSQL diagnostics: a second database on the
// launcher's embedded Postgres (`demo_orders`, with an `orders` table), two roles as an operator
// would create them (README, "Registered databases"), and its registration in the app as
// orders-db, linked to orders-api and to the RDS resource orders-db the demo seeds. Passwords are new on every start (the row is updated), so
// nothing secret is kept outside the encrypted column.
import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { encryptSecret } from '../../lib/databases/crypto'
import type { DbClient } from '../../lib/db/create-client'
import { withDatabaseName } from '../../lib/testing/test-database'

export const DEMO_DATABASE = 'demo_orders'
const READER = 'demo_diagnostics'
const SIGNALLER = 'demo_operator'

export async function ensureDemoDatabase(ownerUrl: string, client: DbClient, key: string) {
  const admin = new pg.Client({ connectionString: withDatabaseName(ownerUrl, 'postgres') })
  await admin.connect()
  const passwords = { [READER]: randomBytes(18).toString('base64url'), [SIGNALLER]: randomBytes(18).toString('base64url') }
  try {
    if (!(await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [DEMO_DATABASE])).rowCount) await admin.query(`CREATE DATABASE ${DEMO_DATABASE}`)
    for (const [role, password] of Object.entries(passwords)) {
      const literal = (await admin.query<{ q: string }>('SELECT quote_literal($1) AS q', [password])).rows[0].q
      const exists = (await admin.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role])).rowCount
      await admin.query(`${exists ? 'ALTER' : 'CREATE'} ROLE ${role} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD ${literal}`)
    }
    // Diagnostics: every session's activity, nothing else. Cancel/terminate (and the game-day sessions): pg_signal_backend.
    await admin.query(`GRANT pg_read_all_stats TO ${READER}`)
    await admin.query(`GRANT pg_read_all_stats, pg_signal_backend TO ${SIGNALLER}`)
  } finally {
    await admin.end()
  }
  const target = new pg.Client({ connectionString: withDatabaseName(ownerUrl, DEMO_DATABASE) })
  await target.connect()
  try {
    await target.query(`CREATE TABLE IF NOT EXISTS orders (id int PRIMARY KEY, status text NOT NULL, updated_at timestamptz NOT NULL DEFAULT now())`)
    await target.query(`INSERT INTO orders (id, status) SELECT g, 'new' FROM generate_series(1, 50) g ON CONFLICT DO NOTHING`)
    await target.query(`GRANT SELECT, UPDATE ON orders TO ${SIGNALLER}`)
  } finally {
    await target.end()
  }
  const url = new URL(ownerUrl)
  const service = await client.service.findFirst({ where: { cluster: 'shop-prod', ecsServiceName: 'orders-api' }, select: { id: true } })
  // It plays the demo's RDS instance of the same name: its board row and its services' Dependencies offer these diagnostics.
  const rds = await client.resource.findFirst({ where: { kind: 'RDS', awsId: 'orders-db' }, select: { id: true } })
  const fields = {
    environment: 'PROD' as const,
    team: 'orders',
    host: url.hostname,
    port: Number(url.port || 5432),
    dbname: DEMO_DATABASE,
    username: READER,
    passwordEncrypted: encryptSecret(passwords[READER], key),
    actionUsername: SIGNALLER,
    actionPasswordEncrypted: encryptSecret(passwords[SIGNALLER], key),
    ...(rds ? { resourceId: rds.id } : {}),
  }
  await client.registeredDatabase.upsert({
    where: { name: 'orders-db' },
    create: { name: 'orders-db', ...fields, ...(service ? { services: { create: { serviceId: service.id } } } : {}) },
    update: fields,
  })
}
