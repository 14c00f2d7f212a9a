// Building and serving the Next.js app: shared by the launcher and the benchmarks.
import { spawn, type ChildProcess } from 'node:child_process'
import { createHash, randomBytes } from 'node:crypto'
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { freePort } from '../../lib/db/embedded'
import { projectRoot } from './database'

export const nextBin = join(projectRoot, 'node_modules', 'next', 'dist', 'bin', 'next')
/** `next start` plus the peer address on every request (see the script). */
const serveScript = join(projectRoot, 'scripts', 'serve-app.mjs')

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

type BuildOptions = {
  /** Gets the build process, so a signal can stop it. */
  onChild?: (child: ChildProcess) => void
  /** An open file for the build's output (else ours). */
  output?: number
  /** Runs the build under `nice`, to take only the CPU that others leave. */
  nice?: boolean
}

/** Builds the app when its sources changed. */
export async function buildIfStale(env: NodeJS.ProcessEnv, log: (line: string) => void, { onChild, output, nice }: BuildOptions = {}) {
  const stampFile = join(projectRoot, '.next', 'source-fingerprint')
  const fingerprint = sourceFingerprint()
  const built = existsSync(join(projectRoot, '.next', 'BUILD_ID')) && existsSync(stampFile)
  if (built && readFileSync(stampFile, 'utf8') === fingerprint && process.env.FORCE_BUILD !== '1') {
    log('the build is up to date')
    return
  }
  log('building the app (next build, a minute or two the first time)…')
  const command = [process.execPath, nextBin, 'build']
  if (nice) command.unshift('nice', '-n', '10')
  const build = spawn(command[0]!, command.slice(1), { cwd: projectRoot, env, stdio: output === undefined ? 'inherit' : ['ignore', output, output] })
  onChild?.(build)
  const status = await waitForExit(build)
  if (status !== 0) throw new Error('next build failed (see above)')
  writeFileSync(stampFile, fingerprint)
}

/**
 * buildIfStale for the e2e layer ahead of time, under `nice` and with its output in `logFile`,
 * with the type check left out (TYPECHECKED=1: the caller checked them). Resolves to one line
 * for the log, or to the end of the build's output when it failed (the launcher then builds again).
 */
export function buildInBackground(logFile: string, env: NodeJS.ProcessEnv): Promise<string> {
  const output = openSync(logFile, 'w')
  const started = Date.now()
  const lines: string[] = []
  // The build validates the configuration (next.config.js); nothing connects to this database.
  const buildEnv: NodeJS.ProcessEnv = {
    ...env,
    NODE_ENV: 'production',
    TYPECHECKED: '1',
    DATABASE_URL: 'postgresql://build@127.0.0.1:9/build',
    NEXTAUTH_SECRET: 'build-only-0123456789abcdefghijklmn',
  }
  return buildIfStale(buildEnv, (line) => lines.push(line), { output, nice: true })
    .then(
      () =>
        `(${lines.join('; ') || 'built'}, in ${((Date.now() - started) / 1000).toFixed(1)}s in the background; output in ${relative(projectRoot, logFile)})`,
      (err: unknown) => {
        const tail = readFileSync(logFile, 'utf8').split('\n').slice(-30).join('\n')
        return `${tail}\n(the background build failed: ${(err as Error).message}; the launcher builds again)`
      },
    )
    .finally(() => closeSync(output))
}

/** NEXTAUTH_SECRET, or one generated on first start and kept beside the data. */
export function authSecret(configured: string | undefined, dir: string, log: (line: string) => void) {
  if (configured) return configured
  const file = join(dir, 'nextauth-secret')
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true })
    writeFileSync(file, randomBytes(32).toString('base64url'), { mode: 0o600 })
    log(`generated a session secret in ${relative(projectRoot, file)} (set NEXTAUTH_SECRET to choose your own)`)
  }
  return readFileSync(file, 'utf8').trim()
}

/** DATABASE_CREDENTIALS_KEY, or one generated once and kept in the data folder (like the session secret). */
export function credentialsKey(configured: string | undefined, dir: string, log: (line: string) => void) {
  if (configured) return configured
  const file = join(dir, 'database-credentials-key')
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true })
    writeFileSync(file, randomBytes(32).toString('base64url'), { mode: 0o600 })
    log(`generated a key for database passwords in ${relative(projectRoot, file)} (set DATABASE_CREDENTIALS_KEY to choose your own)`)
  }
  return readFileSync(file, 'utf8').trim()
}

/** The app (built, or `next dev`) in the foreground. */
export function serveApp(opts: { dev: boolean; port: number; env: NodeJS.ProcessEnv }) {
  return spawn(process.execPath, [serveScript, '--port', String(opts.port), ...(opts.dev ? ['--dev'] : [])], {
    cwd: projectRoot,
    env: { ...opts.env, NODE_ENV: opts.dev ? 'development' : 'production' },
    stdio: 'inherit',
  })
}

/** SIGTERM, and SIGKILL when the process is still there after eight seconds. */
export async function stopChild(child: ChildProcess) {
  if (child.exitCode !== null || child.signalCode !== null) return
  const force = setTimeout(() => child.kill('SIGKILL'), 8_000)
  child.kill('SIGTERM')
  await waitForExit(child)
  clearTimeout(force)
}

/**
 * The AWS SDK warns on every start that its releases after January 2027 need Node 22.
 * We say it once, in our words, and keep its multi-line warning out of the logs.
 */
export function nodeVersionNote() {
  const major = Number(process.versions.node.split('.')[0])
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true'
  if (major >= 22) return undefined
  return `Node ${process.versions.node} works; AWS SDK releases after January 2027 need Node 22, so upgrade Node before updating dependencies then`
}

export function waitForExit(child: ChildProcess) {
  return new Promise<number>((done) => {
    if (child.exitCode !== null) return done(child.exitCode)
    child.once('exit', (code, signal) => done(code ?? (signal ? 1 : 0)))
  })
}

/**
 * Builds the app if needed and serves it on a free port against the given database
 * and AWS simulator, for the benchmarks. `output` keeps its last 40 lines.
 */
export async function serveForBench(opts: {
  databaseUrl: string
  simulator: { url: string; env(): Record<string, string> }
  log: (line: string) => void
  env?: Record<string, string>
}) {
  const port = await freePort()
  const base = `http://localhost:${port}`
  const env = {
    ...process.env,
    ...opts.simulator.env(),
    AWS_MODE: 'simulated',
    AWS_SIMULATOR_URL: opts.simulator.url,
    DATABASE_URL: opts.databaseUrl,
    NEXTAUTH_SECRET: 'bench-secret-0123456789abcdefghijklmnop',
    NEXTAUTH_URL: base,
    NEXT_TELEMETRY_DISABLED: '1',
    LOG_LEVEL: 'warn',
    ...opts.env,
  }
  await buildIfStale({ ...env, NODE_ENV: 'production' }, opts.log)
  // BENCH_APP_NODE_ARGS: node flags for the app process, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`
  // (NODE_OPTIONS refuses --cpu-prof).
  const nodeArgs = (process.env.BENCH_APP_NODE_ARGS ?? '').split(' ').filter(Boolean)
  const app = spawn(process.execPath, [...nodeArgs, serveScript, '--port', String(port)], {
    cwd: projectRoot,
    env: { ...env, NODE_ENV: 'production' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const output: string[] = []
  for (const stream of [app.stdout, app.stderr]) {
    stream?.setEncoding('utf8')
    stream?.on('data', (chunk: string) => {
      output.push(...chunk.split('\n').filter(Boolean))
      output.splice(0, Math.max(0, output.length - 40))
    })
  }
  const stop = () => stopChild(app)
  for (let i = 0; ; i++) {
    if ((await fetch(`${base}/api/health`).catch(() => null))?.ok) break
    if (app.exitCode !== null || i > 300) {
      await stop()
      throw new Error(`the app did not start (exit ${app.exitCode}):\n${output.join('\n')}`)
    }
    await new Promise((r) => setTimeout(r, 100))
  }
  /** Ends the process at once (SIGKILL), as a crashed instance: nothing is let go cleanly. */
  const kill = async () => {
    if (app.exitCode === null && app.signalCode === null) app.kill('SIGKILL')
    await waitForExit(app)
  }
  return { base, output, stop, kill, pid: app.pid }
}

/**
 * Whether `npm start` seeds the demo: when asked (SEED_DEMO=1), or on its own embedded
 * database beside the AWS simulator. Never beside real AWS unless asked: the demo's
 * accounts, an admin among them, share a public password.
 */
export function demoSeedWanted(opts: { seedDemo?: string; embeddedDatabase: boolean; simulatedAws: boolean }) {
  if (opts.seedDemo === '1') return true
  if (opts.seedDemo === '0') return false
  return opts.embeddedDatabase && opts.simulatedAws
}
