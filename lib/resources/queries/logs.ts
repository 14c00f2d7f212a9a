import 'server-only'
// A Lambda function's recent error log lines (CloudWatch Logs FilterLogEvents on /aws/lambda/<function>),
// read when someone opens them, at most once per refresh interval per function across instances.
import type { Actor } from '@/lib/actions/actor'
import { isAwsError } from '@/lib/aws/errors'
import { LAMBDA_ERROR_PATTERN, lambdaLogGroup, recentErrorLogs } from '@/lib/aws/logs'
import { db } from '@/lib/db/client'
import { createSharedCache } from '@/lib/db/shared-cache'
import { REFRESH_MS } from '@/lib/health/refresh'
import type { ResourceLogLines } from '../dto'

const cache = createSharedCache()
/** How far back the error lines reach, and how many are shown. */
export const LOG_WINDOW_MS = 60 * 60_000
export const LOG_LINES = 20

type Fn = { id: string; awsId: string; region: string }

/** Reads the lines as of `now`; a failure is kept as its message, never as an empty list. */
export async function loadLambdaErrorLines(fn: Fn, now: Date): Promise<Omit<ResourceLogLines, 'stale'>> {
  const logGroup = lambdaLogGroup(fn.awsId)
  const since = new Date(now.getTime() - LOG_WINDOW_MS)
  const base = { resourceId: fn.id, logGroup, since: since.toISOString(), readAt: now.toISOString() }
  try {
    const lines = await recentErrorLogs(fn.region, { logGroupName: logGroup, since, until: now, limit: LOG_LINES, pattern: LAMBDA_ERROR_PATTERN })
    return { ...base, lines: lines.map((l) => ({ at: l.at, stream: l.stream, message: l.message })), error: null }
  } catch (err) {
    return { ...base, lines: null, error: isAwsError(err) || err instanceof Error ? err.message : String(err) }
  }
}

/** The function's recent error lines; null when there is no such Lambda function in the catalog. */
export async function getResourceErrorLines(
  _actor: Actor,
  resourceId: string,
  { clock = () => new Date() }: { clock?: () => Date } = {},
): Promise<ResourceLogLines | null> {
  const fn = await db.resource.findFirst({ where: { id: resourceId, kind: 'LAMBDA' }, select: { id: true, awsId: true, region: true } })
  if (!fn) return null
  const cached = await cache.get(`resources:logs:${fn.id}:${fn.region}:${fn.awsId}:${REFRESH_MS}`, REFRESH_MS, () => loadLambdaErrorLines(fn, clock()))
  return { ...cached.value, stale: cached.stale }
}
