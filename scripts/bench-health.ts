// npm run bench:health — N simulated services, V viewers polling the status board.
// Prints AWS calls per refresh cycle by operation and the status endpoint's latency, and what
// the board costs of AWS's budgets at the measured rate:
//   ecs_read_budget_share: ECS service reads (DescribeServices + ListServices, which share a
//     bucket of 20 requests/s per account and region) per second, over 20;
//   metric_cost_usd_month: metrics asked of GetMetricData per month at this rate × $0.01/1,000.
//   BENCH_SERVICES (200), BENCH_VIEWERS (100), BENCH_SECONDS (60)
import { generatedFleet } from '../lib/simulator'
import { troubled } from '../lib/health/tiers'
import { decodeBoard, type BoardWire } from '../lib/health/board-wire'
import { hashPassword } from '../lib/auth/password'
import { catalogSimulatorFleet, runBench } from './lib/bench'
import { boardViewersInChild } from './lib/board-viewers'
import { percentile, signInCookie } from './lib/session'

const services = Number(process.env.BENCH_SERVICES ?? 200)
const viewers = Number(process.env.BENCH_VIEWERS ?? 100)
const seconds = Number(process.env.BENCH_SECONDS ?? 60)
const intervalMs = 10_000

/** What the board shows, by status, and how many of its rows are in trouble (read at the fast rate: lib/health/tiers.ts). */
function statusCounts(json: string) {
  const rows = decodeBoard(JSON.parse(json) as BoardWire).services
  const by = new Map<string, number>()
  for (const r of rows) by.set(r.status, (by.get(r.status) ?? 0) + 1)
  // The most common reason of the rows not read, so a bench that read nothing says why.
  const reasons = new Map<string, number>()
  for (const r of rows) if (r.status === 'unknown') reasons.set(r.reason, (reasons.get(r.reason) ?? 0) + 1)
  const [why] = [...reasons].sort((a, b) => b[1] - a[1])
  return `${[...by].map(([k, n]) => `${n} ${k}`).join(', ')}; ${rows.filter(troubled).length} in trouble${why ? ` (unknown, mostly: ${why[0]})` : ''}`
}

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
    log(`at the start: ${statusCounts(warmJson)}`)
    sim.calls.reset()
    const measuredFrom = performance.now()

    log(`${services} services, ${viewers} viewers (in a child process) polling every ${intervalMs / 1000} s for ${seconds} s…`)
    const { latencies, failures, notModified, firstError, refreshes } = await boardViewersInChild({
      base,
      path: '/api/health/services',
      cookie,
      viewers,
      intervalMs,
      seconds,
    })
    if (firstError) log(`first failure: ${firstError}`)
    log(`at the end: ${statusCounts(await (await fetch(`${base}/api/health/services`, { headers: { cookie } })).text())}`)
    const counts = sim.calls.counts()
    const elapsedS = (performance.now() - measuredFrom) / 1000
    const serviceReads = (counts.byOperation['ecs:DescribeServices'] ?? 0) + (counts.byOperation['ecs:ListServices'] ?? 0)
    const ecsReads = Object.entries(counts.byOperation)
      .filter(([op]) => /^ecs:(Describe|List)/.test(op))
      .reduce((a, [, n]) => a + n, 0)
    const budgetShare = serviceReads / elapsedS / 20
    const metricCostMonth = (counts.metricsRequested / elapsedS) * 30 * 86_400 * (0.01 / 1000)
    const cycles = Math.max(1, refreshes.length)
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
