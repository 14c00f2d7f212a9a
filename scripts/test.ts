// npm test: every layer in order — typecheck, lint, unit, integration, end-to-end —
// with a summary line per layer and a closing "N passed, N failed" over all of them.
// Exits non-zero if any layer fails. Pass layer names to run only those
// (npm test -- unit integration).
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { stripVTControlCharacters } from 'node:util'
import { recreateDatabase } from '../lib/testing/test-database'
import { buildInBackground } from './lib/app'
import { projectRoot } from './lib/database'

type Outcome = { layer: string; passed: number; failed: number; skipped: number; note?: string; problems?: string[] }

const bin = (name: string) => join(projectRoot, 'node_modules', '.bin', name)
const resultsDir = join(projectRoot, 'test-results')
// The AWS SDK's Node 22 notice is for users (the README and npm start say it); tests run quiet.
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1', NODE_OPTIONS: '--no-deprecation', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' }

function run(command: string, args: string[], extraEnv: Record<string, string> = {}) {
  const started = Date.now()
  const result = spawnSync(command, args, { cwd: projectRoot, stdio: 'inherit', env: { ...env, ...extraEnv } })
  return { status: result.status ?? 1, seconds: ((Date.now() - started) / 1000).toFixed(1) }
}

function checkLayer(layer: string, command: string, args: string[]): Outcome {
  const { status, seconds } = run(command, args)
  return { layer, passed: status === 0 ? 1 : 0, failed: status === 0 ? 0 : 1, skipped: 0, note: `${seconds}s` }
}

/**
 * Unit and integration tests run at a clock about twelve hours from now and in another time
 * zone (Debian's faketime, when installed), so a test that depends on the hour, the date or
 * the zone fails here rather than at 03:00 in someone's hands. TEST_REAL_CLOCK=1 turns it off.
 */
function shiftedClock(): { prefix: string[]; env: Record<string, string>; label: string } {
  const hasFaketime = spawnSync('sh', ['-c', 'command -v faketime'], { stdio: 'ignore' }).status === 0
  if (!hasFaketime || process.env.TEST_REAL_CLOCK === '1') return { prefix: [], env: {}, label: 'real clock' }
  const at = new Date(Date.now() + (12 * 60 + 17) * 60_000).toISOString().replace('T', ' ').slice(0, 19)
  return { prefix: ['faketime', '-f', `@${at}`], env: { TZ: 'Pacific/Auckland' }, label: `clock ${at} UTC, TZ=Pacific/Auckland` }
}

function vitestLayer(layer: 'unit' | 'integration'): Outcome {
  const report = join(resultsDir, `${layer}-results.json`)
  rmSync(report, { force: true })
  const clock = shiftedClock()
  console.log(`(${clock.label})`)
  const args = ['run', '--project', layer, '--reporter=default', '--reporter=json', `--outputFile.json=${report}`]
  const [command, ...rest] = [...clock.prefix, bin('vitest'), ...args]
  const { status, seconds } = run(command!, rest, clock.env)
  if (!existsSync(report)) return { layer, passed: 0, failed: 1, skipped: 0, note: `no report (exit ${status})` }
  const r = JSON.parse(readFileSync(report, 'utf8'))
  const failed = r.numFailedTests + (status !== 0 && r.numFailedTests === 0 ? 1 : 0)
  return { layer, passed: r.numPassedTests, failed, skipped: r.numPendingTests + r.numTodoTests, note: `${seconds}s` }
}

/**
 * The end-to-end layer's `next build` (minutes on two cores) starts with the integration layer,
 * which runs its files one at a time and leaves a core mostly idle; the build, under `nice`,
 * takes what that layer leaves, and the launcher in the e2e layer then finds it up to date.
 * Only once the typecheck layer passed (the build skips its own type check) and when the e2e
 * layer is to run; EARLY_BUILD=0 leaves the build to the e2e layer.
 */
let earlyBuild: Promise<string> | undefined

async function e2eLayer(): Promise<Outcome> {
  const layer = 'e2e'
  if (earlyBuild) console.log(await earlyBuild)
  const extra: Record<string, string> = {}
  if (process.env.DATABASE_URL) {
    // A database of the tests' own on the given server; never the one in DATABASE_URL.
    extra.E2E_DATABASE_URL = await recreateDatabase(process.env.DATABASE_URL, 'incident_command_test_e2e')
  } else {
    extra.E2E_DATA_DIR = join(projectRoot, '.data', 'e2e')
    rmSync(extra.E2E_DATA_DIR, { recursive: true, force: true })
  }
  // The typecheck layer passed in this run: the build need not check the same types again.
  if (typesChecked) extra.TYPECHECKED = '1'
  const report = join(resultsDir, 'e2e-results.json')
  rmSync(report, { force: true })
  const { status, seconds } = run(bin('playwright'), ['test'], extra)
  if (!existsSync(report)) return { layer, passed: 0, failed: 1, skipped: 0, note: `no report (exit ${status})` }
  const json = JSON.parse(readFileSync(report, 'utf8')) as PlaywrightReport
  const stats = json.stats
  const failed = stats.unexpected + (status !== 0 && stats.unexpected === 0 ? 1 : 0)
  return {
    layer,
    passed: stats.expected + stats.flaky,
    failed,
    skipped: stats.skipped,
    note: `${seconds}s${stats.flaky ? `, ${stats.flaky} flaky` : ''}`,
    problems: problemsOf(json),
  }
}

type PlaywrightSuite = {
  title: string
  suites?: PlaywrightSuite[]
  specs?: { title: string; file: string; line: number; tests: { status: string; results: { status: string; error?: { message?: string } }[] }[] }[]
}
type PlaywrightReport = { stats: { expected: number; unexpected: number; flaky: number; skipped: number }; suites: PlaywrightSuite[] }

/**
 * Each failed or flaky test with the first lines of each failed attempt's error, for the end of the
 * output: a long run's log may be cut from the top, and the summary is what stays.
 */
function problemsOf(report: PlaywrightReport): string[] {
  const out: string[] = []
  const walk = (suite: PlaywrightSuite) => {
    for (const spec of suite.specs ?? []) {
      for (const test of spec.tests) {
        if (test.status !== 'unexpected' && test.status !== 'flaky') continue
        out.push(`${test.status === 'flaky' ? 'flaky' : 'FAILED'}: ${spec.file}:${spec.line} ${spec.title}`)
        test.results.forEach((r, i) => {
          if (r.status === 'passed' || r.status === 'skipped') return
          const lines = stripVTControlCharacters(r.error?.message ?? r.status)
            .split('\n')
            .filter((l) => l.trim())
            .slice(0, 8)
          out.push(`  attempt ${i + 1} (${r.status}):`, ...lines.map((l) => `    ${l.slice(0, 300)}`))
        })
      }
    }
    for (const child of suite.suites ?? []) walk(child)
  }
  for (const suite of report.suites) walk(suite)
  return out
}

let typesChecked = false

const layers: Record<string, () => Outcome | Promise<Outcome>> = {
  typecheck: () => {
    const outcome = checkLayer('typecheck', bin('tsc'), ['--noEmit'])
    typesChecked = outcome.failed === 0
    return outcome
  },
  // ESLint (the architecture's boundaries), Prettier (one format) and knip (no dead exports), as npm run lint.
  lint: () => {
    const eslint = checkLayer('lint', bin('eslint'), ['--max-warnings=0', '.'])
    const format = checkLayer('lint', bin('prettier'), ['--check', '--log-level=warn', '.'])
    const deadCode = checkLayer('lint', bin('knip'), ['--include', 'exports,types,files', '--no-config-hints'])
    const all = [eslint, format, deadCode]
    return {
      layer: 'lint',
      passed: all.every((o) => o.passed) ? 1 : 0,
      failed: all.some((o) => o.failed) ? 1 : 0,
      skipped: 0,
      note: all.map((o) => o.note).join(' + '),
    }
  },
  unit: () => vitestLayer('unit'),
  integration: () => {
    // The log goes beside the e2e data: Playwright empties test-results when it starts.
    if (typesChecked && wanted('e2e') && process.env.EARLY_BUILD !== '0') {
      mkdirSync(join(projectRoot, '.data'), { recursive: true })
      earlyBuild = buildInBackground(join(projectRoot, '.data', 'e2e-build.log'), env)
    }
    return vitestLayer('integration')
  },
  e2e: e2eLayer,
}

const asked = process.argv.slice(2)
const wanted = (layer: string) => asked.length === 0 || asked.includes(layer)

async function main() {
  const unknown = asked.filter((name) => !(name in layers))
  if (unknown.length) throw new Error(`unknown layer ${unknown.join(', ')}; layers: ${Object.keys(layers).join(', ')}`)
  mkdirSync(resultsDir, { recursive: true })
  const outcomes: Outcome[] = []
  for (const [name, runLayer] of Object.entries(layers)) {
    if (!wanted(name)) continue
    console.log(`\n=== ${name} ===`)
    outcomes.push(await runLayer())
  }
  const problems = outcomes.flatMap((o) => o.problems ?? [])
  if (problems.length) console.log(`\n=== failed and flaky tests ===\n${problems.join('\n')}`)
  console.log('\n=== summary ===')
  for (const o of outcomes) {
    console.log(`${o.layer.padEnd(12)} ${o.passed} passed, ${o.failed} failed${o.skipped ? `, ${o.skipped} skipped` : ''}${o.note ? ` (${o.note})` : ''}`)
  }
  const passed = outcomes.reduce((n, o) => n + o.passed, 0)
  const failed = outcomes.reduce((n, o) => n + o.failed, 0)
  const skipped = outcomes.reduce((n, o) => n + o.skipped, 0)
  console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`)
  process.exit(failed > 0 ? 1 : 0)
}

main().catch((err) => {
  console.error(`error: ${err instanceof Error ? err.message : String(err)}`)
  console.log('0 passed, 1 failed')
  process.exit(1)
})
