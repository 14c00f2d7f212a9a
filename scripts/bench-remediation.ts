// npm run bench:remediation — how fast a guarded action reaches AWS, and how fast its
// outcome reaches the incident timeline. Runs the real request path (guards, live
// preview reads, audit, the SDK call) in this process against real Postgres and the
// AWS simulator over HTTP; the HTTP hop of the server action itself is not included.
//   click_to_call: requestRemediation() called → UpdateService arrives at the simulator
//   steady_to_timeline: the simulator's service is steady (its tasks past their health checks, when ECS
//   says "has reached a steady state") → "Steady: …" is on the timeline
//   BENCH_SERVICES (4 services in parallel: within ECS's 5 changes a second), BENCH_ROUNDS (4 actions each)
import { configureAwsClients } from '../lib/aws/clients'
import { demoServices } from '../prisma/seed'
import { runBench } from './lib/bench'
import { percentile } from './lib/session'

const servicesInParallel = Number(process.env.BENCH_SERVICES ?? 4)
const rounds = Number(process.env.BENCH_ROUNDS ?? 4)
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

const updateCalls: number[] = []

runBench(
  'remediation',
  async ({ log, databaseUrl, sim, db }) => {
    process.env.DATABASE_URL = databaseUrl
    process.env.NEXTAUTH_SECRET ??= 'bench-secret-0123456789abcdefghijklmnop'
    process.env.LOG_LEVEL = 'silent'
    configureAwsClients({ endpoint: sim.url, credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' } })
    // The app's modules read configuration at import: load them after it is set.
    const { requestRemediation } = await import('../lib/remediation/mutations')
    const { logger } = await import('../lib/logger')
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
            // Steady as ECS says it ("has reached a steady state"): every task running and past its health checks.
            if (now.steady && now.deployments === 1 && now.desiredCount === target && now.runningCount === target) steadyAt = Date.now()
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
  },
  { dbConnections: 4, simulator: { onCall: (op) => op === 'ecs:UpdateService' && updateCalls.push(performance.now()) } },
)
