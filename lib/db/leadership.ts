// Leadership of the background work across app instances: a Postgres session advisory lock
// held on a connection of its own (not the pool's). Postgres holds the lock exactly as long
// as that session lives, so:
// - at most one instance leads at a time, whatever the clocks say;
// - when the leader's process dies, its socket closes, Postgres ends the session and frees
//   the lock, and another instance takes it at its next try (within `retryMs`);
// - a leader whose connection broke learns it at its next check (a query on that connection
//   fails or does not answer within `checkTimeoutMs`) and stops acting before doing anything.
// Not 'server-only': the launcher and the benchmarks use it too.
import { randomUUID } from 'node:crypto'
import pg from 'pg'

export type Leadership = {
  readonly name: string
  readonly holder: string
  /** Whether this instance leads right now: asks Postgres on the lock's own connection (trying to take it when free). */
  check(): Promise<boolean>
  /** The last known answer, without asking. */
  isLeader(): boolean
  /** Lets the lock go and closes the connection. */
  stop(): Promise<void>
}

export type LeadershipOptions = {
  connectionString: string
  /** How long a check may take before the connection counts as broken. */
  checkTimeoutMs?: number
  onChange?: (leader: boolean) => void
}

/** The 64-bit advisory lock key of a leadership name (stable across instances and releases). */
export const LEADERSHIP_LOCK_SQL = `SELECT pg_try_advisory_lock(hashtext('incident-command:leader:' || $1::text)) AS ok`

export function createLeadership(name: string, opts: LeadershipOptions): Leadership {
  const holder = randomUUID()
  const timeoutMs = opts.checkTimeoutMs ?? 5_000
  let client: pg.Client | null = null
  let leader = false
  let stopped = false
  let pending: Promise<boolean> | null = null

  const setLeader = (next: boolean) => {
    if (next !== leader) {
      leader = next
      opts.onChange?.(next)
    }
  }

  const drop = async () => {
    const c = client
    client = null
    setLeader(false)
    if (c) await c.end().catch(() => undefined)
  }

  const withTimeout = <T>(p: Promise<T>) => {
    let timer: NodeJS.Timeout | undefined
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`leadership check took over ${timeoutMs} ms`)), timeoutMs)
    })
    return Promise.race([p, late]).finally(() => clearTimeout(timer))
  }

  async function attempt(): Promise<boolean> {
    if (stopped) return false
    try {
      if (!client) {
        const c = new pg.Client({
          connectionString: opts.connectionString,
          keepAlive: true,
          application_name: `incident-command leader ${name} ${holder.slice(0, 8)}`,
        })
        // A broken connection must not crash the process: the next check finds it gone.
        c.on('error', () => {
          if (client === c) void drop()
        })
        client = c // before connecting, so a connect that times out is ended too
        await withTimeout(c.connect())
      }
      if (leader) {
        // Still ours only while the session that holds it answers.
        await withTimeout(client.query('SELECT 1'))
        return true
      }
      const { rows } = await withTimeout(client.query<{ ok: boolean }>(LEADERSHIP_LOCK_SQL, [name]))
      setLeader(rows[0]?.ok === true)
      return leader
    } catch {
      await drop()
      return false
    }
  }

  return {
    name,
    holder,
    check() {
      pending ??= attempt().finally(() => (pending = null))
      return pending
    },
    isLeader: () => leader && !stopped,
    async stop() {
      stopped = true
      await pending
      await drop()
    },
  }
}

/**
 * Runs `tick` every `everyMs` while this instance leads `name` (asked before each tick, so a
 * lost lock stops the work before the next tick). Returns a handle to stop it.
 */
export function runWhileLeader(
  leadership: Leadership,
  tick: () => Promise<unknown>,
  opts: { everyMs: number; onError?: (err: unknown) => void },
): { stop(): Promise<void> } {
  let timer: NodeJS.Timeout | null = null
  let running: Promise<void> | null = null
  let stopped = false
  const loop = () => {
    if (stopped) return
    running = (async () => {
      try {
        if (await leadership.check()) await tick()
      } catch (err) {
        opts.onError?.(err)
      }
    })().finally(() => {
      running = null
      if (!stopped) {
        timer = setTimeout(loop, opts.everyMs)
        timer.unref?.()
      }
    })
  }
  loop()
  return {
    async stop() {
      stopped = true
      if (timer) clearTimeout(timer)
      await running
    },
  }
}
