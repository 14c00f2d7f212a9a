// The database a command runs against: DATABASE_URL when set, otherwise the
// embedded Postgres whose files live under DATA_DIR (default .data/).
import { join, resolve } from 'node:path'
import { startEmbeddedPostgres } from '../../lib/db/embedded'
import { roleOf, urlAs } from '../../lib/db/roles'

export const projectRoot = resolve(new URL('../..', import.meta.url).pathname)

export function dataDir(configured?: string) {
  return resolve(projectRoot, configured ?? '.data')
}

/**
 * The database, as two roles: `url` signs in as the role that owns the tables (for
 * migrations and seeding), `appUrl` as the role the app runs as, which owns nothing
 * (`app`: the role to grant rows to after migrating, with the password to give it when
 * it is ours to create). With only DATABASE_URL set, both are that one role.
 */
export async function openDatabase(opts: { databaseUrl?: string; migrationUrl?: string; dataDir: string; log: (line: string) => void }) {
  if (opts.databaseUrl) {
    const separate = opts.migrationUrl && roleOf(opts.migrationUrl) !== roleOf(opts.databaseUrl)
    return {
      url: opts.migrationUrl ?? opts.databaseUrl,
      appUrl: opts.databaseUrl,
      app: separate ? { role: roleOf(opts.databaseUrl), password: undefined } : null,
      embedded: false,
      stop: async () => undefined,
    }
  }
  const pg = await startEmbeddedPostgres({ dataDir: join(opts.dataDir, 'postgres'), database: 'incident_command', log: opts.log, detached: true })
  opts.log(`embedded Postgres listening on 127.0.0.1:${pg.port} (data in ${pg.dataDir})`)
  return { url: pg.url, appUrl: urlAs(pg.url, pg.app.role, pg.app.password), app: pg.app, embedded: true, stop: pg.stop }
}

/** Prints a problem as one line and exits non-zero. */
export function die(err: unknown): never {
  const message = err instanceof Error ? err.message : String(err)
  console.error(`error: ${message}`)
  process.exit(1)
}
