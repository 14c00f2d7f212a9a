import 'server-only'
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch'
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs'
import { ECSClient, type ECSClientConfig } from '@aws-sdk/client-ecs'
import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { ElastiCacheClient } from '@aws-sdk/client-elasticache'
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2'
import { LambdaClient } from '@aws-sdk/client-lambda'
import { RDSClient } from '@aws-sdk/client-rds'
import { paced } from './pace'

// One set of SDK clients per region, created on first use. Credentials come from the
// standard chain and endpoints from the SDK's own resolution, so AWS_ENDPOINT_URL_* (set by
// the launcher in simulated mode) redirects every client without code here reading the
// environment. Tests and the launcher may override through configureAwsClients.

export type AwsClientSettings = {
  /** One endpoint for all four services, e.g. the simulator's URL. */
  endpoint?: string
  /** Static credentials instead of the standard chain. */
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }
  /** Attempts per call including the first (default 2: with the timeouts below, a call gives up within about 10 s, one refresh interval). */
  maxAttempts?: number
  /** Backoff base in ms between retries; unset keeps the SDK's (50 ms, 1 s when throttled). */
  retryBaseDelayMs?: number
  /** Give up on one attempt after this long (default 4 s). */
  requestTimeoutMs?: number
  /** Give up connecting after this long (default 2 s). */
  connectionTimeoutMs?: number
  /**
   * Changes (UpdateService, RegisterTaskDefinition) are sent once, never retried by the SDK,
   * and given up on after this long (default 10 s); the caller then reads the service back.
   */
  writeTimeoutMs?: number
}

export type AwsClients = {
  region: string
  ecs: ECSClient
  /** For changes only: one attempt, no SDK retry, the write timeout. */
  ecsWrite: ECSClient
  cloudwatch: CloudWatchClient
  logs: CloudWatchLogsClient
  elb: ElasticLoadBalancingV2Client
  /** Resources beside services (lib/aws/resources.ts): describe and list calls only. */
  lambda: LambdaClient
  rds: RDSClient
  elasticache: ElastiCacheClient
  dynamodb: DynamoDBClient
}

let settings: AwsClientSettings = {}
const byRegion = new Map<string, AwsClients>()

/** Replaces the settings; clients made with the old ones are closed and rebuilt on next use. */
export function configureAwsClients(next: AwsClientSettings) {
  settings = { ...next }
  resetAwsClients()
}

export function resetAwsClients() {
  for (const c of byRegion.values()) {
    c.ecs.destroy()
    c.ecsWrite.destroy()
    c.cloudwatch.destroy()
    c.logs.destroy()
    c.elb.destroy()
    c.lambda.destroy()
    c.rds.destroy()
    c.elasticache.destroy()
    c.dynamodb.destroy()
  }
  byRegion.clear()
}

export function awsClients(region: string): AwsClients {
  let clients = byRegion.get(region)
  if (!clients) {
    const config = clientConfig(region)
    clients = {
      region,
      // Reads wait their turn under AWS's rates (lib/aws/pace.ts); changes are not paced (the remediation limits hold them).
      ecs: paced(new ECSClient(config), 'ecs', region),
      ecsWrite: new ECSClient(writeConfig(region)),
      cloudwatch: paced(new CloudWatchClient(config), 'cloudwatch', region),
      logs: paced(new CloudWatchLogsClient(config), 'logs', region),
      elb: paced(new ElasticLoadBalancingV2Client(config), 'elbv2', region),
      lambda: paced(new LambdaClient(config), 'lambda', region),
      rds: paced(new RDSClient(config), 'rds', region),
      elasticache: paced(new ElastiCacheClient(config), 'elasticache', region),
      dynamodb: paced(new DynamoDBClient(config), 'dynamodb', region),
    }
    byRegion.set(region, clients)
  }
  return clients
}

function clientConfig(region: string): ECSClientConfig {
  const maxAttempts = settings.maxAttempts ?? 2
  return {
    region,
    endpoint: settings.endpoint,
    credentials: settings.credentials,
    maxAttempts,
    retryStrategy: settings.retryBaseDelayMs === undefined ? undefined : backoffRetry(maxAttempts, settings.retryBaseDelayMs),
    requestHandler: {
      requestTimeout: settings.requestTimeoutMs ?? 4_000,
      connectionTimeout: settings.connectionTimeoutMs ?? 2_000,
      throwOnRequestTimeout: true,
    },
  }
}

/** A change must reach AWS at most once: a retry after a timeout could apply it twice. */
function writeConfig(region: string): ECSClientConfig {
  return {
    region,
    endpoint: settings.endpoint,
    credentials: settings.credentials,
    maxAttempts: 1,
    requestHandler: {
      requestTimeout: settings.writeTimeoutMs ?? 10_000,
      connectionTimeout: settings.connectionTimeoutMs ?? 2_000,
      throwOnRequestTimeout: true,
    },
  }
}

type RetryStrategy = NonNullable<ECSClientConfig['retryStrategy']>

/** The SDK's retry rules (throttling and transient errors, up to maxAttempts) with our own backoff base. */
function backoffRetry(maxAttempts: number, baseMs: number): RetryStrategy {
  const token = (count: number, delay: number) => ({ getRetryCount: () => count, getRetryDelay: () => delay })
  return {
    mode: 'standard',
    acquireInitialRetryToken: async () => token(0, 0),
    refreshRetryTokenForRetry: async (previous, info) => {
      const count = previous.getRetryCount() + 1
      const retryable = info.errorType === 'THROTTLING' || info.errorType === 'TRANSIENT'
      if (!retryable || count >= maxAttempts) throw new Error('No retry token available')
      return token(count, baseMs * 2 ** (count - 1))
    },
    recordSuccess: () => {},
  }
}
