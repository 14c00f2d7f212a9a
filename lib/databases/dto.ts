// What the browser sees of a registered database: never a password. Pure and client-safe.
export type DatabaseView = {
  id: string
  name: string
  environment: string
  team: string
  host: string
  port: number
  dbname: string
  username: string
  /** Cancel and terminate connect as this role (with pg_signal_backend); null: the read-only role, which may not be allowed. */
  actionUsername: string | null
  services: { id: string; name: string }[]
  /** The RDS resource it runs on (its board row links here); null when not linked. */
  resource: { id: string; name: string } | null
  createdAt: string
}

/** A cancel or terminate, shown before anything runs. */
export type BackendActionPreview = {
  summary: string
  pid: number
  state: string | null
  user: string | null
  query: string | null
  /** Seconds since the query (or the open transaction) started. */
  ageSeconds: number | null
  /** The sessions waiting on this one. */
  blocks: { pid: number; seconds: number | null; query: string | null }[]
  production: boolean
  requiresApproval: boolean
  confirmName: string | null
  incidents: { id: string; ref: string; title: string }[]
}
