// The simulator as an HTTP server: AWS wire protocols on POST /, a control API under /_sim.
import { randomUUID } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { ApiContext, Input, OperationHandler } from './api-context'
import { cloudWatchOperations } from './cloudwatch-api'
import { handleControl } from './control-api'
import { ecsOperations } from './ecs-api'
import { elbv2Operations } from './elbv2-api'
import { faultError, Faults, throttlingError, type ActiveFault, type FaultApi, type FaultInput } from './faults'
import { logsOperations } from './logs-api'
import { RateLimiter } from '../aws/rate-limits'
import { isLambdaPath } from './lambda-api'
import { resourceCallOf, sendResourceError } from './resource-api'
import type { ActiveScenario, ScenarioInput, ScenarioKind } from './scenarios'
import { Simulation, type ServiceSnapshot, type SimulationOptions } from './simulation'
import { SimSns } from './sns'
import { handleSnsControl } from './sns-api'
import { AwsApiError, parseQueryForm, readBody, regionOf, send, sendError, sendJsonResult, sendQueryResult, type Api } from './wire'

export type SimulatorOptions = SimulationOptions & {
  /** 0 or omitted: a free port. */
  port?: number
  host?: string
  /** Throttle calls above AWS's request rates (default true). */
  rateLimits?: boolean
  /** Told of every AWS call as it arrives ("ecs:UpdateService"), for benchmarks. */
  onCall?: (operation: string) => void
  /** SNS deliveries: the wait before the first retry, doubling after (default 1 s). */
  snsRetryDelayMs?: number
}

export type CallCounts = {
  total: number
  /** Of those, answered with a throttling error (rate limit, scenario or fault). */
  throttled: number
  /** "ecs:DescribeServices" → count. Every HTTP attempt counts, retries included. */
  byOperation: Record<string, number>
  /** Metrics asked of GetMetricData (each MetricStat query, every call): what CloudWatch bills, $0.01 per 1,000. */
  metricsRequested: number
  since: string
}

export type SimulatorHandle = {
  url: string
  port: number
  /** The state model, for tests that want to look inside. */
  sim: Simulation
  /** Simulated now (epoch ms). */
  now(): number
  /** Moves simulated time forward and runs the simulation up to it. */
  advance(ms: number): void
  scenarios: {
    list(): ActiveScenario[]
    inject(input: ScenarioInput): ActiveScenario
    clear(filter?: { id?: string; cluster?: string; service?: string; scenario?: ScenarioKind }): number
  }
  faults: {
    list(): ActiveFault[]
    add(input: FaultInput): ActiveFault
    clear(id?: string): number
    /** Calls held by a hang fault right now. */
    hanging(): number
  }
  calls: {
    counts(): CallCounts
    reset(): void
  }
  services(): ServiceSnapshot[]
  /** Simulated SNS: the clusters' alert topics, HTTP(S) subscriptions, signed deliveries (lib/simulator/sns.ts). */
  sns: SimSns
  /** Environment for a process whose SDK clients should talk to this simulator. */
  env(): Record<string, string>
  stop(): Promise<void>
}

const targets: Record<string, Exclude<Api, 'elbv2'>> = {
  AmazonEC2ContainerServiceV20141113: 'ecs',
  GraniteServiceVersion20100801: 'cloudwatch',
  Logs_20140328: 'logs',
}

const operations: Record<Api, Record<string, OperationHandler>> = {
  ecs: ecsOperations,
  cloudwatch: cloudWatchOperations,
  logs: logsOperations,
  elbv2: elbv2Operations,
}

function unknownOperation(api: Api, operation: string) {
  return api === 'ecs' || api === 'logs'
    ? new AwsApiError('UnknownOperationException', `The simulator does not implement ${operation}.`)
    : new AwsApiError('InvalidAction', `The simulator does not implement ${operation}.`)
}

export async function startSimulator(opts: SimulatorOptions = {}): Promise<SimulatorHandle> {
  const log = opts.log ?? (() => {})
  const publisher: { sns?: SimSns } = {}
  const sim = new Simulation({
    ...opts,
    onNotice: (n) => {
      opts.onNotice?.(n)
      publisher.sns?.notice(n)
    },
  })
  const topics = await SimSns.create({
    accountId: sim.accountId,
    region: sim.defaultRegion,
    clusters: [...sim.clusters.values()].map((c) => ({ name: c.name, region: c.region })),
    log,
    retryDelayMs: opts.snsRetryDelayMs,
  })
  publisher.sns = topics
  const faults = new Faults()
  // Calls held by hang faults: each ends when its client hangs up or the faults are cleared.
  const held = new Set<() => void>()
  const holdUntilReleased = (req: IncomingMessage) =>
    new Promise<void>((done) => {
      const release = () => {
        held.delete(release)
        done()
      }
      held.add(release)
      req.on('close', release)
    })
  // Simulated time: a test's frozen clock is a burst; advancing it refills the buckets.
  const limiter = opts.rateLimits === false ? null : new RateLimiter(() => sim.now())
  let counts = new Map<string, number>()
  let throttled = 0
  let metricsRequested = 0
  let countingSince = sim.now()

  /** Applies the faults on this call: holds it, or throws the fault's error; false when the request is gone (dropped, or its client hung up). */
  async function faultsLetThrough(api: FaultApi, operation: string, req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    for (const fault of faults.take(api, operation)) {
      if (fault.kind === 'delay') await new Promise((r) => setTimeout(r, fault.delayMs ?? 1000))
      else if (fault.kind === 'delayed_apply')
        await new Promise((r) => setTimeout(r, fault.delayMs ?? 15_000)) // applied below, answered if anyone still listens
      else if (fault.kind === 'drop') {
        req.socket.destroy() // received, never applied, never answered
        return false
      } else if (fault.kind === 'hang') {
        await holdUntilReleased(req)
        if (res.destroyed) return false
      } else throw faultError(fault.kind, api, operation, sim.accountId)
    }
    return true
  }

  async function handleAws(req: IncomingMessage, res: ServerResponse) {
    const requestId = randomUUID()
    const body = (await readBody(req)).toString('utf8')
    const target = String(req.headers['x-amz-target'] ?? '')
    const count = (key: string) => counts.set(key, (counts.get(key) ?? 0) + 1)
    const region = regionOf(req, sim.defaultRegion)
    // Lambda, RDS, ElastiCache and DynamoDB (resource-api.ts): the same faults and rate limits, their own wire shapes.
    const call = resourceCallOf(req, body)
    if (call) {
      count(`${call.api}:${call.operation}`)
      opts.onCall?.(`${call.api}:${call.operation}`)
      try {
        if (!(await faultsLetThrough(call.api, call.operation, req, res))) return
        if (limiter && !limiter.take(call.api, call.operation, region)) throw throttlingError(call.api)
        sim.sync()
        call.answer(res, { sim, region, requestId })
      } catch (err) {
        if (res.destroyed) return
        if (!(err instanceof AwsApiError)) log(`simulator: ${call.api}:${call.operation} failed: ${(err as Error)?.stack ?? String(err)}`)
        const e = err instanceof AwsApiError ? err : new AwsApiError('InternalFailure', 'Internal error in the simulator.', { status: 500 })
        if (/^Throttling|^TooManyRequests/.test(e.code)) throttled++
        sendResourceError(res, call.api, requestId, e)
      }
      return
    }
    let api: Api
    let operation: string
    let input: Input
    if (target) {
      const [prefix, op] = target.split('.')
      if (!targets[prefix] || !op) {
        send(res, 400, JSON.stringify({ __type: 'UnknownOperationException', message: `Unknown target ${target}` }), {
          'content-type': 'application/x-amz-json-1.1',
          'x-amzn-requestid': requestId,
        })
        return
      }
      api = targets[prefix]
      operation = op
      try {
        input = body ? (JSON.parse(body) as Input) : {}
      } catch {
        sendError(res, api, requestId, new AwsApiError('SerializationException', 'The request body is not valid JSON.'))
        return
      }
    } else {
      const form = parseQueryForm(body)
      if (form.Version !== '2015-12-01') {
        send(
          res,
          400,
          `<ErrorResponse><Error><Type>Sender</Type><Code>InvalidAction</Code><Message>Only ELBv2 (Version 2015-12-01) speaks awsQuery here.</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`,
          {
            'content-type': 'text/xml',
            'x-amzn-requestid': requestId,
          },
        )
        return
      }
      api = 'elbv2'
      operation = String(form.Action ?? '')
      input = form
    }
    const key = `${api}:${operation}`
    count(key)
    if (key === 'cloudwatch:GetMetricData' && Array.isArray(input.MetricDataQueries))
      metricsRequested += (input.MetricDataQueries as { MetricStat?: unknown }[]).filter((q) => q?.MetricStat).length
    opts.onCall?.(key)

    try {
      if (!(await faultsLetThrough(api, operation, req, res))) return
      if (limiter && !limiter.take(api, operation, region)) throw throttlingError(api)
      const handler = operations[api][operation]
      if (!handler) throw unknownOperation(api, operation)
      sim.sync()
      const ctx: ApiContext = {
        sim,
        region,
        requestId,
        touch(keys) {
          if (sim.isThrottled(keys)) throw throttlingError(api)
        },
      }
      const result = handler(input, ctx) as Record<string, unknown>
      if (res.destroyed) return
      if (api === 'elbv2') sendQueryResult(res, operation, requestId, result)
      else sendJsonResult(res, api, requestId, result)
    } catch (err) {
      if (res.destroyed) return
      if (err instanceof AwsApiError) {
        if (/^Throttling/.test(err.code)) throttled++
        sendError(res, api, requestId, err)
        return
      }
      log(`simulator: ${key} failed: ${(err as Error)?.stack ?? String(err)}`)
      const internal =
        api === 'ecs'
          ? new AwsApiError('ServerException', 'Internal error in the simulator.', { status: 500 })
          : new AwsApiError(api === 'logs' ? 'ServiceUnavailableException' : 'InternalFailure', 'Internal error in the simulator.', { status: 500 })
      sendError(res, api, requestId, internal)
    }
  }

  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]
    const work = path.startsWith('/_sim/sns')
      ? handleSnsControl(topics, sim.defaultRegion, req, res, new URL(req.url ?? '/', 'http://simulator'))
      : path.startsWith('/_sim')
        ? handleControl(handle, req, res)
        : req.method === 'POST' || isLambdaPath(path)
          ? handleAws(req, res)
          : notFound(res)
    work.catch((err: unknown) => {
      log(`simulator: request failed: ${(err as Error)?.stack ?? String(err)}`)
      if (!res.headersSent && !res.destroyed) send(res, 500, JSON.stringify({ error: 'internal error' }), { 'content-type': 'application/json' })
    })
  })
  server.keepAliveTimeout = 5_000

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => {
      server.off('error', reject)
      resolve()
    })
  })
  const port = (server.address() as AddressInfo).port
  const url = `http://${opts.host && opts.host !== '0.0.0.0' ? opts.host : '127.0.0.1'}:${port}`
  topics.listenAt(url)
  log(`simulator listening on ${url} (${sim.services.size} services)`)

  // Requests are only served from the next turn of the event loop, after this is set.
  const handle: SimulatorHandle = {
    url,
    port,
    sim,
    now: () => sim.now(),
    advance: (ms) => sim.advance(ms),
    scenarios: {
      list: () => sim.listScenarios(),
      inject: (input) => sim.injectScenario(input),
      clear: (filter) => sim.clearScenarios(filter),
    },
    faults: {
      list: () => faults.all(),
      add: (input) => faults.add(input),
      clear: (id) => {
        const cleared = faults.clear(id)
        if (!faults.all().some((f) => f.kind === 'hang')) for (const release of held) release()
        return cleared
      },
      hanging: () => held.size,
    },
    calls: {
      counts: () => {
        const byOperation = Object.fromEntries([...counts.entries()].sort(([a], [b]) => (a < b ? -1 : 1)))
        const total = [...counts.values()].reduce((a, b) => a + b, 0)
        return { total, throttled, byOperation, metricsRequested, since: new Date(countingSince).toISOString() }
      },
      reset: () => {
        counts = new Map()
        throttled = 0
        metricsRequested = 0
        countingSince = sim.now()
      },
    },
    services: () => sim.snapshot(),
    sns: topics,
    env: () => simulatorEnv(url, sim.defaultRegion),
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()))
        server.closeAllConnections()
      }),
  }
  return handle
}

/** The SDK's own variables that point every client at the simulator, with dummy credentials. */
export function simulatorEnv(url: string, region = 'us-east-1'): Record<string, string> {
  return {
    AWS_ENDPOINT_URL_ECS: url,
    AWS_ENDPOINT_URL_CLOUDWATCH: url,
    AWS_ENDPOINT_URL_CLOUDWATCH_LOGS: url,
    AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2: url,
    AWS_ENDPOINT_URL_LAMBDA: url,
    AWS_ENDPOINT_URL_RDS: url,
    AWS_ENDPOINT_URL_ELASTICACHE: url,
    AWS_ENDPOINT_URL_DYNAMODB: url,
    AWS_REGION: region,
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
  }
}

async function notFound(res: ServerResponse) {
  send(res, 404, JSON.stringify({ error: 'not found' }), { 'content-type': 'application/json', 'x-amzn-requestid': randomUUID() })
}
