// npm start / npm run dev: one command from a fresh clone to a running app.
//   - validates the configuration (one line naming a bad variable);
//   - uses DATABASE_URL, or starts the embedded Postgres (data kept under .data/);
//   - applies pending migrations; seeds the demo data on the embedded database's
//     first start when the AWS simulator is in use (or where SEED_DEMO=1 asks);
//     creates the first admin from ADMIN_EMAIL / ADMIN_PASSWORD;
//   - beside the AWS simulator: makes the SNS alert integration for its topics and, once
//     the app answers, subscribes the app to them (alarms and ECS events come in as alerts);
//   - builds the app when the sources changed since the last build, then serves it;
//   - owns shutdown: on SIGTERM or SIGINT (to npm or to this process), and when npm
//     goes away, it stops the app, then the simulator and Postgres, prints one line
//     and exits 0. Any failure to start is one line on stderr and exit 1.
import type { ChildProcess } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { awsModeOf, ConfigError, parseEnv } from '../lib/config/env-schema.js'
import { startSimulator } from '../lib/simulator'
import { startTlsEndpoint } from '../lib/simulator/tls-endpoint'
import { createDbClient } from '../lib/db/create-client'
import { applyMigrations } from '../lib/db/migrations'
import { ensureAppRole } from '../lib/db/roles'
import { encryptPlainPagerDutyKey } from '../lib/alerts/pagerduty-key'
import { ensureBootstrapAdmin } from '../lib/users/bootstrap'
import { isDemoSeeded, seedDemo } from '../prisma/seed'
import { ensureDemoDatabase } from './lib/demo-database'
import { authSecret, buildIfStale, credentialsKey, demoSeedWanted, nodeVersionNote, serveApp, stopChild, waitForExit } from './lib/app'
import { dataDir as resolveDataDir, openDatabase } from './lib/database'
import { ensureSimulatorIntegration, SIMULATOR_INTEGRATION_NAME, subscribeWhenUp } from './lib/simulator-alerts'

const dev = process.argv.includes('--dev')
const log = (line: string) => console.log(`[start] ${line}`)

/** What is running, stopped in reverse order of starting. */
const running: { child?: ChildProcess; stops: (() => Promise<boolean | void>)[] } = { stops: [] }
let stopping = false

async function shutdown(code: number, why?: string) {
  if (stopping) return
  stopping = true
  if (why) log(why)
  if (running.child) await stopChild(running.child)
  let embedded = false
  for (const stop of running.stops.reverse()) embedded = (await stop().catch(() => false)) === true || embedded
  if (code === 0) log(embedded ? 'stopped the app and Postgres' : 'stopped the app')
  process.exit(code)
}

/** A failure to start: one line, then stop whatever had started. */
function fail(err: unknown) {
  const message = err instanceof ConfigError ? err.message : err instanceof Error ? err.message : String(err)
  console.error(`error: ${message.split('\n')[0]}`)
  void shutdown(1)
}

/** npm does not always pass a SIGTERM on; when it is gone, we are on our own: stop. */
function watchParent() {
  const parent = process.ppid
  const timer = setInterval(() => {
    if (process.ppid !== parent) void shutdown(0, 'the parent process went away: stopping')
  }, 500)
  timer.unref()
}

async function main() {
  process.on('SIGINT', () => void shutdown(0))
  process.on('SIGTERM', () => void shutdown(0))
  process.on('SIGHUP', () => void shutdown(0))
  watchParent()

  const env = parseEnv(process.env)
  const port = env.PORT ?? 3000
  const dir = resolveDataDir(env.DATA_DIR)
  const note = nodeVersionNote()
  if (note) log(note)

  const database = await openDatabase({ databaseUrl: env.DATABASE_URL, migrationUrl: env.MIGRATION_DATABASE_URL, dataDir: dir, log })
  running.stops.push(async () => {
    await database.stop()
    return database.embedded
  })
  if (stopping) return

  const awsMode = awsModeOf(process.env)
  const simulator = awsMode === 'simulated' ? await startSimulator({ host: '127.0.0.1' }) : null
  if (simulator) {
    running.stops.push(async () => void (await simulator.stop()))
    log(`AWS simulator on ${simulator.url} (demo fleet; inject failures on /admin/game-day or with npm run gameday). Set AWS_MODE=aws for real AWS.`)
    mkdirSync(dir, { recursive: true })
    writeFileSync(join(dir, 'simulator.json'), JSON.stringify({ url: simulator.url, pid: process.pid }))
  } else log(`using real AWS (region ${env.AWS_REGION ?? 'from your AWS configuration'})`)

  // The demo's health URLs over real TLS, with certificates from the simulator's own CA, which
  // the app trusts in simulated mode only (never passed with real AWS; env-schema refuses it).
  const tls = simulator ? await startTlsEndpoint({ host: '127.0.0.1', scenarios: () => simulator.scenarios.list() }) : null
  const simulatorCa = join(dir, 'simulator-ca.pem')
  if (tls) {
    running.stops.push(() => tls.stop())
    writeFileSync(simulatorCa, tls.caPem)
  }

  const applied = await applyMigrations(database.url)
  log(applied.length ? `applied migrations: ${applied.join(', ')}` : 'database schema is up to date')
  // The app runs as a role that owns nothing, so it cannot drop the audit log's triggers.
  if (database.app) await ensureAppRole(database.url, database.app.role, database.app.password)
  else log('the app connects as the role that owns the tables; set MIGRATION_DATABASE_URL to keep them apart (README, "Your own PostgreSQL")')

  const client = createDbClient(database.url, { max: 2 })
  const dbKey = credentialsKey(env.DATABASE_CREDENTIALS_KEY, dir, log)
  try {
    // A data migration SQL cannot do (it needs the key): a PagerDuty routing key saved before keys were encrypted.
    if ((await encryptPlainPagerDutyKey(client, dbKey, 'npm start')) === 'encrypted') log('encrypted the PagerDuty routing key saved in plain text')
    const wantDemo = demoSeedWanted({ seedDemo: env.SEED_DEMO, embeddedDatabase: database.embedded, simulatedAws: simulator !== null })
    if (wantDemo && !(await isDemoSeeded(client))) {
      const seeded = await seedDemo(client)
      log(`seeded demo data: ${seeded.users} users (password "incident-demo"), ${seeded.services} services`)
    }
    // The demo's PostgreSQL target for live diagnostics (and the game-day "database locks").
    if (wantDemo && database.embedded) {
      await ensureDemoDatabase(database.url, client, dbKey)
      log('demo database demo_orders registered as orders-db, on the RDS resource orders-db (Admin → Databases)')
    }
    if (simulator) {
      const made = await ensureSimulatorIntegration(client, simulator.sns.topics())
      if (made !== 'unchanged') log(`${made} the SNS alert integration "${SIMULATOR_INTEGRATION_NAME}" for the simulator's topics`)
    }
    if (env.ADMIN_EMAIL && env.ADMIN_PASSWORD) {
      const { created } = await ensureBootstrapAdmin(client, env.ADMIN_EMAIL, env.ADMIN_PASSWORD)
      if (created) log(`created the first admin, ${env.ADMIN_EMAIL}`)
    }
  } finally {
    await client.$disconnect()
  }

  const appEnv: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: database.appUrl,
    NEXTAUTH_SECRET: authSecret(env.NEXTAUTH_SECRET, dir, log),
    DATABASE_CREDENTIALS_KEY: dbKey,
    NEXTAUTH_URL: env.NEXTAUTH_URL ?? `http://localhost:${port}`,
    NEXT_TELEMETRY_DISABLED: '1',
    PORT: String(port),
    AWS_MODE: awsMode,
    ...(simulator ? { ...simulator.env(), AWS_SIMULATOR_URL: simulator.url } : {}),
    ...(tls ? { AWS_SIMULATOR_TLS: tls.address, AWS_SIMULATOR_CA_FILE: simulatorCa } : {}),
  }
  if (!dev) await buildIfStale({ ...appEnv, NODE_ENV: 'production' }, log, { onChild: (child) => (running.child = child) })
  if (stopping) return

  log(`serving on http://localhost:${port}${dev ? ' (development, hot reload)' : ''}`)
  running.child = serveApp({ dev, port, env: appEnv })
  if (simulator && env.AWS_SIMULATOR_ALERTS !== '0')
    void subscribeWhenUp(simulator, { appUrl: `http://localhost:${port}`, log, stopped: () => stopping }).catch((err: unknown) =>
      log(`could not subscribe the app to the simulator's alarms: ${(err as Error).message}`),
    )
  const code = await waitForExit(running.child)
  if (!stopping) {
    running.child = undefined
    await shutdown(code === 0 ? 0 : 1, code === 0 ? undefined : `the app exited with code ${code}`)
  }
}

main().catch(fail)
