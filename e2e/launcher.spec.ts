// The launcher as a user runs it, from copies of this project: under a private
// folder as root, stopped by a signal to npm, and installed by a second Unix user.
// These need no browser; they run in the end-to-end layer because the app is built
// by then, and the copies reuse that build.
import { execFileSync, spawn, spawnSync } from 'node:child_process'
import { connect, createServer } from 'node:net'
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'

const root = process.cwd()
const asRoot = process.getuid?.() === 0
const scratch = join(root, '.data', 'launcher-tests')

/**
 * A copy of the project, with its build when `build` (`cp -a` keeps the times the build's
 * fingerprint reads) but never the build's cache (hundreds of MB the copy does not read);
 * node_modules comes separately (linkModules).
 */
function copyProject(target: string, { build }: { build: boolean }) {
  mkdirSync(target, { recursive: true })
  for (const entry of readdirSync(root)) {
    if (['.data', '.git', 'test-results', 'playwright-report', 'node_modules', '.next'].includes(entry)) continue
    execFileSync('cp', ['-a', join(root, entry), join(target, entry)])
  }
  if (!build) return
  mkdirSync(join(target, '.next'))
  for (const entry of readdirSync(join(root, '.next'))) {
    if (entry !== 'cache') execFileSync('cp', ['-a', join(root, '.next', entry), join(target, '.next', entry)])
  }
}

/** node_modules as hard links; a real copy where the target is on another filesystem. */
function linkModules(target: string) {
  const linked = spawnSync('cp', ['-al', join(root, 'node_modules'), join(target, 'node_modules')])
  if (linked.status !== 0) {
    rmSync(join(target, 'node_modules'), { recursive: true, force: true })
    execFileSync('cp', ['-a', join(root, 'node_modules'), join(target, 'node_modules')])
  }
}

/** Whether `user` can walk down to `folder`. */
function reachableBy(user: string, folder: string) {
  for (let dir = folder; dir !== '/'; dir = join(dir, '..')) {
    if (spawnSync('runuser', ['-u', user, '--', 'test', '-x', dir]).status !== 0) return false
  }
  return true
}

/** The environment of a user who set nothing: no database, port or data folder of the test run's. */
function userEnv(extra: Record<string, string>) {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra }
  for (const name of ['DATABASE_URL', 'DATA_DIR', 'AWS_MODE', 'SEED_DEMO', 'E2E_DATA_DIR', 'E2E_DATABASE_URL']) delete env[name]
  return env
}

function portAnswers(port: number) {
  return new Promise<boolean>((done) => {
    const socket = connect(port, '127.0.0.1')
    socket.on('connect', () => {
      socket.destroy()
      done(true)
    })
    socket.on('error', () => done(false))
  })
}

async function freePort() {
  return new Promise<number>((done) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => done(typeof address === 'object' && address ? address.port : 0))
    })
  })
}

async function reachable(url: string) {
  return fetch(url).then(
    (r) => r.ok,
    () => false,
  )
}

test.describe('the launcher', () => {
  test.describe.configure({ timeout: 300_000 })
  test.beforeAll(() => rmSync(scratch, { recursive: true, force: true }))
  test.afterAll(() => rmSync(scratch, { recursive: true, force: true }))

  test('starts under a private folder as root, and SIGTERM to npm stops the app and Postgres', async () => {
    test.skip(!asRoot, 'only root runs Postgres as another user')
    mkdirSync(scratch, { recursive: true })
    const privateParent = mkdtempSync(join(scratch, 'home-'))
    chmodSync(privateParent, 0o700)
    const app = join(privateParent, 'app')
    copyProject(app, { build: true })
    linkModules(app)

    const port = await freePort()
    const npm = spawn('npm', ['start'], {
      cwd: app,
      env: userEnv({ PORT: String(port), NEXTAUTH_SECRET: 'launcher-test-secret-0123456789abcdefgh', LOG_LEVEL: 'warn' }),
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let output = ''
    npm.stdout.on('data', (chunk) => (output += chunk))
    npm.stderr.on('data', (chunk) => (output += chunk))
    const exited = new Promise<number | null>((done) => npm.on('exit', (code) => done(code)))

    const health = `http://localhost:${port}/api/health`
    await expect.poll(() => reachable(health), { timeout: 240_000, intervals: [500] }).toBe(true)
    expect(output, output).not.toContain('EACCES')
    expect(output).toContain('embedded Postgres listening')
    const pgPort = Number(/embedded Postgres listening on 127\.0\.0\.1:(\d+)/.exec(output)?.[1])
    expect(pgPort).toBeGreaterThan(0)

    const signalled = Date.now()
    npm.kill('SIGTERM')
    const code = await exited
    expect(code, output).toBe(0)
    expect(Date.now() - signalled).toBeLessThan(15_000)
    expect(output).toContain('[start] stopped the app and Postgres')
    expect(await reachable(health)).toBe(false)
    expect(await portAnswers(pgPort)).toBe(false)
    // The cluster of this throwaway copy, kept by root outside the private folder.
    const cluster = /\(data in (\/var\/lib\/incident-command\/clusters\/[0-9a-f]+)\)/.exec(output)?.[1]
    if (cluster) rmSync(cluster, { recursive: true, force: true })
    // No password file was left in the shared temporary folder.
    expect(readdirSync('/tmp').filter((name) => name.startsWith('pg-password-'))).toEqual([])
  })

  test('a second Unix user generates the Prisma client after root did', async () => {
    test.skip(!asRoot, 'needs root to act as another user')
    const user = 'incident-ci'
    if (spawnSync('id', ['-u', user]).status !== 0) execFileSync('useradd', ['--create-home', user])
    mkdirSync(scratch, { recursive: true })
    chmodSync(scratch, 0o755)
    // A checkout under a private folder (/root) is out of the user's reach: then the
    // copies go to a folder of their own under /var/tmp.
    const base = reachableBy(user, scratch) ? scratch : mkdtempSync('/var/tmp/incident-command-launcher-')
    chmodSync(base, 0o755)
    const first = join(base, 'root-copy')
    copyProject(first, { build: false })
    linkModules(first)
    const asRootRun = spawnSync('node', ['scripts/generate-prisma.mjs'], { cwd: first, encoding: 'utf8' })
    expect(asRootRun.status, asRootRun.stderr).toBe(0)

    const second = join(base, 'user-copy')
    copyProject(second, { build: false })
    // The user owns the copy; node_modules (hard links to root's files) stays root's.
    execFileSync('chown', ['-R', `${user}:${user}`, second])
    linkModules(second)
    expect(reachableBy(user, second)).toBe(true)
    rmSync(join(second, 'lib', 'db', 'generated'), { recursive: true, force: true })
    try {
      const asUser = spawnSync('runuser', ['-u', user, '--', 'node', 'scripts/generate-prisma.mjs'], { cwd: second, encoding: 'utf8' })
      expect(asUser.status, asUser.stderr).toBe(0)
      expect(existsSync(join(second, 'lib', 'db', 'generated', 'client.ts'))).toBe(true)
    } finally {
      if (base !== scratch) rmSync(base, { recursive: true, force: true })
    }
  })
})
