// npm run bench:scaleout — two instances of the built app on one Postgres and one AWS
// simulator, requests alternating between them. Proves, or exits 1:
//   - one AWS refresh of the board per interval across both (DescribeServices per cycle as for one instance);
//   - one request sent to both at once (same idempotency key) makes exactly one UpdateService;
//   - the per-service lock, the cooldown and two-person approval hold across instances;
//   - a change made on one instance is read from the other within one poll interval;
//   - one background worker leads at a time (a Postgres session advisory lock), and when its
//     instance is killed the other takes over and finishes what the dead one left running.
//   BENCH_SERVICES (40), BENCH_HEALTH_SECONDS (25)
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { hashPassword } from '../lib/auth/password'
import { generatedFleet } from '../lib/simulator'
import { catalogSimulatorFleet, runBench, type BenchContext } from './lib/bench'
import { projectRoot } from './lib/database'
import { signInCookie } from './lib/session'

const serviceCount = Number(process.env.BENCH_SERVICES ?? 40)
const healthSeconds = Number(process.env.BENCH_HEALTH_SECONDS ?? 25)
const REFRESH_MS = 10_000
const POLL_MS = 3_000
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const LEADER_SQL = `SELECT l.pid FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
  WHERE l.locktype = 'advisory' AND l.granted AND a.application_name LIKE 'incident-command leader remediation-worker%'`

let updateServiceCalls = 0

type Instance = { name: string; base: string; kill(): Promise<void>; cookies: Record<string, string> }
type ActionRef = { id: string; path: string }
type Result = { ok: true; data: { id: string; created?: boolean } } | { ok: false; code: string; message: string }

/** The id of a server action in this build, and a page that serves it (from Next's manifest); `params` fill a dynamic page's segments. */
function actionRef(file: string, name: string, params: Record<string, string> = {}): ActionRef {
  const manifest = JSON.parse(readFileSync(join(projectRoot, '.next', 'server', 'server-reference-manifest.json'), 'utf8')) as {
    node: Record<string, { workers: Record<string, unknown>; filename?: string; exportedName?: string }>
  }
  for (const [id, entry] of Object.entries(manifest.node)) {
    if (entry.filename !== file || entry.exportedName !== name) continue
    const pages = Object.keys(entry.workers).sort((x, y) => Number(x.includes('[')) - Number(y.includes('[')))
    for (const page of pages) {
      const path = page
        .replace(/^app/, '')
        .replace(/\/\([^)]+\)/g, '')
        .replace(/\/page$/, '')
        .replace(/\[(\w+)\]/g, (_, k: string) => params[k] ?? `[${k}]`)
      if (!path.includes('[')) return { id, path: path || '/' }
    }
  }
  throw new Error(`no server action ${name} in ${file} in this build`)
}

/** Calls a server action over HTTP, as the browser does. */
async function call(app: Instance, who: string, action: ActionRef, input: unknown): Promise<Result> {
  const res = await fetch(`${app.base}${action.path}`, {
    method: 'POST',
    headers: {
      cookie: app.cookies[who],
      'next-action': action.id,
      'content-type': 'text/plain;charset=UTF-8',
      accept: 'text/x-component',
      origin: app.base,
    },
    body: JSON.stringify([input]),
  })
  const text = await res.text()
  const line = text.split('\n').find((l) => /^1:\{"ok":/.test(l))
  if (!line) throw new Error(`${action.path} ${res.status}: no action result in ${text.slice(0, 300)}`)
  return JSON.parse(line.slice(2)) as Result
}

async function getJson<T>(app: Instance, path: string): Promise<T> {
  const res = await fetch(`${app.base}${path}`, { headers: { cookie: app.cookies.responder } })
  if (!res.ok) throw new Error(`${app.name} ${path}: HTTP ${res.status}`)
  return (await res.json()) as T
}

async function until(what: string, check: () => Promise<boolean>, timeoutMs: number, everyMs = 100) {
  const end = Date.now() + timeoutMs
  while (Date.now() < end) {
    if (await check()) return true
    await sleep(everyMs)
  }
  throw new Error(`${what}: not within ${timeoutMs} ms`)
}

async function measure({ log, sim, db, serve }: BenchContext): Promise<string | void> {
  const failures: string[] = []
  const expect = (ok: boolean, what: string) => {
    if (!ok) failures.push(what)
    log(`${ok ? 'ok  ' : 'FAIL'} ${what}`)
  }
  const password = await hashPassword('bench-password')
  const people = { responder: 'RESPONDER', commander1: 'COMMANDER', commander2: 'COMMANDER' } as const
  for (const [who, role] of Object.entries(people)) await db.user.create({ data: { email: `${who}@example.com`, name: who, role, passwordHash: password } })
  await catalogSimulatorFleet(db, sim)
  const services = await db.service.findMany({ orderBy: { name: 'asc' }, select: { id: true, ecsServiceName: true } })
  const incident = await db.incident.create({
    data: { title: 'bench scale-out', severity: 'SEV2', impact: 'bench', services: { create: services.slice(0, 10).map((s) => ({ serviceId: s.id })) } },
    select: { id: true },
  })

  // A first, and leading, before B starts: then killing A proves a takeover.
  const started = async (name: string) => {
    const app = await serve()
    const cookies: Record<string, string> = {}
    for (const who of Object.keys(people)) cookies[who] = await signInCookie(app.base, `${who}@example.com`, 'bench-password')
    return { name, base: app.base, kill: app.kill, cookies }
  }
  const a = await started('A')
  await until('instance A leads the worker', async () => (await db.$queryRawUnsafe<{ pid: number }[]>(LEADER_SQL)).length === 1, 20_000)
  const b = await started('B')
  const [firstLeader] = await db.$queryRawUnsafe<{ pid: number }[]>(LEADER_SQL)
  const both = [a, b]
  const other = (i: number) => both[(i + 1) % 2]
  const act = {
    request: actionRef('app/(console)/remediations/actions.ts', 'requestRemediationAction', { serviceId: services[0].id }),
    approve: actionRef('app/(console)/remediations/actions.ts', 'approveRemediationAction', { incidentId: incident.id }),
    note: actionRef('app/(console)/incidents/actions.ts', 'addNoteAction', { incidentId: incident.id }),
  }

  // 1. The board, viewers alternating between the instances.
  await Promise.all(both.map((app) => getJson(app, '/api/health/services')))
  sim.calls.reset()
  log(`${serviceCount} services; 8 viewers alternating between A and B every 2 s for ${healthSeconds} s…`)
  const refreshes = new Set<string>()
  const endHealth = Date.now() + healthSeconds * 1000
  await Promise.all(
    Array.from({ length: 8 }, async (_, v) => {
      await sleep(v * 250)
      for (let i = v; Date.now() < endHealth; i++) {
        const body = await getJson<{ refreshedAt?: string }>(both[i % 2], '/api/health/services')
        if (body.refreshedAt) refreshes.add(body.refreshedAt)
        await sleep(2_000)
      }
    }),
  )
  const counts = sim.calls.counts()
  const times = [...refreshes].map((t) => Date.parse(t)).sort((x, y) => x - y)
  const doubled = times.filter((t, i) => i > 0 && t - times[i - 1] < REFRESH_MS * 0.8).length
  const cycles = Math.max(1, times.length)
  const describePerCycle = +((counts.byOperation['ecs:DescribeServices'] ?? 0) / cycles).toFixed(1)
  const oneInstance = Math.ceil(serviceCount / 10)
  expect(doubled === 0, `one refresh per interval across both instances (${cycles} refreshes, ${doubled} closer than ${REFRESH_MS * 0.8} ms)`)
  expect(describePerCycle <= oneInstance, `DescribeServices per cycle ${describePerCycle} <= ${oneInstance} (one instance's)`)

  // 2. One request sent to both at once, three services: one row and one UpdateService each.
  const remediations = new Set<string>()
  const updatesBefore = updateServiceCalls
  for (const [i, s] of services.slice(0, 3).entries()) {
    const input = {
      serviceId: s.id,
      action: { kind: 'SCALE', desiredCount: 3 },
      idempotencyKey: `bench-same-${i}-${Date.now()}`,
      reason: 'scale-out bench',
      incidentId: incident.id,
      confirmName: s.ecsServiceName,
    }
    const results = await Promise.all(both.map((app) => call(app, 'responder', act.request, input)))
    const ids = new Set(results.map((r) => (r.ok ? r.data.id : `refused:${r.code}`)))
    expect(ids.size === 1 && results.every((r) => r.ok), `same request to A and B at once → one request (${[...ids].join(', ')})`)
    for (const id of ids) if (!id.startsWith('refused')) remediations.add(id)
  }
  await sleep(500)
  expect(updateServiceCalls - updatesBefore === 3, `3 idempotent requests → ${updateServiceCalls - updatesBefore} UpdateService calls (want 3)`)

  // 3. Two different requests for one service at once, one per instance: the per-service lock lets one through.
  const locked = services[3]
  const twoKeys = await Promise.all(
    both.map((app, i) =>
      call(app, 'responder', act.request, {
        serviceId: locked.id,
        action: { kind: 'SCALE', desiredCount: 3 },
        idempotencyKey: `bench-lock-${i}-${Date.now()}`,
        reason: 'scale-out bench',
        incidentId: incident.id,
        confirmName: locked.ecsServiceName,
      }),
    ),
  )
  const through = twoKeys.filter((r) => r.ok)
  expect(through.length === 1, `two requests for one service on A and B at once → ${through.length} accepted (want 1)`)
  for (const r of through) if (r.ok) remediations.add(r.data.id)
  // Then the cooldown, asked on the instance that did not act.
  const again = await call(b, 'responder', act.request, {
    serviceId: locked.id,
    action: { kind: 'SCALE', desiredCount: 4 },
    idempotencyKey: `bench-cooldown-${Date.now()}`,
    reason: 'scale-out bench',
    incidentId: incident.id,
    confirmName: locked.ecsServiceName,
  })
  expect(!again.ok, `a second action within the cooldown, on the other instance → refused (${again.ok ? 'accepted' : again.code})`)

  // 4. Two-person approval: requested on A, two commanders approve at once on A and B: one approval, one change.
  const risky = services[4]
  const asked = await call(a, 'responder', act.request, {
    serviceId: risky.id,
    action: { kind: 'SCALE', desiredCount: 0 },
    idempotencyKey: `bench-approval-${Date.now()}`,
    reason: 'scale-out bench',
    incidentId: incident.id,
    confirmName: risky.ecsServiceName,
  })
  if (!asked.ok) expect(false, `a scale to zero is accepted for approval (${asked.code}: ${asked.message})`)
  else {
    const pending = await db.remediationRequest.findUniqueOrThrow({ where: { id: asked.data.id }, select: { status: true } })
    expect(pending.status === 'PENDING_APPROVAL', `a scale to zero waits for approval (${pending.status})`)
    const updates = updateServiceCalls
    const decisions = await Promise.all([
      call(a, 'commander1', act.approve, { requestId: asked.data.id }),
      call(b, 'commander2', act.approve, { requestId: asked.data.id }),
    ])
    await sleep(500)
    expect(decisions.filter((r) => r.ok).length === 1, `two approvals at once on A and B → ${decisions.filter((r) => r.ok).length} accepted (want 1)`)
    expect(updateServiceCalls - updates === 1, `the approved request → ${updateServiceCalls - updates} UpdateService calls (want 1)`)
    remediations.add(asked.data.id)
  }

  // 5. A change made on one instance, read from the other within one poll interval.
  let eventsMissed = 0
  const changes = 8
  for (let i = 0; i < changes; i++) {
    const text = `note ${i} from ${both[i % 2].name} ${Date.now()}`
    const wrote = await call(both[i % 2], 'responder', act.note, { incidentId: incident.id, text })
    if (!wrote.ok) throw new Error(`a note was refused: ${wrote.code}`)
    const seen = await until(
      'note seen',
      async () => JSON.stringify(await getJson(other(i), `/api/incidents/${incident.id}/timeline`)).includes(text),
      POLL_MS,
      200,
    ).catch(() => false)
    if (!seen) eventsMissed++
  }
  // And a remediation requested on A, listed by B.
  for (const id of remediations) {
    const listed = JSON.stringify(await getJson(b, `/api/remediations?incidentId=${incident.id}`)).includes(id)
    if (!listed) eventsMissed++
  }
  expect(eventsMissed === 0, `changes made on one instance seen from the other within ${POLL_MS} ms: ${eventsMissed} missed of ${changes + remediations.size}`)

  // 6. Leadership: A leads; A is killed with a request of its own running; B takes over and finishes it.
  const orphan = services[5]
  const left = await call(a, 'responder', act.request, {
    serviceId: orphan.id,
    action: { kind: 'SCALE', desiredCount: 3 },
    idempotencyKey: `bench-orphan-${Date.now()}`,
    reason: 'scale-out bench',
    incidentId: incident.id,
    confirmName: orphan.ecsServiceName,
  })
  if (!left.ok) throw new Error(`the request before the kill was refused: ${left.code} ${left.message}`)
  remediations.add(left.data.id)
  const killedAt = Date.now()
  await a.kill()
  let tookOverMs = -1
  await until(
    'another instance leads',
    async () => {
      const now = await db.$queryRawUnsafe<{ pid: number }[]>(LEADER_SQL)
      if (now.length === 1 && now[0].pid !== firstLeader.pid) tookOverMs = Date.now() - killedAt
      return tookOverMs >= 0
    },
    30_000,
  ).catch(() => undefined)
  expect(tookOverMs >= 0, `A (the leader) killed → B leads after ${tookOverMs} ms`)
  const ended = await until(
    'the request A left running ends',
    async () => {
      const r = await db.remediationRequest.findUniqueOrThrow({ where: { id: left.data.id }, select: { status: true } })
      return r.status !== 'EXECUTING' && r.status !== 'APPROVED'
    },
    180_000,
    500,
  ).catch(() => false)
  const final = await db.remediationRequest.findUniqueOrThrow({ where: { id: left.data.id }, select: { status: true } })
  expect(ended && final.status === 'SUCCEEDED', `the request A left running is finished by B's worker (${final.status})`)
  const leaders = await db.$queryRawUnsafe<{ pid: number }[]>(LEADER_SQL)
  expect(leaders.length === 1, `one leader at the end (${leaders.length})`)

  const expectedUpdates = remediations.size
  expect(updateServiceCalls === expectedUpdates, `UpdateService calls ${updateServiceCalls} = remediations that acted ${expectedUpdates}`)
  console.log(
    `bench:scaleout instances=2 services=${serviceCount} describe_services_per_cycle=${describePerCycle} remediations=${remediations.size} update_service_calls=${updateServiceCalls} events_missed=${eventsMissed}`,
  )
  if (failures.length) return failures.join('; ')
}

runBench('scaleout', measure, {
  simulator: { fleet: generatedFleet(serviceCount), seed: 5, onCall: (op) => op === 'ecs:UpdateService' && updateServiceCalls++ },
})
