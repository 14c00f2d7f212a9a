// npm run bench:auth — a password spray against the built app: does sign-in slow
// everyone else down, and can the real user still sign in?
//   BENCH_ATTACKERS (20 connections), BENCH_SECONDS (20, the attack), BENCH_BASELINE_SECONDS (8)
// The app runs as behind one proxy (AUTH_TRUSTED_PROXIES=1), so the attacker and the real
// user can come from two addresses while both connect from this machine. The spray runs in a
// process of its own (this script with `--spray`), as an attacker would be elsewhere: in one
// event loop with the health poller it delayed the poller's own measurements.
import { spawn } from 'node:child_process'
import { hashPassword } from '../lib/auth/password'
import { runBench, type BenchContext } from './lib/bench'
import { percentile } from './lib/session'

const attackers = Number(process.env.BENCH_ATTACKERS ?? 20)
const seconds = Number(process.env.BENCH_SECONDS ?? 20)
const baselineSeconds = Number(process.env.BENCH_BASELINE_SECONDS ?? 8)
const victim = { email: 'victim@example.com', password: 'the-real-password-1' }
const attackerAddress = '203.0.113.66'
const userAddress = '198.51.100.7'
const fixedCodes = /^(CredentialsSignin|(LOCKED|THROTTLED):\d+|SSO_ONLY|DISABLED|UNAVAILABLE)$/

/** A CSRF token and its cookie from `address`, as a browser gets them from the sign-in page. */
async function csrf(base: string, address: string) {
  const res = await fetch(`${base}/api/auth/csrf`, { headers: { 'x-forwarded-for': address } })
  const { csrfToken } = (await res.json()) as { csrfToken: string }
  return { csrfToken, cookie: res.headers.getSetCookie().map((c) => c.split(';')[0]) }
}

/** One sign-in attempt from `address`; the session cookie when it worked, and the error code otherwise. */
async function attempt(base: string, address: string, email: string, password: string, form = csrf(base, address)) {
  const { csrfToken, cookie: jar } = await form
  const res = await fetch(`${base}/api/auth/callback/credentials`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: jar.join('; '), 'x-forwarded-for': address },
    body: new URLSearchParams({ csrfToken, email, password, json: 'true' }),
  })
  const session = res.headers.getSetCookie().find((c) => c.includes('session-token='))
  const location = res.headers.get('location') ?? ((await res.json().catch(() => null)) as { url?: string } | null)?.url ?? ''
  const error = location ? new URL(location, base).searchParams.get('error') : null
  return { session: session ? [...jar, session.split(';')[0]].join('; ') : null, error, status: res.status }
}

/** Polls /api/health (two pollers, one request each 25 ms) until `until`; the latencies in ms. */
async function pollHealth(base: string, until: number) {
  const latencies: number[] = []
  await Promise.all(
    [0, 1].map(async () => {
      while (Date.now() < until) {
        const started = performance.now()
        const res = await fetch(`${base}/api/health`)
        await res.arrayBuffer()
        latencies.push(performance.now() - started)
        await new Promise((r) => setTimeout(r, 25))
      }
    }),
  )
  return latencies.sort((a, b) => a - b)
}

type SprayResult = { attempts: number; codes: Record<string, number>; leaked: number }

/** `attackers` connections posting wrong passwords from the attacker's address until `end`. */
async function spray(base: string, end: number): Promise<SprayResult> {
  const codes: Record<string, number> = {}
  let attempts = 0
  let leaked = 0
  await Promise.all(
    Array.from({ length: attackers }, async (_, i) => {
      // Each connection fetches the sign-in form's CSRF token once, then posts as fast as it can.
      const form = csrf(base, attackerAddress)
      while (Date.now() < end) {
        const email = i % 2 === 0 ? victim.email : `guess-${attempts}@example.com`
        const r = await attempt(base, attackerAddress, email, `wrong-${attempts++}`, form).catch(() => ({ error: 'NETWORK', session: null, status: 0 }))
        const code = r.error ?? (r.session ? 'SIGNED_IN' : `HTTP_${r.status}`)
        codes[code] = (codes[code] ?? 0) + 1
        if (r.error && !fixedCodes.test(r.error)) leaked++
      }
    }),
  )
  return { attempts, codes, leaked }
}

/** Runs `spray` in a child process (this script with `--spray`); its result is the child's last line. */
function sprayFromChild(base: string, end: number) {
  const child = spawn(process.execPath, [...process.execArgv, process.argv[1], '--spray', base, String(end)], { stdio: ['ignore', 'pipe', 'inherit'] })
  let out = ''
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk))
  return new Promise<SprayResult>((resolve, reject) =>
    child.on('exit', (code) =>
      code === 0 ? resolve(JSON.parse(out.trim().split('\n').pop()!) as SprayResult) : reject(new Error(`the spray exited ${code}`)),
    ),
  )
}

/** Baseline, then the spray with the real user signing in half-way; prints the figures. */
async function measure({ log, db, serve }: BenchContext) {
  await db.user.create({ data: { email: victim.email, name: 'Victim', role: 'VIEWER', passwordHash: await hashPassword(victim.password) } })
  const app = await serve({ AUTH_TRUSTED_PROXIES: '1' })
  const base = app.base
  await pollHealth(base, Date.now() + 1000) // warm up

  log(`baseline: /api/health for ${baselineSeconds} s…`)
  const baseline = await pollHealth(base, Date.now() + baselineSeconds * 1000)

  log(`attack: ${attackers} connections spraying wrong passwords from ${attackerAddress} for ${seconds} s…`)
  const end = Date.now() + seconds * 1000
  const spray = sprayFromChild(base, end)
  const healthUnderAttack = pollHealth(base, end)
  // Half-way through, the real user signs in from their own address.
  await new Promise((r) => setTimeout(r, (seconds * 1000) / 2))
  const real = await attempt(base, userAddress, victim.email, victim.password)
  const signedIn =
    real.session !== null && (await fetch(`${base}/api/auth/session`, { headers: { cookie: real.session } }).then((r) => r.json())).user?.email === victim.email
  const [attack, { attempts, codes, leaked }] = await Promise.all([healthUnderAttack, spray])

  const p95Base = percentile(baseline, 95)
  const p95Attack = percentile(attack, 95)
  log(`baseline: ${baseline.length} requests, p50 ${percentile(baseline, 50).toFixed(1)} ms, p95 ${p95Base.toFixed(1)} ms`)
  log(`under attack: ${attack.length} requests, p50 ${percentile(attack, 50).toFixed(1)} ms, p95 ${p95Attack.toFixed(1)} ms`)
  log(
    `sign-in attempts: ${attempts}; outcomes: ${Object.entries(codes)
      .map(([k, v]) => `${k}=${v}`)
      .join(' ')}; errors outside the fixed codes: ${leaked}`,
  )
  log(`real user from ${userAddress}: ${signedIn ? 'signed in' : `refused (${real.error ?? real.status})`}`)
  log(`targets: attack p95 <= 2 x baseline (${(2 * p95Base).toFixed(1)} ms) and < 200 ms; the real user signs in`)
  console.log(`bench:auth health_p95_baseline_ms=${p95Base.toFixed(1)} health_p95_attack_ms=${p95Attack.toFixed(1)} real_user_signed_in=${signedIn}`)
}

const sprayArgs = process.argv.indexOf('--spray')
if (sprayArgs < 0) runBench('auth', measure)
else
  spray(process.argv[sprayArgs + 1], Number(process.argv[sprayArgs + 2])).then(
    (result) => {
      console.log(JSON.stringify(result))
      process.exit(0)
    },
    (err) => {
      console.error(`bench:auth spray failed: ${err instanceof Error ? err.message : String(err)}`)
      process.exit(1)
    },
  )
