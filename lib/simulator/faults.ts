// Account-level faults on demand: throttling, access denied, expired credentials
// (ExpiredTokenException), server errors, slow answers and
// no answer at all (hang: the call is held until the client gives up or the fault is
// cleared), for any API or operation, optionally for a number of calls only. For changes:
// delayed_apply holds the call (delayMs, default 15 s: longer than the app's write timeout)
// and then applies it even though the client has given up; drop closes the connection
// without applying it.
import type { ResourceApi } from './resource-api'
import { AwsApiError, type Api } from './wire'

/** Every API a fault can name: the services' and the resources' (resource-api.ts). */
export const faultApis = ['ecs', 'cloudwatch', 'logs', 'elbv2', 'lambda', 'rds', 'elasticache', 'dynamodb'] as const
export type FaultApi = Api | ResourceApi

export const faultKinds = ['throttle', 'access_denied', 'expired_token', 'server_error', 'delay', 'hang', 'delayed_apply', 'drop'] as const
export type FaultKind = (typeof faultKinds)[number]

export type FaultInput = {
  kind: FaultKind
  /** Only this API (all when omitted). */
  api?: FaultApi
  /** Only this operation, e.g. "DescribeServices" (all when omitted). */
  operation?: string
  /** Applies to this many calls, then goes away (forever when omitted). */
  times?: number
  /** delay, delayed_apply: how long to hold each call. */
  delayMs?: number
}

export type ActiveFault = FaultInput & { id: string; hits: number }

export class Faults {
  private list: ActiveFault[] = []
  private seq = 0

  add(input: FaultInput): ActiveFault {
    if (!(faultKinds as readonly string[]).includes(input.kind)) throw new Error(`Unknown fault kind "${String(input.kind)}".`)
    const fault: ActiveFault = { ...input, id: `flt-${++this.seq}`, hits: 0 }
    this.list.push(fault)
    return fault
  }

  all(): ActiveFault[] {
    return this.list.map((f) => ({ ...f }))
  }

  clear(id?: string): number {
    const before = this.list.length
    this.list = id ? this.list.filter((f) => f.id !== id) : []
    return before - this.list.length
  }

  /** The faults that apply to this call; counted ones are used up. */
  take(api: FaultApi, operation: string): ActiveFault[] {
    const hit = this.list.filter((f) => (!f.api || f.api === api) && (!f.operation || f.operation === operation))
    for (const f of hit) f.hits++
    this.list = this.list.filter((f) => f.times === undefined || f.hits < f.times)
    return hit
  }
}

const actionPrefix: Record<FaultApi, string> = {
  ecs: 'ecs',
  cloudwatch: 'cloudwatch',
  logs: 'logs',
  elbv2: 'elasticloadbalancing',
  lambda: 'lambda',
  rds: 'rds',
  elasticache: 'elasticache',
  dynamodb: 'dynamodb',
}
/** JSON APIs name errors "…Exception"; awsQuery ones (CloudWatch's codes, ELB, RDS, ElastiCache) do not. */
const jsonCodes = (api: FaultApi) => api === 'ecs' || api === 'logs' || api === 'lambda' || api === 'dynamodb'

export function throttlingError(api: FaultApi): AwsApiError {
  // Lambda answers 429 TooManyRequestsException; DynamoDB's control plane ThrottlingException.
  if (api === 'lambda') return new AwsApiError('TooManyRequestsException', 'Rate exceeded', { status: 429 })
  return jsonCodes(api) ? new AwsApiError('ThrottlingException', 'Rate exceeded') : new AwsApiError('Throttling', 'Rate exceeded')
}

export function faultError(
  kind: Exclude<FaultKind, 'delay' | 'hang' | 'delayed_apply' | 'drop'>,
  api: FaultApi,
  operation: string,
  accountId: string,
): AwsApiError {
  if (kind === 'throttle') return throttlingError(api)
  if (kind === 'access_denied') {
    const action = `${actionPrefix[api]}:${operation}`
    const message = `User: arn:aws:sts::${accountId}:assumed-role/incident-command/app is not authorized to perform: ${action} because no identity-based policy allows the ${action} action`
    if (api === 'lambda') return new AwsApiError('AccessDeniedException', message, { status: 403 })
    return jsonCodes(api) ? new AwsApiError('AccessDeniedException', message) : new AwsApiError('AccessDenied', message, { status: 403 })
  }
  if (kind === 'expired_token') {
    // What every AWS API answers when the session token of a role has run out.
    if (api === 'lambda') return new AwsApiError('ExpiredTokenException', 'The security token included in the request is expired', { status: 403 })
    return jsonCodes(api)
      ? new AwsApiError('ExpiredTokenException', 'The security token included in the request is expired', { status: 400 })
      : new AwsApiError('ExpiredToken', 'The security token included in the request is expired', { status: 403 })
  }
  switch (api) {
    case 'lambda':
      return new AwsApiError('ServiceException', 'An error occurred and the request cannot be processed.', { status: 500 })
    case 'dynamodb':
      return new AwsApiError('InternalServerError', 'Internal server error', { status: 500 })
    case 'ecs':
      return new AwsApiError('ServerException', 'Service Unavailable. Please try again later.', { status: 500 })
    case 'logs':
      return new AwsApiError('ServiceUnavailableException', 'The service cannot complete the request.', { status: 503 })
    case 'cloudwatch':
      return new AwsApiError('InternalServiceError', 'Internal service error.', { status: 500 })
    case 'elbv2':
    case 'rds':
    case 'elasticache':
      return new AwsApiError('InternalFailure', 'Internal failure.', { status: 500 })
  }
}
