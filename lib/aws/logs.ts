import 'server-only'
import { FilterLogEventsCommand, type FilteredLogEvent } from '@aws-sdk/client-cloudwatch-logs'
import { awsClients } from './clients'
import { callAws } from './errors'
import type { LogLine } from './types'

/** Matches lines carrying any of these words (CloudWatch term syntax, case-sensitive). */
export const ERROR_PATTERN = '?ERROR ?FATAL ?Exception ?OutOfMemory ?panic'

/** A Lambda function's log group (the runtime creates it on the first invocation). */
export const lambdaLogGroup = (functionName: string) => `/aws/lambda/${functionName}`

/** A Lambda function's failures: its own ERROR lines, the runtime's timeouts and crashes. */
export const LAMBDA_ERROR_PATTERN = '?ERROR ?"Task timed out" ?Exception ?"Runtime exited"'

const levelPattern = /\b(FATAL|ERROR|WARN|INFO|DEBUG)\b/

export type RecentLogsQuery = {
  logGroupName: string
  since: Date
  /** Defaults to now. */
  until?: Date
  /** How many lines to return (default 50). */
  limit?: number
  streamPrefix?: string
  /** CloudWatch filter pattern; ERROR_PATTERN by default. */
  pattern?: string
}

/**
 * The most recent matching lines of a log group, newest first. One FilterLogEvents call when
 * the window fits in a page (the usual case); otherwise it searches backwards from `until` in
 * growing slices, so a noisy hour costs a few calls instead of paging through all of it.
 */
export async function recentErrorLogs(region: string, query: RecentLogsQuery): Promise<LogLine[]> {
  const limit = query.limit ?? 50
  const until = query.until?.getTime() ?? Date.now()
  const since = query.since.getTime()
  const first = await filterPage(region, query, since, until)
  if (!first.nextToken) return newest(first.events, limit)

  const found: FilteredLogEvent[] = []
  let end = until
  let span = 5 * 60_000
  while (end > since && found.length < limit) {
    const start = Math.max(since, end - span)
    let page = await filterPage(region, query, start, end)
    const slice = [...page.events]
    for (let pages = 1; page.nextToken && pages < 3; pages++) {
      page = await filterPage(region, query, start, end, page.nextToken)
      slice.push(...page.events)
    }
    found.push(...slice)
    end = start - 1
    span *= 2
  }
  return newest(found, limit)
}

async function filterPage(region: string, query: RecentLogsQuery, start: number, end: number, nextToken?: string) {
  const out = await callAws('logs:FilterLogEvents', `log group ${query.logGroupName}`, () =>
    awsClients(region).logs.send(
      new FilterLogEventsCommand({
        logGroupName: query.logGroupName,
        logStreamNamePrefix: query.streamPrefix,
        startTime: start,
        endTime: end,
        filterPattern: query.pattern ?? ERROR_PATTERN,
        nextToken,
      }),
    ),
  )
  return { events: out.events ?? [], nextToken: out.nextToken }
}

function newest(events: FilteredLogEvent[], limit: number): LogLine[] {
  return events
    .map(toLogLine)
    .sort((a, b) => b.timestamp - a.timestamp)
    .slice(0, limit)
}

function toLogLine(e: FilteredLogEvent): LogLine {
  const timestamp = e.timestamp ?? 0
  const message = (e.message ?? '').trimEnd()
  return {
    at: new Date(timestamp).toISOString(),
    timestamp,
    stream: e.logStreamName ?? '',
    message,
    level: (levelPattern.exec(message)?.[1] as LogLine['level'] | undefined) ?? null,
    eventId: e.eventId ?? null,
  }
}
