// The database role the app connects as owns nothing: it may read and write rows, and
// nothing else. Migrations (and so every table, trigger and function) belong to the
// owner role; only the owner or a superuser can drop or disable the audit table's
// triggers, and the app role is given no TRUNCATE, no DELETE on the audit table, and no
// right to create anything. Run as the owner after every migration, so new tables are
// covered too. Used by the launcher and the tests.
import pg from 'pg'

const ident = (name: string) => `"${name.replaceAll('"', '""')}"`

/** The user name in a postgres:// URL. */
export function roleOf(url: string) {
  return decodeURIComponent(new URL(url).username)
}

/** Creates the login role when missing (with this password) and grants it exactly what the app needs. */
export async function ensureAppRole(ownerUrl: string, role: string, password?: string) {
  const client = new pg.Client({ connectionString: ownerUrl })
  await client.connect()
  try {
    const exists = (await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role])).rowCount
    const owner = roleOf(ownerUrl)
    if (role === owner) throw new Error(`the app role (${role}) must not be the role that owns the tables`)
    if (password !== undefined) {
      const literal = (await client.query<{ q: string }>('SELECT quote_literal($1) AS q', [password])).rows[0].q
      if (!exists) await client.query(`CREATE ROLE ${ident(role)} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT PASSWORD ${literal}`)
      else await client.query(`ALTER ROLE ${ident(role)} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT PASSWORD ${literal}`)
    } else if (!exists) {
      throw new Error(`the app's database role ${role} does not exist; create it (see README, "Your own PostgreSQL")`)
    }
    const db = ident((await client.query<{ d: string }>('SELECT current_database() AS d')).rows[0].d)
    const r = ident(role)
    for (const sql of [
      `REVOKE CREATE ON SCHEMA public FROM PUBLIC`,
      `REVOKE ALL ON DATABASE ${db} FROM ${r}`,
      `GRANT CONNECT, TEMPORARY ON DATABASE ${db} TO ${r}`,
      `GRANT USAGE ON SCHEMA public TO ${r}`,
      `REVOKE ALL ON ALL TABLES IN SCHEMA public FROM ${r}`,
      `GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${r}`,
      // The audit log: read, append, complete (the trigger allows only that); never delete.
      `REVOKE DELETE, TRUNCATE ON "AuditEvent" FROM ${r}`,
      `REVOKE ALL ON "_prisma_migrations" FROM ${r}`,
      `GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${r}`,
      `GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA public TO ${r}`,
    ]) {
      await client.query(sql)
    }
  } finally {
    await client.end()
  }
}

/** The same server and database as `url`, signed in as another role. */
export function urlAs(url: string, role: string, password: string) {
  const u = new URL(url)
  u.username = encodeURIComponent(role)
  u.password = encodeURIComponent(password)
  return u.toString()
}
