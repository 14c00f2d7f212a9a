import 'server-only'

// SDK errors become one small typed error with a message a responder can act on.
export const awsErrorKinds = ['throttled', 'access_denied', 'not_found', 'invalid', 'timeout', 'unknown'] as const
export type AwsErrorKind = (typeof awsErrorKinds)[number]

export class AwsError extends Error {
  readonly kind: AwsErrorKind
  /** AWS's request id when the call reached AWS; quote it to AWS support. */
  readonly requestId: string | null
  /** The AWS error code, e.g. "ThrottlingException". */
  readonly code: string
  /** "ecs:UpdateService" */
  readonly operation: string
  readonly httpStatus: number | null

  constructor(
    fields: { kind: AwsErrorKind; message: string; requestId: string | null; code: string; operation: string; httpStatus: number | null },
    options?: { cause?: unknown },
  ) {
    super(fields.message, options)
    this.name = 'AwsError'
    this.kind = fields.kind
    this.requestId = fields.requestId
    this.code = fields.code
    this.operation = fields.operation
    this.httpStatus = fields.httpStatus
  }
}

export function isAwsError(err: unknown): err is AwsError {
  return err instanceof AwsError
}

const throttled = new Set([
  'ThrottlingException',
  'Throttling',
  'ThrottledException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'RateExceeded',
  'SlowDown',
])
const denied = new Set([
  'AccessDeniedException',
  'AccessDenied',
  'UnauthorizedOperation',
  'UnrecognizedClientException',
  'InvalidClientTokenId',
  'ExpiredToken',
  'ExpiredTokenException',
  'RequestExpired',
  'TokenRefreshRequired',
  'IncompleteSignature',
  'InvalidSignatureException',
  'SignatureDoesNotMatch',
  'MissingAuthenticationToken',
  'CredentialsProviderError',
])
/** Denied because of the credentials themselves, not a missing permission: IAM has nothing to grant. */
const expired = new Set(['ExpiredToken', 'ExpiredTokenException', 'RequestExpired', 'TokenRefreshRequired'])
const badCredentials = new Set([
  'UnrecognizedClientException',
  'InvalidClientTokenId',
  'InvalidSignatureException',
  'SignatureDoesNotMatch',
  'MissingAuthenticationToken',
  'IncompleteSignature',
])
const notFound = new Set([
  'ServiceNotFoundException',
  'ServiceNotActiveException',
  'ClusterNotFoundException',
  'ResourceNotFoundException',
  'ResourceNotFound',
  'TargetGroupNotFound',
  'TargetGroupNotFoundException',
  'LoadBalancerNotFound',
  'LoadBalancerNotFoundException',
  'DBInstanceNotFound',
  'DBInstanceNotFoundFault',
  'CacheClusterNotFound',
  'CacheClusterNotFoundFault',
  'NotFound',
])
const invalid = new Set([
  'InvalidParameterException',
  'InvalidParameterValue',
  'InvalidParameterValueException',
  'InvalidParameterCombination',
  'InvalidParameterCombinationException',
  'MissingParameter',
  'MissingRequiredParameterException',
  'ValidationError',
  'ValidationException',
  'InvalidNextToken',
  'InvalidConfigurationRequest',
  'InvalidConfigurationRequestException',
  'PlatformTaskDefinitionIncompatibilityException',
  'UnsupportedFeatureException',
  'SerializationException',
  'ClientException',
])
const timeouts = new Set(['TimeoutError', 'RequestTimeout', 'RequestTimeoutException', 'ETIMEDOUT', 'AbortError'])
const unreachable = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNRESET'])

type SdkLike = {
  name?: string
  code?: string
  Code?: string
  message?: string
  $metadata?: { httpStatusCode?: number; requestId?: string }
}

function kindOf(code: string, name: string, status: number | null, message: string): AwsErrorKind {
  if (throttled.has(code) || throttled.has(name) || status === 429) return 'throttled'
  if (denied.has(code) || denied.has(name) || status === 403) return 'access_denied'
  if (timeouts.has(code) || timeouts.has(name)) return 'timeout'
  // ECS says "not found" with a ClientException for task definitions.
  if ((code === 'ClientException' || name === 'ClientException') && /not found|unable to describe/i.test(message)) return 'not_found'
  if (notFound.has(code) || notFound.has(name)) return 'not_found'
  if (invalid.has(code) || invalid.has(name)) return 'invalid'
  return 'unknown'
}

/**
 * Maps whatever an SDK call threw. `operation` is "service:Action"; `subject` names what
 * was acted on ("service orders-api in shop-prod") for the message.
 */
export function toAwsError(err: unknown, operation: string, subject?: string): AwsError {
  if (err instanceof AwsError) return err
  const e = (typeof err === 'object' && err !== null ? err : { message: String(err) }) as SdkLike
  const name = e.name ?? 'Error'
  // Query-compatible services put the awsQuery code in Code; Node network errors in code.
  const code = e.Code ?? (typeof e.code === 'string' ? e.code : undefined) ?? name
  const status = e.$metadata?.httpStatusCode ?? null
  const awsMessage = (e.message ?? '').trim()
  const kind = unreachable.has(code) ? 'unknown' : kindOf(code, name, status, awsMessage)
  const on = subject ? ` on ${subject}` : ''
  let message: string
  switch (kind) {
    case 'throttled':
      message = `AWS is rate-limiting ${operation} calls right now. Wait a few seconds and try again.`
      break
    case 'access_denied':
      message =
        name === 'CredentialsProviderError'
          ? `No AWS credentials were found for ${operation}. Configure credentials for the app, or run it with AWS_MODE=simulated.`
          : expired.has(code) || expired.has(name)
            ? `The app's AWS credentials have expired (${code}); ${operation} was refused. Renew the credentials (a new session or role assumption) and the app will read again.`
            : badCredentials.has(code) || badCredentials.has(name)
              ? `AWS does not accept the app's credentials (${code}); ${operation} was refused. Check the access key, secret and session token the app runs with.`
              : `The app's AWS identity is not allowed to call ${operation}${on}. Grant it ${operation} in IAM.`
      break
    case 'not_found':
      message = `${subject ? capitalize(subject) : 'The resource'} was not found (${operation}${awsMessage ? `: ${awsMessage}` : ''}).`
      break
    case 'invalid':
      message = `AWS rejected ${operation}${on}: ${awsMessage || code}`
      break
    case 'timeout':
      message = `${operation} did not answer in time. AWS or the network may be slow; try again.`
      break
    default:
      message = unreachable.has(code)
        ? `Could not reach AWS for ${operation} (${code}). Check the network or the endpoint setting.`
        : `${operation} failed${on}: ${awsMessage || code}`
  }
  return new AwsError({ kind, message, requestId: e.$metadata?.requestId ?? null, code, operation, httpStatus: status }, { cause: err })
}

/**
 * A change that failed this way may still have been applied: the request may have reached
 * AWS before the answer was lost (timeout, dropped connection, AWS's own 5xx). Read back.
 * Throttling, denial, not found and invalid input are AWS refusing it: nothing changed.
 */
export function mayHaveLanded(err: unknown): boolean {
  if (!isAwsError(err)) return false
  if (err.kind === 'timeout') return true
  if (err.kind !== 'unknown') return false
  return err.httpStatus === null || err.httpStatus >= 500
}

/** Runs one SDK call and rethrows its failure as an AwsError. */
export async function callAws<T>(operation: string, subject: string | undefined, run: () => Promise<T>): Promise<T> {
  try {
    return await run()
  } catch (err) {
    throw toAwsError(err, operation, subject)
  }
}

function capitalize(s: string) {
  return s.charAt(0).toUpperCase() + s.slice(1)
}
