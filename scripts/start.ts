// npm start / npm run dev: one command from a fresh clone to a running app.
//   - validates the configuration (one line naming a bad variable);
//   - uses DATABASE_URL, or starts the embedded Postgres (data kept under .data/);
//   - applies pending migrations; seeds the demo data on the embedded database's
//     first start (or where SEED_DEMO=1 asks); creates the first admin from
//     ADMIN_EMAIL / ADMIN_PASSWORD;
//   - builds the app when the sources changed since the last build, then serves it;
//   - on Ctrl-C stops the app, then Postgres.
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { awsModeOf, ConfigError, parseEnv } from '../lib/config/env-schema.js'
import { startSimulator } from '../lib/aws/simulator'
import { createDbClient } from '../lib/db/create-client'
import { applyMigrations } from '../lib/db/migrations'
import { ensureBootstrapAdmin } from '../lib/users/bootstrap'
import { isDemoSeeded, seedDemo } from '../prisma/seed'
import { authSecret, buildIfStale, nextBin, waitForExit } from './lib/app'
import { dataDir as resolveDataDir, die, openDatabase, projectRoot } from './lib/database'

const dev = process.argv.includes('--dev')
const log = (line: string) => console.log(`[start] ${line}`)

async function main() {
  const env = parseEnv(process.env)
  const port = env.PORT ?? 3000
  const dir = resolveDataDir(env.DATA_DIR)
  const database = await openDatabase({ databaseUrl: env.DATABASE_URL, dataDir: dir, log })

  const awsMode = awsModeOf(process.env)
  const simulator = awsMode === 'simulated' ? await startSimulator({ host: '127.0.0.1' }) : null
  if (simulator) {
    log(`AWS simulator on ${simulator.url} (demo fleet; inject failures on /admin/game-day or with npm run gameday). Set AWS_MODE=aws for real AWS.`)
    mkdirSync(dir, { recursive: true })
    writeFileSync(join(dir, 'simulator.json'), JSON.stringify({ url: simulator.url, pid: process.pid }))
  }
  else log(`using real AWS (region ${env.AWS_REGION ?? 'from your AWS configuration'})`)

  let child: ChildProcess | undefined
  let stopping = false
  const shutdown = async (code: number) => {
    if (stopping) return
    stopping = true
    if (child && child.exitCode === null) {
      child.kill('SIGTERM')
      await waitForExit(child)
    }
    await simulator?.stop().catch(() => undefined)
    await database.stop().catch(() => undefined)
    log(database.embedded ? 'stopped the app and Postgres' : 'stopped the app')
    process.exit(code)
  }
  process.on('SIGINT', () => void shutdown(0))
  process.on('SIGTERM', () => void shutdown(0))

  try {
    const applied = await applyMigrations(database.url)
    log(applied.length ? `applied migrations: ${applied.join(', ')}` : 'database schema is up to date')

    const client = createDbClient(database.url, { max: 2 })
    try {
      const wantDemo = env.SEED_DEMO === '1' || (database.embedded && env.SEED_DEMO !== '0')
      if (wantDemo && !(await isDemoSeeded(client))) {
        const seeded = await seedDemo(client)
        log(`seeded demo data: ${seeded.users} users (password "incident-demo"), ${seeded.services} services`)
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
      DATABASE_URL: database.url,
      NEXTAUTH_SECRET: authSecret(env.NEXTAUTH_SECRET, dir, log),
      NEXTAUTH_URL: env.NEXTAUTH_URL ?? `http://localhost:${port}`,
      NEXT_TELEMETRY_DISABLED: '1',
      PORT: String(port),
      AWS_MODE: awsMode,
      ...(simulator ? { ...simulator.env(), AWS_SIMULATOR_URL: simulator.url } : {}),
    }
    if (!dev) buildIfStale({ ...appEnv, NODE_ENV: 'production' }, log)

    log(`serving on http://localhost:${port}${dev ? ' (development, hot reload)' : ''}`)
    child = spawn(process.execPath, [nextBin, dev ? 'dev' : 'start', '-p', String(port)], {
      cwd: projectRoot,
      env: { ...appEnv, NODE_ENV: dev ? 'development' : 'production' },
      stdio: 'inherit',
    })
    const code = await waitForExit(child)
    await shutdown(code)
  } catch (err) {
    await simulator?.stop().catch(() => undefined)
    await database.stop().catch(() => undefined)
    throw err
  }
}

main().catch((err) => die(err instanceof ConfigError ? err.message : err))
