// What an import from AWS adds to the catalog, decided from what AWS listed. Pure.
import type { ResourceConfig, ResourceKind } from './kinds'

/** GiB of memory per vCPU by instance family letter; burstable (t) classes are listed by size. */
const perVcpu: Record<string, number> = { r: 8, m: 4, x: 16, z: 8 }
const vcpus: Record<string, number> = { large: 2, xlarge: 4, '2xlarge': 8, '4xlarge': 16, '8xlarge': 32, '12xlarge': 48, '16xlarge': 64, '24xlarge': 96 }
const burstable: Record<string, number> = { micro: 1, small: 2, medium: 4, large: 8, xlarge: 16, '2xlarge': 32 }

/**
 * max_connections of RDS for PostgreSQL with the default parameter group:
 * LEAST(DBInstanceClassMemory / 9531392, 5000). Null for a class this table does not know
 * (an admin then sets it in the catalog; until then connections are not judged against it).
 */
export function postgresMaxConnections(instanceClass: string): number | null {
  const m = /^db\.([a-z])[a-z0-9-]*\.(\w+)$/.exec(instanceClass)
  if (!m) return null
  const gib = m[1] === 't' ? burstable[m[2]] : perVcpu[m[1]] && vcpus[m[2]] ? perVcpu[m[1]] * vcpus[m[2]] : undefined
  return gib ? Math.min(5000, Math.floor((gib * 1024 ** 3) / 9_531_392)) : null
}

export type Candidate = { kind: ResourceKind; name: string; awsId: string; arn: string | null; config: ResourceConfig }

export const candidateKey = (c: { kind: ResourceKind; awsId: string }) => `${c.kind}/${c.awsId}`
