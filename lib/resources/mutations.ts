import 'server-only'
// Changes to the resource catalog: import from AWS (like an ECS cluster import) and the services
// that depend on each resource. Admin only, audited.
import { requireCan, type ActorContext } from '@/lib/actions/actor'
import { recordAudit } from '@/lib/audit/record'
import { isAwsError } from '@/lib/aws/errors'
import { describeDynamoTables, lambdaReservedConcurrency, listCacheClusters, listDbInstances, listDynamoTables, listLambdaFunctions } from '@/lib/aws/resources'
import { db } from '@/lib/db/client'
import { AppError } from '@/lib/errors'
import { candidateKey, postgresMaxConnections, type Candidate } from './import-plan'
import type { ImportResourcesInput, LinkResourceInput } from './schemas'

const readAws = async <T>(what: string, run: () => Promise<T>) => {
  try {
    return await run()
  } catch (err) {
    throw new AppError('VALIDATION', `AWS did not list ${what}: ${isAwsError(err) ? err.message : String(err)}`)
  }
}

/** Lists the region's Lambda functions, PostgreSQL DB instances, Redis cache clusters and DynamoDB tables. Outside any transaction. */
async function candidatesIn(region: string): Promise<Candidate[]> {
  const [functions, instances, caches, tableNames] = await Promise.all([
    readAws('Lambda functions', () => listLambdaFunctions(region)),
    readAws('DB instances', () => listDbInstances(region)),
    readAws('cache clusters', () => listCacheClusters(region)),
    readAws('DynamoDB tables', () => listDynamoTables(region)),
  ])
  const tables = await readAws('DynamoDB tables', () => describeDynamoTables(region, tableNames))
  const reserved = await readAws('Lambda concurrency', () => Promise.all(functions.map((f) => lambdaReservedConcurrency(region, f.name))))
  return [
    ...functions.map((f, i): Candidate => ({
      kind: 'LAMBDA',
      name: f.name,
      awsId: f.name,
      arn: f.arn,
      config: { timeoutSeconds: f.timeoutSeconds ?? undefined, concurrencyLimit: reserved[i] ?? undefined },
    })),
    ...instances
      .filter((d) => /postgres/.test(d.engine))
      .map((d): Candidate => ({
        kind: 'RDS',
        name: d.id,
        awsId: d.id,
        arn: d.arn,
        config: {
          instanceClass: d.instanceClass,
          maxConnections: postgresMaxConnections(d.instanceClass) ?? undefined,
          allocatedStorageGb: d.allocatedStorageGb ?? undefined,
          replicaOf: d.replicaOf ?? undefined,
        },
      })),
    ...caches
      .filter((c) => /redis|valkey/.test(c.engine))
      .map((c): Candidate => ({ kind: 'ELASTICACHE', name: c.replicationGroupId ?? c.id, awsId: c.id, arn: c.arn, config: { instanceClass: c.nodeType } })),
    ...Object.values(tables).flatMap((t): Candidate[] =>
      t
        ? [
            {
              kind: 'DYNAMODB',
              name: t.name,
              awsId: t.name,
              arn: t.arn,
              config: { readCapacity: t.readCapacity ?? undefined, writeCapacity: t.writeCapacity ?? undefined },
            },
          ]
        : [],
    ),
  ]
}

/** Adds what AWS lists in the region and the catalog lacks; what is there already is left as it is. */
export async function importResources(ctx: ActorContext, input: ImportResourcesInput) {
  requireCan(ctx.actor, 'admin:catalog', 'Only an admin can change the resource catalog.')
  const candidates = await candidatesIn(input.region)
  if (candidates.length === 0)
    throw new AppError('NOT_FOUND', `AWS lists no Lambda function, PostgreSQL instance, Redis cluster or DynamoDB table in ${input.region}.`)
  return db.$transaction(async (tx) => {
    const existing = await tx.resource.findMany({ where: { region: input.region }, select: { kind: true, awsId: true } })
    const have = new Set(existing.map(candidateKey))
    const added = candidates.filter((c) => !have.has(candidateKey(c)))
    if (added.length)
      await tx.resource.createMany({
        data: added.map((c) => ({
          ...c,
          region: input.region,
          environment: input.environment,
          team: input.team,
          config: JSON.parse(JSON.stringify(c.config)),
        })),
      })
    // A registered database named as a DB instance just imported, not yet on any instance, runs on it (lib/databases).
    const linkedDatabases: string[] = []
    for (const c of added.filter((x) => x.kind === 'RDS')) {
      const resource = await tx.resource.findUniqueOrThrow({
        where: { kind_region_awsId: { kind: 'RDS', region: input.region, awsId: c.awsId } },
        select: { id: true },
      })
      const linked = await tx.registeredDatabase.updateMany({ where: { name: c.awsId, resourceId: null }, data: { resourceId: resource.id } })
      if (linked.count) linkedDatabases.push(c.awsId)
    }
    await recordAudit(tx, {
      action: 'admin.resource.import',
      actor: ctx.actor,
      targetType: 'region',
      targetId: input.region,
      requestId: ctx.requestId,
      params: { added: added.map(candidateKey).sort(), alreadyPresent: candidates.length - added.length, linkedDatabases },
    })
    return { added: added.map(candidateKey).sort(), alreadyPresent: candidates.length - added.length, linkedDatabases }
  })
}

/** Sets the services that depend on a resource (the whole list: unlisted links are removed). */
export async function linkResource(ctx: ActorContext, input: LinkResourceInput) {
  requireCan(ctx.actor, 'admin:catalog', 'Only an admin can change the resource catalog.')
  return db.$transaction(async (tx) => {
    const resource = await tx.resource.findUnique({ where: { id: input.resourceId }, select: { id: true, name: true } })
    if (!resource) throw new AppError('NOT_FOUND', 'That resource is no longer in the catalog.')
    const ids = [...new Set(input.serviceIds)].sort()
    if ((await tx.service.count({ where: { id: { in: ids } } })) !== ids.length)
      throw new AppError('NOT_FOUND', 'A chosen service is no longer in the catalog.')
    await tx.resourceService.deleteMany({ where: { resourceId: resource.id } })
    if (ids.length) await tx.resourceService.createMany({ data: ids.map((serviceId) => ({ resourceId: resource.id, serviceId })) })
    await recordAudit(tx, {
      action: 'admin.resource.link',
      actor: ctx.actor,
      targetType: 'resource',
      targetId: resource.id,
      requestId: ctx.requestId,
      params: { name: resource.name, serviceIds: ids },
    })
    return { resourceId: resource.id, services: ids.length }
  })
}
