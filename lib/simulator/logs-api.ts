// CloudWatch Logs (awsJson1_1, Logs_20140328.<Op>): FilterLogEvents over each service's
// log group, "/ecs/<cluster>/<service>", streams "<service>/<container>/<task id>", and each
// Lambda function's, "/aws/lambda/<function>" (lambda-logs.ts).
import { optNumber, optString, stringList, type ApiContext, type OperationHandler } from './api-context'
import { lambdaLinesBetween, lambdaLogGroup } from './lambda-logs'
import { LOG_RETENTION_MS, linesBetween, parseFilterPattern, type GeneratedLine, type LogFilter } from './logs'
import { simResources } from './resources'
import { AwsApiError, decodeToken, encodeToken } from './wire'

const invalid = (message: string) => new AwsApiError('InvalidParameterException', message)

export const logsOperations: Record<string, OperationHandler> = {
  FilterLogEvents(input, ctx) {
    const byName = optString(input, 'logGroupName')
    const byId = optString(input, 'logGroupIdentifier')
    if (byName && byId) throw invalid('LogGroup name and LogGroup ARN are mutually exclusive parameters.')
    const groupRef = byName ?? byId
    if (!groupRef) throw invalid('Either logGroupName or logGroupIdentifier is required.')
    const groupName = groupRef.startsWith('arn:') ? (groupRef.split(':log-group:')[1]?.replace(/:\*$/, '') ?? '') : groupRef
    const group = logGroup(ctx, groupName)

    const streams = stringList(input, 'logStreamNames')
    const streamPrefix = optString(input, 'logStreamNamePrefix')
    if (streams && streamPrefix) throw invalid('logStreamNames and logStreamNamePrefix are mutually exclusive parameters.')
    if (streams && streams.length > 100) throw invalid('logStreamNames can have at most 100 items.')
    const limit = optNumber(input, 'limit') ?? 10_000
    if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) throw invalid('limit must be between 1 and 10000.')
    let filter: LogFilter
    try {
      filter = parseFilterPattern(optString(input, 'filterPattern'))
    } catch (err) {
      throw invalid((err as Error).message)
    }

    const now = ctx.sim.now()
    // Without a start, the last day (AWS would search all of it).
    const from = Math.max(optNumber(input, 'startTime') ?? now - 24 * 3_600_000, now - LOG_RETENTION_MS)
    const endTime = optNumber(input, 'endTime')
    const to = Math.min(endTime === undefined ? now : endTime + 1, now)
    const token = optString(input, 'nextToken')
    const resume = decodeToken<{ o: number }>(token)
    if (token !== undefined && typeof resume?.o !== 'number') throw invalid('The specified nextToken is invalid.')

    const matching =
      from >= to
        ? []
        : group(from, to).filter((l) => (!streams || streams.includes(l.stream)) && (!streamPrefix || l.stream.startsWith(streamPrefix)) && filter(l.message))
    const offset = resume?.o ?? 0
    const pageItems = matching.slice(offset, offset + limit)
    const more = offset + limit < matching.length
    return {
      events: pageItems.map((l) => ({
        logStreamName: l.stream,
        timestamp: l.timestamp,
        message: l.message,
        ingestionTime: l.timestamp + 350,
        eventId: l.eventId,
      })),
      searchedLogStreams: [],
      nextToken: more ? encodeToken({ o: offset + limit }) : undefined,
    }
  },
}

/** The lines of a log group between two times; a group nobody writes to does not exist. */
function logGroup(ctx: ApiContext, name: string): (from: number, to: number) => GeneratedLine[] {
  for (const s of ctx.sim.services.values())
    if (s.logGroup === name && s.cluster.region === ctx.region) {
      ctx.touch([s.key])
      return (from, to) => linesBetween(ctx.sim.seed, s, from, to)
    }
  const fn = simResources(ctx.sim).find((r) => r.kind === 'LAMBDA' && r.region === ctx.region && lambdaLogGroup(r.awsId) === name)
  if (fn) return (from, to) => lambdaLinesBetween(ctx.sim, fn, from, to)
  throw new AwsApiError('ResourceNotFoundException', 'The specified log group does not exist.')
}
