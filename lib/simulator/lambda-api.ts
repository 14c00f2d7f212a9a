// Lambda (REST-JSON) for the simulated functions (resources.ts):
//   GET    /2015-03-31/functions/                          ListFunctions
//   GET    /2015-03-31/functions/<name>                    GetFunction (configuration and reserved concurrency)
//   GET    /2015-03-31/functions/<name>/configuration      GetFunctionConfiguration
//   GET    /2019-09-30/functions/<name>/concurrency        GetFunctionConcurrency
//   PUT    /2017-10-31/functions/<name>/concurrency        PutFunctionConcurrency
//   DELETE /2017-10-31/functions/<name>/concurrency        DeleteFunctionConcurrency
//   GET    /2016-08-19/account-settings                    GetAccountSettings (the account's concurrency limit)
import { lambdaAccountSettings, findResource, reservedConcurrency, resourceStatus, setReservedConcurrency, simResources, type SimResource } from './resources'
import type { Simulation } from './simulation'
import { AwsApiError } from './wire'

const LAMBDA_PATH = /^\/(2015-03-31|2019-09-30|2017-10-31)\/functions(\/|$)|^\/2016-08-19\/account-settings\/?$/
export const isLambdaPath = (path: string) => LAMBDA_PATH.test(path)

/** The operation a Lambda request names, or null when it is none the simulator knows. */
export function lambdaOperation(method: string, path: string): string | null {
  if (/^\/2016-08-19\/account-settings\/?$/.test(path)) return method === 'GET' ? 'GetAccountSettings' : null
  const [version, , name, sub] = path.split('/').filter(Boolean)
  if (version === '2015-03-31' && method === 'GET')
    return !name ? 'ListFunctions' : sub === 'configuration' ? 'GetFunctionConfiguration' : !sub ? 'GetFunction' : null
  if (version === '2019-09-30' && method === 'GET' && name && sub === 'concurrency') return 'GetFunctionConcurrency'
  if (version === '2017-10-31' && name && sub === 'concurrency')
    return method === 'PUT' ? 'PutFunctionConcurrency' : method === 'DELETE' ? 'DeleteFunctionConcurrency' : null
  return null
}

function configuration(sim: Simulation, r: SimResource) {
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

const notFound = (name: string) => new AwsApiError('ResourceNotFoundException', `Function not found: ${name}`, { status: 404 })

/** Answers one Lambda call: [status, body] (null body: no content). Throws AwsApiError for Lambda's own refusals. */
export function lambdaCall(sim: Simulation, region: string, operation: string, url: URL, body: string): [number, unknown] {
  const functions = simResources(sim).filter((r) => r.kind === 'LAMBDA' && r.region === region)
  if (operation === 'GetAccountSettings') {
    const a = lambdaAccountSettings(sim, region)
    return [
      200,
      {
        AccountLimit: {
          TotalCodeSize: 80530636800,
          CodeSizeUnzipped: 262144000,
          CodeSizeZipped: 52428800,
          ConcurrentExecutions: a.limit,
          UnreservedConcurrentExecutions: a.unreserved,
        },
        AccountUsage: { TotalCodeSize: 5242880 * functions.length, FunctionCount: functions.length },
      },
    ]
  }
  if (operation === 'ListFunctions') {
    const offset = Number(url.searchParams.get('Marker') ?? 0) || 0
    const max = Math.min(50, Number(url.searchParams.get('MaxItems') ?? 50) || 50)
    const page = functions.slice(offset, offset + max)
    return [200, { Functions: page.map((r) => configuration(sim, r)), NextMarker: offset + max < functions.length ? String(offset + max) : undefined }]
  }
  const name = decodeURIComponent(url.pathname.split('/').filter(Boolean)[2] ?? '')
  const r = findResource(sim, region, 'LAMBDA', name)
  if (!r) throw notFound(name)
  const reserved = reservedConcurrency(sim, r)
  switch (operation) {
    case 'GetFunction':
      return [
        200,
        {
          Configuration: configuration(sim, r),
          Code: { RepositoryType: 'S3', Location: `https://awslambda-${region}-tasks.s3.${region}.amazonaws.com/snapshots/${r.awsId}` },
          Concurrency: reserved === null ? undefined : { ReservedConcurrentExecutions: reserved },
        },
      ]
    case 'GetFunctionConfiguration':
      return [200, configuration(sim, r)]
    case 'GetFunctionConcurrency':
      return [200, { ReservedConcurrentExecutions: reserved ?? undefined }]
    case 'DeleteFunctionConcurrency':
      setReservedConcurrency(sim, r, null)
      return [204, null]
    case 'PutFunctionConcurrency': {
      let value: unknown
      try {
        value = (JSON.parse(body || '{}') as { ReservedConcurrentExecutions?: unknown }).ReservedConcurrentExecutions
      } catch {
        throw new AwsApiError('InvalidRequestContentException', 'Could not parse request body into json.')
      }
      if (typeof value !== 'number' || !Number.isInteger(value) || value < 0)
        throw new AwsApiError('InvalidParameterValueException', 'ReservedConcurrentExecutions must be a whole number, 0 or more.')
      const a = lambdaAccountSettings(sim, region)
      if (a.unreserved + (reserved ?? 0) - value < 100)
        throw new AwsApiError(
          'InvalidParameterValueException',
          "Specified ReservedConcurrentExecutions for function decreases account's UnreservedConcurrentExecution below its minimum value of [100].",
        )
      setReservedConcurrency(sim, r, value)
      return [200, { ReservedConcurrentExecutions: value }]
    }
  }
  throw new AwsApiError('UnknownOperationException', `The simulator does not implement ${operation}.`)
}
