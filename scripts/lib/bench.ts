// What every benchmark (scripts/bench-*.ts) does around its measurements: a fresh
// embedded Postgres with the schema, the AWS simulator, a small Prisma client and, when
// asked, the built app; all stopped in reverse order whatever happens; then the exit
// code: 0, or 1 with one `bench:<name> failed: …` line.
import { join } from 'node:path'
import { startSimulator, type SimulatorHandle, type SimulatorOptions } from '../../lib/simulator'
import { createDbClient } from '../../lib/db/create-client'
import { startEmbeddedPostgres } from '../../lib/db/embedded'
import { applyMigrations } from '../../lib/db/migrations'
import { serveForBench } from './app'
import { projectRoot } from './database'

/** Puts the simulator's whole fleet into the catalog (PROD, team 'bench'), as every benchmark starts. */
export async function catalogSimulatorFleet(db: BenchContext['db'], sim: SimulatorHandle) {
  await db.service.createMany({
    data: sim.services().map((s) => ({
      name: s.service,
      environment: 'PROD' as const,
      region: s.region,
      cluster: s.cluster,
      ecsServiceName: s.service,
      targetGroupArn: s.targetGroupArn,
      team: 'bench',
    })),
  })
}

export type BenchContext = {
  log: (line: string) => void
  databaseUrl: string
  sim: SimulatorHandle
  db: ReturnType<typeof createDbClient>
  /** The built app on a free port, against this database and simulator; stopped at the end. */
  serve(env?: Record<string, string>): Promise<Awaited<ReturnType<typeof serveForBench>>>
  /** Something more to stop at the end (before what was started earlier). */
  onStop(stop: () => Promise<unknown>): void
}

/** Runs benchmark `name`: `body` measures and prints its `bench:<name> …` line, and returns a failure to report, or nothing. */
export function runBench(
  name: string,
  body: (ctx: BenchContext) => Promise<string | void>,
  opts: { simulator?: SimulatorOptions; dbConnections?: number } = {},
) {
  const log = (line: string) => console.log(`[bench:${name}] ${line}`)
  async function main() {
    const pg = await startEmbeddedPostgres({ dataDir: join(projectRoot, '.data', `bench-${name}`), database: 'bench', fresh: true })
    const stops: (() => Promise<unknown>)[] = [() => pg.stop()]
    const onStop = (stop: () => Promise<unknown>) => void stops.unshift(stop)
    try {
      await applyMigrations(pg.url)
      const sim = await startSimulator({ host: '127.0.0.1', ...opts.simulator })
      onStop(() => sim.stop())
      const db = createDbClient(pg.url, { max: opts.dbConnections ?? 2 })
      onStop(() => db.$disconnect())
      const serve = async (env?: Record<string, string>) => {
        const app = await serveForBench({ databaseUrl: pg.url, simulator: sim, log, env })
        onStop(() => app.stop())
        return app
      }
      return await body({ log, databaseUrl: pg.url, sim, db, serve, onStop })
    } finally {
      for (const stop of stops) await stop()
    }
  }
  main().then(
    (failure) => {
      if (failure) console.error(`bench:${name} failed: ${failure}`)
      process.exit(failure ? 1 : 0)
    },
    (err) => {
      console.error(`bench:${name} failed: ${err instanceof Error ? err.message : String(err)}`)
      process.exit(1)
    },
  )
}
