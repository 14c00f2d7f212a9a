// npm start / npm run dev: one command from a fresh clone to a running app.
//   - validates the configuration (one line naming a bad variable);
//   - uses DATABASE_URL, or starts the embedded Postgres (data kept under .data/);
//   - applies pending migrations; seeds the demo data on the embedded database's
//     first start (or where SEED_DEMO=1 asks); creates the first admin from
//     ADMIN_EMAIL / ADMIN_PASSWORD;
//   - builds the app when the sources changed since the last build, then serves it;
//   - on Ctrl-C stops the app, then Postgres.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { createHash, randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { awsModeOf, ConfigError, parseEnv } from '../lib/config/env-schema.js'
import { startSimulator } from '../lib/aws/simulator'
import { createDbClient } from '../lib/db/create-client'
import { applyMigrations } from '../lib/db/migrations'
import { ensureBootstrapAdmin } from '../lib/users/bootstrap'
import { isDemoSeeded, seedDemo } from '../prisma/seed'
import { dataDir as resolveDataDir, die, openDatabase, projectRoot } from './lib/database'

const dev = process.argv.includes('--dev')
const log = (line: string) => console.log(`[start] ${line}`)
const nextBin = join(projectRoot, 'node_modules', 'next', 'dist', 'bin', 'next')

const buildInputs = ['app', 'components', 'lib', 'public', 'types', 'proxy.ts', 'next.config.js', 'package-lock.json', 'postcss.config.mjs', 'tsconfig.json']

/** A cheap fingerprint of everything the build reads: paths, sizes and modification times. */
function sourceFingerprint() {
  const hash = createHash('sha256')
  const visit = (path: string) => {
    if (!existsSync(path)) return
    const stat = statSync(path)
    if (stat.isDirectory()) {
      for (const entry of readdirSync(path).sort()) if (!entry.endsWith('.test.ts')) visit(join(path, entry))
    } else {
      hash.update(`${relative(projectRoot, path)}:${stat.size}:${stat.mtimeMs}\n`)
    }
  }
  for (const input of buildInputs) visit(join(projectRoot, input))
  return hash.digest('hex')
}

function buildIfStale(env: NodeJS.ProcessEnv) {
  const stampFile = join(projectRoot, '.next', 'source-fingerprint')
  const fingerprint = sourceFingerprint()
  const built = existsSync(join(projectRoot, '.next', 'BUILD_ID')) && existsSync(stampFile)
  if (built && readFileSync(stampFile, 'utf8') === fingerprint && process.env.FORCE_BUILD !== '1') {
    log('the build is up to date')
    return
  }
  log('building the app (next build)…')
  const result = spawnSync(process.execPath, [nextBin, 'build'], { cwd: projectRoot, env, stdio: 'inherit' })
  if (result.status !== 0) throw new Error('next build failed (see above)')
  writeFileSync(stampFile, fingerprint)
}

/** NEXTAUTH_SECRET, or one generated on first start and kept beside the data. */
function authSecret(configured: string | undefined, dir: string) {
  if (configured) return configured
  const file = join(dir, 'nextauth-secret')
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true })
    writeFileSync(file, randomBytes(32).toString('base64url'), { mode: 0o600 })
    log(`generated a session secret in ${relative(projectRoot, file)} (set NEXTAUTH_SECRET to choose your own)`)
  }
  return readFileSync(file, 'utf8').trim()
}

function waitForExit(child: ChildProcess) {
  return new Promise<number>((done) => {
    if (child.exitCode !== null) return done(child.exitCode)
    child.once('exit', (code, signal) => done(code ?? (signal ? 1 : 0)))
  })
}

async function main() {
  const env = parseEnv(process.env)
  const port = env.PORT ?? 3000
  const dir = resolveDataDir(env.DATA_DIR)
  const database = await openDatabase({ databaseUrl: env.DATABASE_URL, dataDir: dir, log })

  const awsMode = awsModeOf(process.env)
  const simulator = awsMode === 'simulated' ? await startSimulator({ host: '127.0.0.1' }) : null
  if (simulator) log(`AWS simulator on ${simulator.url} (demo fleet; inject failures on /admin/game-day). Set AWS_MODE=aws for real AWS.`)
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
      NEXTAUTH_SECRET: authSecret(env.NEXTAUTH_SECRET, dir),
      NEXTAUTH_URL: env.NEXTAUTH_URL ?? `http://localhost:${port}`,
      NEXT_TELEMETRY_DISABLED: '1',
      PORT: String(port),
      AWS_MODE: awsMode,
      ...(simulator ? { ...simulator.env(), AWS_SIMULATOR_URL: simulator.url } : {}),
    }
    if (!dev) buildIfStale({ ...appEnv, NODE_ENV: 'production' })

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
