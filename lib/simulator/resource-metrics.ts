// CloudWatch metrics of the simulated resources (resources.ts), by namespace and dimensions,
// as lib/aws/resource-metrics.ts asks for them.
import type { Stats } from './metrics'
import { findResource, resourceStats, type SimResource } from './resources'
import type { Simulation } from './simulation'

const namespaces: Record<string, { kind: SimResource['kind']; dimension: string }> = {
  'AWS/Lambda': { kind: 'LAMBDA', dimension: 'FunctionName' },
  'AWS/RDS': { kind: 'RDS', dimension: 'DBInstanceIdentifier' },
  'AWS/ElastiCache': { kind: 'ELASTICACHE', dimension: 'CacheClusterId' },
  'AWS/DynamoDB': { kind: 'DYNAMODB', dimension: 'TableName' },
}

export function resolveResourceMetric(
  sim: Simulation,
  region: string,
  namespace: string | undefined,
  name: string,
  dims: Map<string, string>,
): ((minute: number) => Stats | undefined) | undefined {
  const ns = namespace ? namespaces[namespace] : undefined
  if (!ns || !dims.has(ns.dimension)) return undefined
  const operation = dims.get('Operation')
  if (dims.size !== (operation === undefined ? 1 : 2)) return undefined
  const r = findResource(sim, region, ns.kind, dims.get(ns.dimension)!)
  if (!r) return undefined
  const key = operation === undefined ? name : `${name}:${operation}`
  return (minute) => resourceStats(sim, r, minute)[key]
}
