import 'server-only'
import { db, type DbClient } from './client'

export type DatabaseHealth = { status: 'up'; latencyMs: number } | { status: 'down'; error: string }

/** One round trip to Postgres, bounded so a hung database answers "down" instead of hanging. */
export async function checkDatabase(timeoutMs = 2000, client: DbClient = db): Promise<DatabaseHealth> {
  const started = performance.now()
  let timer: NodeJS.Timeout | undefined
  try {
    await Promise.race([
      client.$queryRaw`SELECT 1`,
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs)
      }),
    ])
    return { status: 'up', latencyMs: Math.round(performance.now() - started) }
  } catch (err) {
    return { status: 'down', error: err instanceof Error ? err.message.split('\n')[0] : 'unreachable' }
  } finally {
    clearTimeout(timer)
  }
}
