import 'server-only'
import { DescribeTableCommand, ListTablesCommand } from '@aws-sdk/client-dynamodb'
import { DescribeCacheClustersCommand } from '@aws-sdk/client-elasticache'
import { GetAccountSettingsCommand, GetFunctionCommand, GetFunctionConcurrencyCommand, ListFunctionsCommand } from '@aws-sdk/client-lambda'
import { DescribeDBInstancesCommand } from '@aws-sdk/client-rds'
import { mapLimit } from './batch'
import { awsClients } from './clients'
import { callAws, isAwsError } from './errors'

// Describe and list calls for resources beside services: what CloudWatch cannot say (status,
// timeout, replica source, provisioned capacity). Each returns its own small types.

export type LambdaFunction = {
  name: string
  arn: string
  state: string | null
  timeoutSeconds: number | null
  memoryMb: number | null
  /** Reserved concurrency (GetFunction only; ListFunctions does not say): null when none is reserved. */
  reservedConcurrency?: number | null
}
/** GetAccountSettings: the region's concurrency limit, and what functions without reserved concurrency share. */
export type LambdaAccountLimits = { concurrentExecutions: number | null; unreservedConcurrentExecutions: number | null }
export type DbInstance = {
  id: string
  arn: string
  status: string
  engine: string
  instanceClass: string
  allocatedStorageGb: number | null
  replicaOf: string | null
}
export type CacheCluster = { id: string; arn: string; status: string; engine: string; nodeType: string; replicationGroupId: string | null }
export type DynamoTable = { name: string; arn: string; status: string; readCapacity: number | null; writeCapacity: number | null; onDemand: boolean }

/** Described or missing: `null` means AWS answered that there is no such resource. */
export type Described<T> = Record<string, T | null>

const toLambda = (f: { FunctionName?: string; FunctionArn?: string; State?: string; Timeout?: number; MemorySize?: number }): LambdaFunction => ({
  name: f.FunctionName ?? '',
  arn: f.FunctionArn ?? '',
  state: f.State ?? null,
  timeoutSeconds: f.Timeout ?? null,
  memoryMb: f.MemorySize ?? null,
})

export async function listLambdaFunctions(region: string): Promise<LambdaFunction[]> {
  const out: LambdaFunction[] = []
  let marker: string | undefined
  do {
    const page = await callAws('lambda:ListFunctions', undefined, () =>
      awsClients(region).lambda.send(new ListFunctionsCommand({ Marker: marker, MaxItems: 50 })),
    )
    out.push(...(page.Functions ?? []).map(toLambda))
    marker = page.NextMarker
  } while (marker)
  return out
}

/**
 * One GetFunction per function (Lambda has no batch describe), four at a time: the configuration and
 * the reserved concurrency in one call, under GetFunction's own rate (100 a second) rather than the
 * 15 a second GetFunctionConfiguration and GetFunctionConcurrency share.
 */
export async function describeLambdaFunctions(region: string, names: string[]): Promise<Described<LambdaFunction>> {
  const results = await mapLimit(names, 4, async (name) => {
    try {
      const f = await callAws('lambda:GetFunction', `function ${name}`, () => awsClients(region).lambda.send(new GetFunctionCommand({ FunctionName: name })))
      return { ...toLambda(f.Configuration ?? {}), reservedConcurrency: f.Concurrency?.ReservedConcurrentExecutions ?? null }
    } catch (err) {
      if (isAwsError(err) && err.kind === 'not_found') return null
      throw err
    }
  })
  return Object.fromEntries(names.map((n, i) => [n, results[i]]))
}

/** Reserved concurrency of a function; null when none is reserved (the account's limit applies). */
export async function lambdaReservedConcurrency(region: string, name: string): Promise<number | null> {
  const out = await callAws('lambda:GetFunctionConcurrency', `function ${name}`, () =>
    awsClients(region).lambda.send(new GetFunctionConcurrencyCommand({ FunctionName: name })),
  )
  return out.ReservedConcurrentExecutions ?? null
}

export async function lambdaAccountLimits(region: string): Promise<LambdaAccountLimits> {
  const out = await callAws('lambda:GetAccountSettings', undefined, () => awsClients(region).lambda.send(new GetAccountSettingsCommand({})))
  return {
    concurrentExecutions: out.AccountLimit?.ConcurrentExecutions ?? null,
    unreservedConcurrentExecutions: out.AccountLimit?.UnreservedConcurrentExecutions ?? null,
  }
}

/** Every DB instance of the region (all pages): one call for the whole refresh. */
export async function listDbInstances(region: string): Promise<DbInstance[]> {
  const out: DbInstance[] = []
  let marker: string | undefined
  do {
    const page = await callAws('rds:DescribeDBInstances', undefined, () =>
      awsClients(region).rds.send(new DescribeDBInstancesCommand({ Marker: marker, MaxRecords: 100 })),
    )
    for (const d of page.DBInstances ?? [])
      out.push({
        id: d.DBInstanceIdentifier ?? '',
        arn: d.DBInstanceArn ?? '',
        status: d.DBInstanceStatus ?? 'unknown',
        engine: d.Engine ?? '',
        instanceClass: d.DBInstanceClass ?? '',
        allocatedStorageGb: d.AllocatedStorage ?? null,
        replicaOf: d.ReadReplicaSourceDBInstanceIdentifier ?? null,
      })
    marker = page.Marker
  } while (marker)
  return out
}

/** Every cache cluster of the region (all pages). */
export async function listCacheClusters(region: string): Promise<CacheCluster[]> {
  const out: CacheCluster[] = []
  let marker: string | undefined
  do {
    const page = await callAws('elasticache:DescribeCacheClusters', undefined, () =>
      awsClients(region).elasticache.send(new DescribeCacheClustersCommand({ Marker: marker, MaxRecords: 100 })),
    )
    for (const c of page.CacheClusters ?? [])
      out.push({
        id: c.CacheClusterId ?? '',
        arn: c.ARN ?? '',
        status: c.CacheClusterStatus ?? 'unknown',
        engine: c.Engine ?? '',
        nodeType: c.CacheNodeType ?? '',
        replicationGroupId: c.ReplicationGroupId ?? null,
      })
    marker = page.Marker
  } while (marker)
  return out
}

export async function listDynamoTables(region: string): Promise<string[]> {
  const out: string[] = []
  let after: string | undefined
  do {
    const page = await callAws('dynamodb:ListTables', undefined, () =>
      awsClients(region).dynamodb.send(new ListTablesCommand({ ExclusiveStartTableName: after, Limit: 100 })),
    )
    out.push(...(page.TableNames ?? []))
    after = page.LastEvaluatedTableName
  } while (after)
  return out
}

/** One DescribeTable per table, four at a time. */
export async function describeDynamoTables(region: string, names: string[]): Promise<Described<DynamoTable>> {
  const results = await mapLimit(names, 4, async (name) => {
    try {
      const { Table: t } = await callAws('dynamodb:DescribeTable', `table ${name}`, () =>
        awsClients(region).dynamodb.send(new DescribeTableCommand({ TableName: name })),
      )
      const onDemand = t?.BillingModeSummary?.BillingMode === 'PAY_PER_REQUEST'
      return {
        name,
        arn: t?.TableArn ?? '',
        status: t?.TableStatus ?? 'unknown',
        onDemand,
        readCapacity: onDemand ? null : (t?.ProvisionedThroughput?.ReadCapacityUnits ?? null),
        writeCapacity: onDemand ? null : (t?.ProvisionedThroughput?.WriteCapacityUnits ?? null),
      }
    } catch (err) {
      if (isAwsError(err) && err.kind === 'not_found') return null
      throw err
    }
  })
  return Object.fromEntries(names.map((n, i) => [n, results[i]]))
}
