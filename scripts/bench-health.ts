// npm run bench:health — N simulated services, V viewers polling the status board.
// Prints AWS calls per refresh cycle by operation and the status endpoint's latency, and what
// the board costs of AWS's budgets at the measured rate:
//   ecs_read_budget_share: ECS service reads (DescribeServices + ListServices, which share a
//     bucket of 20 requests/s per account and region) per second, over 20;
//   metric_cost_usd_month: metrics asked of GetMetricData per month at this rate × $0.01/1,000.
//   BENCH_SERVICES (200), BENCH_VIEWERS (100), BENCH_SECONDS (60)
import { generatedFleet } from '../lib/simulator'
import { hashPassword } from '../lib/auth/password'
import { catalogSimulatorFleet, runBench } from './lib/bench'
import { percentile, signInCookie } from './lib/session'

const services = Number(process.env.BENCH_SERVICES ?? 200)
const viewers = Number(process.env.BENCH_VIEWERS ?? 100)
const seconds = Number(process.env.BENCH_SECONDS ?? 60)
const intervalMs = 10_000

runBench(
  'health',
  async ({ log, sim, db, serve }) => {
    await db.user.create({ data: { email: 'bench@example.com', name: 'Bench', role: 'VIEWER', passwordHash: await hashPassword('bench-password') } })
    await catalogSimulatorFleet(db, sim)
    const app = await serve()
    const base = app.base
    const cookie = await signInCookie(base, 'bench@example.com', 'bench-password')
    // Warm up: the first request builds the first snapshot; count from a clean slate.
    const warm = await fetch(`${base}/api/health/services`, { headers: { cookie } })
    const warmJson = await warm.text()
    log(`board body: ${warmJson.length} characters of JSON (${warm.headers.get('content-encoding') ?? 'not compressed'})`)
    sim.calls.reset()
    const measuredFrom = performance.now()

    log(`${services} services, ${viewers} viewers polling every ${intervalMs / 1000} s for ${seconds} s…`)
    const latencies: number[] = []
    const refreshes = new Set<string>()
    let failures = 0
    let notModified = 0
    const end = Date.now() + seconds * 1000
    await Promise.all(
      Array.from({ length: viewers }, async (_, v) => {
        await new Promise((r) => setTimeout(r, (v / viewers) * intervalMs))
        // As a browser does: it revalidates the snapshot it holds (ETag → 304).
        let held: { etag: string; refreshedAt: string } | null = null
        while (Date.now() < end) {
          const started = performance.now()
          const res: Response = await fetch(`${base}/api/health/services`, {
            headers: { cookie, ...(held ? { 'if-none-match': held.etag } : {}) },
          })
          const body: { refreshedAt?: string } = res.status === 304 ? { refreshedAt: held?.refreshedAt } : ((await res.json()) as { refreshedAt?: string })
          latencies.push(performance.now() - started)
          if (res.status === 304) notModified++
          if ((!res.ok && res.status !== 304) || !body.refreshedAt) failures++
          else refreshes.add(body.refreshedAt)
          const etag: string | null = res.headers.get('etag')
          if (res.ok && etag && body.refreshedAt) held = { etag, refreshedAt: body.refreshedAt }
          await new Promise((r) => setTimeout(r, intervalMs))
        }
      }),
    )
    const counts = sim.calls.counts()
    const elapsedS = (performance.now() - measuredFrom) / 1000
    const serviceReads = (counts.byOperation['ecs:DescribeServices'] ?? 0) + (counts.byOperation['ecs:ListServices'] ?? 0)
    const ecsReads = Object.entries(counts.byOperation)
      .filter(([op]) => /^ecs:(Describe|List)/.test(op))
      .reduce((a, [, n]) => a + n, 0)
    const budgetShare = serviceReads / elapsedS / 20
    const metricCostMonth = (counts.metricsRequested / elapsedS) * 30 * 86_400 * (0.01 / 1000)
    const cycles = Math.max(1, refreshes.size)
    const perCycle = (op: string) => +((counts.byOperation[op] ?? 0) / cycles).toFixed(1)
    latencies.sort((a, b) => a - b)
    const p50 = percentile(latencies, 50).toFixed(1)
    const p95 = percentile(latencies, 95).toFixed(1)
    log(
      `requests ${latencies.length} (${failures} failed, ${notModified} answered 304), refresh cycles ${cycles}, AWS calls ${counts.total} (${counts.throttled ?? 0} throttled)`,
    )
    for (const [op, n] of Object.entries(counts.byOperation).sort())
      log(`  ${op.padEnd(34)} ${String(n).padStart(5)} total  ${(n / cycles).toFixed(1).padStart(6)} per cycle`)
    log(
      `ECS service reads ${(serviceReads / elapsedS).toFixed(2)}/s (all ECS reads ${(ecsReads / elapsedS).toFixed(2)}/s); metrics requested ${counts.metricsRequested} in ${elapsedS.toFixed(0)} s`,
    )
    log(`target: DescribeServices per cycle <= ${Math.ceil(services / 10)}, p95 < 100 ms; at 2,000 services: read budget share <= 0.2, metrics <= $200/month`)
    console.log(
      `bench:health services=${services} viewers=${viewers} seconds=${seconds} cycles=${cycles} describe_services_per_cycle=${perCycle('ecs:DescribeServices')} get_metric_data_per_cycle=${perCycle('cloudwatch:GetMetricData')} describe_alarms_per_cycle=${perCycle('cloudwatch:DescribeAlarms')} list_tasks_per_cycle=${perCycle('ecs:ListTasks')} describe_tasks_per_cycle=${perCycle('ecs:DescribeTasks')} requests=${latencies.length} failed=${failures} p50_ms=${p50} p95_ms=${p95} ecs_read_budget_share=${budgetShare.toFixed(3)} metric_cost_usd_month=${metricCostMonth.toFixed(0)}`,
    )
  },
  { simulator: { fleet: generatedFleet(services), seed: 3 } },
)
