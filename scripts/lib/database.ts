// The database a command runs against: DATABASE_URL when set, otherwise the
// embedded Postgres whose files live under DATA_DIR (default .data/).
import { join, resolve } from 'node:path'
import { startEmbeddedPostgres } from '../../lib/db/embedded'

export const projectRoot = resolve(new URL('../..', import.meta.url).pathname)

export function dataDir(configured?: string) {
  return resolve(projectRoot, configured ?? '.data')
}

export async function openDatabase(opts: { databaseUrl?: string; dataDir: string; log: (line: string) => void }) {
  if (opts.databaseUrl) {
    return { url: opts.databaseUrl, embedded: false, stop: async () => undefined }
  }
  const pg = await startEmbeddedPostgres({ dataDir: join(opts.dataDir, 'postgres'), database: 'incident_command', log: opts.log, detached: true })
  opts.log(`embedded Postgres listening on 127.0.0.1:${pg.port} (data in ${pg.dataDir})`)
  return { url: pg.url, embedded: true, stop: pg.stop }
}

/** Prints a problem as one line and exits non-zero. */
export function die(err: unknown): never {
  const message = err instanceof Error ? err.message : String(err)
  console.error(`error: ${message}`)
  process.exit(1)
}
