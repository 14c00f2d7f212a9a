// Describe and list calls for the simulated resources (resources.ts), each in its own wire protocol:
//   Lambda       REST-JSON   lambda-api.ts
//   RDS          awsQuery    Version 2014-10-31: DescribeDBInstances
//   ElastiCache  awsQuery    Version 2015-02-02: DescribeCacheClusters
//   DynamoDB     awsJson1_0  DynamoDB_20120810.ListTables, DescribeTable
// server.ts asks resourceCallOf first, then applies faults and rate limits as for its own APIs
// (faults.ts), then answers; every refusal, the handlers' own and the faults', is sent in the
// API's own error shape (sendResourceError).
import type { IncomingMessage, ServerResponse } from 'node:http'
import { isLambdaPath, lambdaCall, lambdaOperation } from './lambda-api'
import { activeResourceScenarios, findResource, resourceStatus, simResources, type SimResource } from './resources'
import type { Simulation } from './simulation'
import { AwsApiError, parseQueryForm, send, toWireJson, toXml, xmlEscape } from './wire'

export type ResourceApi = 'lambda' | 'rds' | 'elasticache' | 'dynamodb'
export type ResourceCallContext = { sim: Simulation; region: string; requestId: string }
export type ResourceCall = { api: ResourceApi; operation: string; answer(res: ServerResponse, ctx: ResourceCallContext): void }

const queryApis: Record<string, { api: 'rds' | 'elasticache'; ns: string }> = {
  '2014-10-31': { api: 'rds', ns: 'http://rds.amazonaws.com/doc/2014-10-31/' },
  '2015-02-02': { api: 'elasticache', ns: 'http://elasticache.amazonaws.com/doc/2015-02-02/' },
}
const namespaceOf = { rds: queryApis['2014-10-31'].ns, elasticache: queryApis['2015-02-02'].ns }

/** The call when the request is one of these APIs; null leaves it to server.ts. */
export function resourceCallOf(req: IncomingMessage, body: string): ResourceCall | null {
  const url = new URL(req.url ?? '/', 'http://simulator')
  if (isLambdaPath(url.pathname)) {
    const operation = lambdaOperation(req.method ?? 'GET', url.pathname) ?? 'UnknownOperation'
    return {
      api: 'lambda',
      operation,
      answer(res, ctx) {
        const [status, out] = lambdaCall(ctx.sim, ctx.region, operation, url, body)
        send(res, status, out === null ? '' : toWireJson(out), { 'content-type': 'application/json', 'x-amzn-requestid': ctx.requestId })
      },
    }
  }
  const target = String(req.headers['x-amz-target'] ?? '')
  if (target.startsWith('DynamoDB_20120810.')) {
    const operation = target.split('.')[1]
    return { api: 'dynamodb', operation, answer: (res, ctx) => dynamo(operation, body, res, ctx) }
  }
  if (target) return null
  const form = parseQueryForm(body)
  const q = queryApis[String(form.Version ?? '')]
  if (!q) return null
  const operation = String(form.Action ?? '')
  return { api: q.api, operation, answer: (res, ctx) => query(q.api, q.ns, operation, form, res, ctx) }
}

/** An AwsApiError in the API's own shape. */
export function sendResourceError(res: ServerResponse, api: ResourceApi, requestId: string, err: AwsApiError) {
  if (api === 'lambda') {
    send(res, err.status, JSON.stringify({ Type: err.fault === 'Sender' ? 'User' : 'Service', message: err.message }), {
      'content-type': 'application/json',
      'x-amzn-errortype': err.code,
      'x-amzn-requestid': requestId,
    })
  } else if (api === 'dynamodb') {
    const prefix = err.code === 'ThrottlingException' ? 'com.amazon.coral.availability' : 'com.amazonaws.dynamodb.v20120810'
    send(res, err.status, JSON.stringify({ __type: `${prefix}#${err.code}`, message: err.message }), {
      'content-type': 'application/x-amz-json-1.0',
      'x-amzn-requestid': requestId,
    })
  } else {
    const xml = `<ErrorResponse xmlns="${namespaceOf[api]}"><Error><Type>${err.fault}</Type><Code>${xmlEscape(err.code)}</Code><Message>${xmlEscape(err.message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`
    send(res, err.status, xml, { 'content-type': 'text/xml', 'x-amzn-requestid': requestId })
  }
}

// ---- RDS and ElastiCache (awsQuery) ----

/** Lists whose members are named elements (<DBInstance>), as these APIs answer. */
const tag = (name: string, value: unknown) =>
  value === undefined || value === null ? '' : `<${name}>${typeof value === 'string' ? xmlEscape(value) : toXml(value)}</${name}>`

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
  const all = simResources(ctx.sim).filter((r) => r.region === ctx.region)
  let inner: string
  if (api === 'rds' && action === 'DescribeDBInstances') {
    const id = typeof form.DBInstanceIdentifier === 'string' ? form.DBInstanceIdentifier : undefined
    const list = all.filter((r) => r.kind === 'RDS' && (!id || r.awsId === id || r.arn === id))
    if (id && list.length === 0) throw new AwsApiError('DBInstanceNotFound', `DBInstance ${id} not found.`, { status: 404 })
    inner = `<DBInstances>${list.map((r) => `<DBInstance>${dbInstance(ctx.sim, r, all)}</DBInstance>`).join('')}</DBInstances>`
  } else if (api === 'elasticache' && action === 'DescribeCacheClusters') {
    const id = typeof form.CacheClusterId === 'string' ? form.CacheClusterId : undefined
    const list = all.filter((r) => r.kind === 'ELASTICACHE' && (!id || r.awsId === id))
    if (id && list.length === 0) throw new AwsApiError('CacheClusterNotFound', `CacheCluster ${id} not found.`, { status: 404 })
    inner = `<CacheClusters>${list.map((r) => `<CacheCluster>${cacheCluster(ctx.sim, r)}</CacheCluster>`).join('')}</CacheClusters>`
  } else throw new AwsApiError('InvalidAction', `The simulator does not implement ${action}.`)
  const xml = `<?xml version="1.0" encoding="UTF-8"?><${action}Response xmlns="${ns}"><${action}Result>${inner}</${action}Result><ResponseMetadata><RequestId>${ctx.requestId}</RequestId></ResponseMetadata></${action}Response>`
  send(res, 200, xml, { 'content-type': 'text/xml', 'x-amzn-requestid': ctx.requestId })
}

// ---- DynamoDB (awsJson1_0) ----

function dynamo(operation: string, body: string, res: ServerResponse, ctx: ResourceCallContext) {
  const headers = { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': ctx.requestId }
  let input: Record<string, unknown> = {}
  try {
    input = body ? (JSON.parse(body) as Record<string, unknown>) : {}
  } catch {
    throw new AwsApiError('SerializationException', 'The body is not valid JSON.')
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
    if (!t) throw new AwsApiError('ResourceNotFoundException', `Requested resource not found: Table: ${name} not found`)
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
  throw new AwsApiError('UnknownOperationException', `The simulator does not implement ${operation}.`)
}
