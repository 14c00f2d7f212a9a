// Databases for the test layers. With DATABASE_URL set, tests use a database of
// their own on that server (never the one named in the URL); otherwise an embedded
// Postgres with its own data folder. Either way the test database starts empty.
import { resolve } from 'node:path'
import pg from 'pg'
import { startEmbeddedPostgres } from '../db/embedded'

export function withDatabaseName(url: string, database: string) {
  const u = new URL(url)
  u.pathname = `/${database}`
  return u.toString()
}

export async function recreateDatabase(serverUrl: string, database: string) {
  const admin = new pg.Client({ connectionString: withDatabaseName(serverUrl, 'postgres') })
  await admin.connect()
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`)
    await admin.query(`CREATE DATABASE "${database}"`)
  } finally {
    await admin.end()
  }
  return withDatabaseName(serverUrl, database)
}

/** A fresh, empty database named `database`, and how to let go of it. */
export async function freshTestDatabase(opts: { serverUrl?: string; dataDir: string; database: string }) {
  if (opts.serverUrl) {
    return { url: await recreateDatabase(opts.serverUrl, opts.database), stop: async () => undefined }
  }
  const server = await startEmbeddedPostgres({ dataDir: resolve(opts.dataDir), database: 'postgres' })
  const url = await recreateDatabase(server.url, opts.database)
  return { url, stop: server.stop }
}
