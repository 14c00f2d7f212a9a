// npm run bench:sim [services]: the simulator's cost at fleet scale, in process (no app,
// no database): ms per tick (a plain 5 s tick and a minute-closing one) and ms per GetMetricData
// call of up to 500 queries through the real SDK, for the board's whole-fleet read (10 minutes,
// 60 s period) on a cold simulator (every minute a baseline) and again warm.
// Profile it with: node --cpu-prof --cpu-prof-dir=.data/prof --conditions=react-server --import tsx scripts/bench-sim-metrics.ts
// (react-server: lib/aws's modules start with `import 'server-only'`).
import { performance } from 'node:perf_hooks'
import { metricData, runMetricGroups } from '../lib/aws/metric-batch'
import { serviceMetricsReader } from '../lib/aws/cloudwatch'
import { configureAwsClients, resetAwsClients } from '../lib/aws/clients'
import { generatedFleet, manualClock, startSimulator } from '../lib/simulator'
import { TICK } from '../lib/simulator/constants'
import { MINUTE } from '../lib/simulator/model'

const count = Number(process.argv[2] ?? 2000)
const clock = manualClock(Date.UTC(2026, 0, 5, 12, 0, 0))
const sim = await startSimulator({ clock, seed: 42, fleet: generatedFleet(count), rateLimits: false })
configureAwsClients({ endpoint: sim.url, credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' }, maxAttempts: 1, requestTimeoutMs: 60_000 })
const region = 'us-east-1'
const round = (ms: number) => Math.round(ms * 10) / 10
try {
  const targets = sim.sim.snapshot().map((s, i) => ({ key: `k${i}`, cluster: s.cluster, service: s.service, targetGroupArn: s.targetGroupArn ?? undefined }))
  const reader = await serviceMetricsReader(region, targets, 60)
  const calls: Parameters<typeof metricData>[1][] = [[]]
  for (const g of reader.groups) {
    if (calls.at(-1)!.length + g.queries.length > 500) calls.push([])
    calls.at(-1)!.push(...g.queries)
  }
  const queries = calls.reduce((n, c) => n + c.length, 0)
  const window = () => ({ start: new Date(sim.now() - 10 * MINUTE), end: new Date(sim.now()), periodSeconds: 60 })
  const read = async () => {
    const each: number[] = []
    for (const call of calls) {
      const t0 = performance.now()
      await metricData(region, call, window())
      each.push(performance.now() - t0)
    }
    return { mean: round(each.reduce((a, b) => a + b, 0) / each.length), max: round(Math.max(...each)) }
  }
  const cold = await read()
  const warm = await read()
  // Ticks: 5 s steps over 3 minutes (36 ticks, 3 of them close a minute).
  const plain: number[] = []
  const closing: number[] = []
  for (let i = 0; i < 36; i++) {
    const closes = (sim.sim.simTime + TICK) % MINUTE === 0
    const t0 = performance.now()
    sim.advance(TICK)
    ;(closes ? closing : plain).push(performance.now() - t0)
  }
  const mean = (xs: number[]) => round(xs.reduce((a, b) => a + b, 0) / xs.length)
  // The board's read as the app makes it (4 calls at a time), after the ticks above.
  const t0 = performance.now()
  await runMetricGroups(region, reader.groups, window())
  const whole = round(performance.now() - t0)
  console.log(
    JSON.stringify({
      services: count,
      queries,
      calls: calls.length,
      msPerCall: { cold, warm },
      msPerTick: { plain: mean(plain), minuteClosing: mean(closing) },
      wholeReadMs: whole,
    }),
  )
  console.log(
    `bench:sim services=${count} ms_per_call_cold=${cold.mean} ms_per_call_warm=${warm.mean} ms_per_tick=${mean(plain)} ms_per_minute_tick=${mean(closing)} whole_read_ms=${whole}`,
  )
} finally {
  resetAwsClients()
  await sim.stop()
}
