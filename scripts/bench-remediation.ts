// npm run bench:remediation — how fast a guarded action reaches AWS, and how fast its
// outcome reaches the incident timeline. Runs the real request path (guards, live
// preview reads, audit, the SDK call) in this process against real Postgres and the
// AWS simulator over HTTP; the HTTP hop of the server action itself is not included.
//   click_to_call: requestRemediation() called → UpdateService arrives at the simulator
//   steady_to_timeline: the simulator's service is steady → "Steady: …" is on the timeline
//   BENCH_SERVICES (4 services in parallel: within ECS's 5 changes a second), BENCH_ROUNDS (4 actions each)
import { join } from 'node:path'
import { startSimulator } from '../lib/simulator'
import { configureAwsClients } from '../lib/aws/clients'
import { freePort, startEmbeddedPostgres } from '../lib/db/embedded'
import { applyMigrations } from '../lib/db/migrations'
import { createDbClient } from '../lib/db/create-client'
import { demoServices } from '../prisma/seed'
import { projectRoot } from './lib/database'
import { percentile } from './lib/session'

const servicesInParallel = Number(process.env.BENCH_SERVICES ?? 4)
const rounds = Number(process.env.BENCH_ROUNDS ?? 4)
const log = (line: string) => console.log(`[bench:remediation] ${line}`)
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

async function main() {
  const pg = await startEmbeddedPostgres({ dataDir: join(projectRoot, '.data', 'bench-remediation'), database: 'bench', fresh: true })
  await applyMigrations(pg.url)
  process.env.DATABASE_URL = pg.url
  process.env.NEXTAUTH_SECRET ??= 'bench-secret-0123456789abcdefghijklmnop'
  process.env.LOG_LEVEL = 'silent'
  const updateCalls: number[] = []
  const sim = await startSimulator({
    host: '127.0.0.1',
    port: await freePort(),
    onCall: (op) => op === 'ecs:UpdateService' && updateCalls.push(performance.now()),
  })
  configureAwsClients({ endpoint: sim.url, credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' } })
  // The app's modules read configuration at import: load them after it is set.
  const { requestRemediation } = await import('../lib/remediation/mutations')
  const { logger } = await import('../lib/logger')
  const db = createDbClient(pg.url, { max: 4 })
  try {
    await db.service.createMany({ data: demoServices() })
    const services = (await db.service.findMany({ where: { environment: 'PROD' }, select: { id: true, ecsServiceName: true, cluster: true } })).slice(
      0,
      servicesInParallel,
    )
    const user = await db.user.create({
      data: { email: 'bench@example.com', name: 'Bench', role: 'RESPONDER' },
      select: { id: true, email: true, name: true, role: true },
    })
    const incident = await db.incident.create({
      data: { title: 'bench', severity: 'SEV3', impact: 'bench', services: { create: services.map((s) => ({ serviceId: s.id })) } },
      select: { id: true },
    })
    const ctx = { actor: user, requestId: 'bench', log: logger }
    const clickToCall: number[] = []
    const steadyToTimeline: number[] = []
    // Warm-up, not measured: the first action opens database and HTTP connections.
    const dev = await db.service.findFirstOrThrow({ where: { environment: 'DEV' }, select: { id: true } })
    await requestRemediation(ctx, { serviceId: dev.id, action: { kind: 'FORCE_NEW_DEPLOYMENT' }, idempotencyKey: `warm-${Date.now()}`, reason: 'warm-up' })
    log(`${services.length} services in parallel, ${rounds} actions each (scale up and down), real clock…`)

    await Promise.all(
      services.map(async (s, i) => {
        for (let round = 0; round < rounds; round++) {
          const before = sim.services().find((x) => x.cluster === s.cluster && x.service === s.ecsServiceName)!
          const target = before.desiredCount === 4 ? 5 : 4
          const seen = updateCalls.length
          const started = performance.now()
          const { id } = await requestRemediation(ctx, {
            serviceId: s.id,
            action: { kind: 'SCALE', desiredCount: target },
            idempotencyKey: `bench-${i}-${round}-${Date.now()}`,
            reason: 'benchmark',
            incidentId: incident.id,
            confirmName: s.ecsServiceName,
            cooldownOverride: round > 0 ? 'benchmark repeats at once' : undefined,
          })
          const sent = updateCalls.slice(seen).find((t) => t >= started)
          if (sent) clickToCall.push(sent - started)
          // Wait for the simulator to be steady, then for the timeline to say so.
          let steadyAt = 0
          for (let t = 0; t < 2400 && !steadyAt; t++) {
            const now = sim.services().find((x) => x.cluster === s.cluster && x.service === s.ecsServiceName)!
            if (now.rolloutState === 'COMPLETED' && now.deployments === 1 && now.desiredCount === target && now.runningCount === target) steadyAt = Date.now()
            else await sleep(50)
          }
          for (let t = 0; t < 600; t++) {
            const row = await db.remediationRequest.findUniqueOrThrow({ where: { id }, select: { status: true, finishedAt: true } })
            if (row.status !== 'EXECUTING' && row.status !== 'APPROVED') {
              // When the outcome was written (with the timeline entry), after the simulator was steady.
              if (row.status === 'SUCCEEDED' && steadyAt && row.finishedAt) steadyToTimeline.push(Math.max(0, row.finishedAt.getTime() - steadyAt))
              break
            }
            await sleep(50)
          }
        }
      }),
    )
    clickToCall.sort((a, b) => a - b)
    steadyToTimeline.sort((a, b) => a - b)
    const { WATCH_INTERVAL_MS } = await import('../lib/remediation/mutations')
    const { INCIDENT_POLL_MS } = await import('../lib/incidents/polling')
    log(
      `actions ${clickToCall.length}, outcomes followed ${steadyToTimeline.length}; watcher checks every ${WATCH_INTERVAL_MS} ms, pages poll every ${INCIDENT_POLL_MS} ms`,
    )
    log(`targets: click_to_call p95 < 200 ms; steady_to_timeline p95 < ${INCIDENT_POLL_MS} ms (one poll interval)`)
    console.log(
      `bench:remediation actions=${clickToCall.length} click_to_call_p50_ms=${percentile(clickToCall, 50).toFixed(1)} click_to_call_p95_ms=${percentile(clickToCall, 95).toFixed(1)} steady_to_timeline_p50_ms=${percentile(steadyToTimeline, 50).toFixed(0)} steady_to_timeline_p95_ms=${percentile(steadyToTimeline, 95).toFixed(0)} poll_interval_ms=${INCIDENT_POLL_MS}`,
    )
  } finally {
    await db.$disconnect()
    await sim.stop()
    await pg.stop()
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(`bench:remediation failed: ${err instanceof Error ? err.stack : String(err)}`)
    process.exit(1)
  },
)
