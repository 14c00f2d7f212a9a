// Describe and list calls for the simulated resources (resources.ts), each in its own wire protocol:
//   Lambda       REST-JSON   GET /2015-03-31/functions/ (ListFunctions), …/functions/<name>/configuration,
//                            GET /2019-09-30/functions/<name>/concurrency
//   RDS          awsQuery    Version 2014-10-31: DescribeDBInstances
//   ElastiCache  awsQuery    Version 2015-02-02: DescribeCacheClusters
//   DynamoDB     awsJson1_0  DynamoDB_20120810.ListTables, DescribeTable
// server.ts hands these requests here before its own protocols.
import type { IncomingMessage, ServerResponse } from 'node:http'
import { activeResourceScenarios, findResource, resourceStatus, simResources, type SimResource } from './resources'
import type { Simulation } from './simulation'
import { parseQueryForm, send, toWireJson, toXml, xmlEscape } from './wire'

export type ResourceCallContext = { sim: Simulation; region: string; requestId: string; count(operation: string): void }

const LAMBDA_PATH = /^\/(2015-03-31|2019-09-30)\/functions\/?/
export const isLambdaPath = (path: string) => LAMBDA_PATH.test(path)
const queryApis: Record<string, { api: 'rds' | 'elasticache'; ns: string }> = {
  '2014-10-31': { api: 'rds', ns: 'http://rds.amazonaws.com/doc/2014-10-31/' },
  '2015-02-02': { api: 'elasticache', ns: 'http://elasticache.amazonaws.com/doc/2015-02-02/' },
}

/** Answers the request when it is one of these APIs; false leaves it to server.ts. */
export function handleResourceCall(req: IncomingMessage, res: ServerResponse, body: string, ctx: ResourceCallContext): boolean {
  const path = (req.url ?? '/').split('?')[0]
  if (isLambdaPath(path)) return (lambda(req, res, ctx), true)
  const target = String(req.headers['x-amz-target'] ?? '')
  if (target.startsWith('DynamoDB_20120810.')) return (dynamo(target.split('.')[1], body, res, ctx), true)
  if (target) return false
  const form = parseQueryForm(body)
  const q = queryApis[String(form.Version ?? '')]
  if (!q) return false
  query(q.api, q.ns, String(form.Action ?? ''), form, res, ctx)
  return true
}

// ---- Lambda ----

function lambdaError(res: ServerResponse, ctx: ResourceCallContext, status: number, type: string, message: string) {
  send(res, status, JSON.stringify({ Type: 'User', message }), {
    'content-type': 'application/json',
    'x-amzn-errortype': type,
    'x-amzn-requestid': ctx.requestId,
  })
}

function functionConfiguration(sim: Simulation, r: SimResource) {
  return {
    FunctionName: r.awsId,
    FunctionArn: r.arn,
    Runtime: 'nodejs20.x',
    Handler: 'index.handler',
    Timeout: Number(r.config.timeoutSeconds ?? 3),
    MemorySize: 512,
    State: resourceStatus(sim, r),
    LastUpdateStatus: 'Successful',
    LastModified: new Date(sim.startedAt).toISOString().replace('Z', '+0000'),
  }
}

function lambda(req: IncomingMessage, res: ServerResponse, ctx: ResourceCallContext) {
  const url = new URL(req.url ?? '/', 'http://simulator')
  const parts = url.pathname.split('/').filter(Boolean)
  const version = parts[0]
  const name = parts[2] ? decodeURIComponent(parts[2]) : undefined
  const functions = simResources(ctx.sim).filter((r) => r.kind === 'LAMBDA' && r.region === ctx.region)
  if (req.method !== 'GET') return lambdaError(res, ctx, 400, 'InvalidRequestContentException', 'The simulator serves Lambda reads only.')
  if (!name && version === '2015-03-31') {
    ctx.count('lambda:ListFunctions')
    const offset = Number(url.searchParams.get('Marker') ?? 0) || 0
    const max = Math.min(50, Number(url.searchParams.get('MaxItems') ?? 50) || 50)
    const page = functions.slice(offset, offset + max)
    const body = {
      Functions: page.map((r) => functionConfiguration(ctx.sim, r)),
      NextMarker: offset + max < functions.length ? String(offset + max) : undefined,
    }
    return send(res, 200, toWireJson(body), { 'content-type': 'application/json', 'x-amzn-requestid': ctx.requestId })
  }
  const r = name ? findResource(ctx.sim, ctx.region, 'LAMBDA', name) : undefined
  const op = version === '2019-09-30' ? 'GetFunctionConcurrency' : 'GetFunctionConfiguration'
  ctx.count(`lambda:${op}`)
  if (!r) return lambdaError(res, ctx, 404, 'ResourceNotFoundException', `Function not found: ${name ?? ''}`)
  const body =
    op === 'GetFunctionConcurrency' ? { ReservedConcurrentExecutions: Number(r.config.concurrencyLimit ?? 0) || undefined } : functionConfiguration(ctx.sim, r)
  send(res, 200, toWireJson(body), { 'content-type': 'application/json', 'x-amzn-requestid': ctx.requestId })
}

// ---- RDS and ElastiCache (awsQuery) ----

/** Lists whose members are named elements (<DBInstance>), as these APIs answer. */
const tag = (name: string, value: unknown) =>
  value === undefined || value === null ? '' : `<${name}>${typeof value === 'string' ? xmlEscape(value) : toXml(value)}</${name}>`

function queryError(res: ServerResponse, ns: string, ctx: ResourceCallContext, status: number, code: string, message: string) {
  const xml = `<ErrorResponse xmlns="${ns}"><Error><Type>Sender</Type><Code>${code}</Code><Message>${xmlEscape(message)}</Message></Error><RequestId>${ctx.requestId}</RequestId></ErrorResponse>`
  send(res, status, xml, { 'content-type': 'text/xml', 'x-amzn-requestid': ctx.requestId })
}

function dbInstance(sim: Simulation, r: SimResource, all: SimResource[]) {
  const replicas = all.filter((x) => x.config.replicaOf === r.awsId).map((x) => tag('ReadReplicaDBInstanceIdentifier', x.awsId))
  return (
    tag('DBInstanceIdentifier', r.awsId) +
    tag('DBInstanceArn', r.arn) +
    tag('DBInstanceClass', String(r.config.instanceClass ?? 'db.t4g.medium')) +
    tag('Engine', 'postgres') +
    tag('EngineVersion', '16.4') +
    tag('DBInstanceStatus', resourceStatus(sim, r)) +
    tag('AllocatedStorage', Number(r.config.allocatedStorageGb ?? 100)) +
    (r.config.replicaOf ? tag('ReadReplicaSourceDBInstanceIdentifier', String(r.config.replicaOf)) : '') +
    `<ReadReplicaDBInstanceIdentifiers>${replicas.join('')}</ReadReplicaDBInstanceIdentifiers>` +
    `<DBParameterGroups><DBParameterGroup>${tag('DBParameterGroupName', `${r.awsId}-params`)}${tag('ParameterApplyStatus', 'in-sync')}</DBParameterGroup></DBParameterGroups>`
  )
}

function cacheCluster(sim: Simulation, r: SimResource) {
  const status = resourceStatus(sim, r)
  const down = activeResourceScenarios(sim, r).has('redis_down')
  return (
    tag('CacheClusterId', r.awsId) +
    tag('ARN', r.arn) +
    tag('CacheNodeType', String(r.config.instanceClass ?? 'cache.t4g.small')) +
    tag('Engine', 'redis') +
    tag('EngineVersion', '7.1') +
    tag('CacheClusterStatus', status) +
    tag('NumCacheNodes', 1) +
    tag('ReplicationGroupId', r.name) +
    `<CacheNodes><CacheNode>${tag('CacheNodeId', '0001')}${tag('CacheNodeStatus', down ? 'rebooting' : 'available')}</CacheNode></CacheNodes>`
  )
}

function query(api: 'rds' | 'elasticache', ns: string, action: string, form: Record<string, unknown>, res: ServerResponse, ctx: ResourceCallContext) {
  ctx.count(`${api}:${action}`)
  const all = simResources(ctx.sim).filter((r) => r.region === ctx.region)
  let inner: string
  if (api === 'rds' && action === 'DescribeDBInstances') {
    const id = typeof form.DBInstanceIdentifier === 'string' ? form.DBInstanceIdentifier : undefined
    const list = all.filter((r) => r.kind === 'RDS' && (!id || r.awsId === id || r.arn === id))
    if (id && list.length === 0) return queryError(res, ns, ctx, 404, 'DBInstanceNotFound', `DBInstance ${id} not found.`)
    inner = `<DBInstances>${list.map((r) => `<DBInstance>${dbInstance(ctx.sim, r, all)}</DBInstance>`).join('')}</DBInstances>`
  } else if (api === 'elasticache' && action === 'DescribeCacheClusters') {
    const id = typeof form.CacheClusterId === 'string' ? form.CacheClusterId : undefined
    const list = all.filter((r) => r.kind === 'ELASTICACHE' && (!id || r.awsId === id))
    if (id && list.length === 0) return queryError(res, ns, ctx, 404, 'CacheClusterNotFound', `CacheCluster ${id} not found.`)
    inner = `<CacheClusters>${list.map((r) => `<CacheCluster>${cacheCluster(ctx.sim, r)}</CacheCluster>`).join('')}</CacheClusters>`
  } else return queryError(res, ns, ctx, 400, 'InvalidAction', `The simulator does not implement ${action}.`)
  const xml = `<?xml version="1.0" encoding="UTF-8"?><${action}Response xmlns="${ns}"><${action}Result>${inner}</${action}Result><ResponseMetadata><RequestId>${ctx.requestId}</RequestId></ResponseMetadata></${action}Response>`
  send(res, 200, xml, { 'content-type': 'text/xml', 'x-amzn-requestid': ctx.requestId })
}

// ---- DynamoDB (awsJson1_0) ----

function dynamo(operation: string, body: string, res: ServerResponse, ctx: ResourceCallContext) {
  ctx.count(`dynamodb:${operation}`)
  const headers = { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': ctx.requestId }
  const fail = (code: string, message: string) => send(res, 400, JSON.stringify({ __type: `com.amazonaws.dynamodb.v20120810#${code}`, message }), headers)
  let input: Record<string, unknown> = {}
  try {
    input = body ? (JSON.parse(body) as Record<string, unknown>) : {}
  } catch {
    return fail('SerializationException', 'The body is not valid JSON.')
  }
  const tables = simResources(ctx.sim).filter((r) => r.kind === 'DYNAMODB' && r.region === ctx.region)
  if (operation === 'ListTables') {
    const after = typeof input.ExclusiveStartTableName === 'string' ? input.ExclusiveStartTableName : ''
    const limit = typeof input.Limit === 'number' ? input.Limit : 100
    const names = tables
      .map((t) => t.awsId)
      .sort()
      .filter((n) => n > after)
    const page = names.slice(0, limit)
    return send(res, 200, toWireJson({ TableNames: page, LastEvaluatedTableName: names.length > limit ? page[page.length - 1] : undefined }), headers)
  }
  if (operation === 'DescribeTable') {
    const name = String(input.TableName ?? '')
    const t = findResource(ctx.sim, ctx.region, 'DYNAMODB', name)
    if (!t) return fail('ResourceNotFoundException', `Requested resource not found: Table: ${name} not found`)
    const provisioned = t.config.readCapacity !== undefined
    const table = {
      TableName: t.awsId,
      TableArn: t.arn,
      TableStatus: resourceStatus(ctx.sim, t),
      CreationDateTime: new Date(ctx.sim.startedAt),
      BillingModeSummary: { BillingMode: provisioned ? 'PROVISIONED' : 'PAY_PER_REQUEST' },
      ProvisionedThroughput: { ReadCapacityUnits: Number(t.config.readCapacity ?? 0), WriteCapacityUnits: Number(t.config.writeCapacity ?? 0) },
    }
    return send(res, 200, toWireJson({ Table: table }), headers)
  }
  fail('UnknownOperationException', `The simulator does not implement ${operation}.`)
}
