import 'server-only'
import { requireCan, type ActorContext } from '@/lib/actions/actor'
import { recordAudit } from '@/lib/audit/record'
import { describeServices, listClusterServices } from '@/lib/aws/ecs'
import { isAwsError } from '@/lib/aws/errors'
import { db } from '@/lib/db/client'
import { AppError, fromDatabaseError } from '@/lib/errors'
import type { ImportClusterInput, ServiceFieldsInput, UpdateServiceInput } from './schemas'

const duplicate = (s: { cluster: string; ecsServiceName: string; region: string }) =>
  `The catalog already has ${s.ecsServiceName} in ${s.cluster} (${s.region}).`

export async function createService(ctx: ActorContext, input: ServiceFieldsInput) {
  requireCan(ctx.actor, 'admin:catalog', 'Only an admin can change the service catalog.')
  try {
    return await db.$transaction(async (tx) => {
      const service = await tx.service.create({ data: input, select: { id: true, name: true } })
      await recordAudit(tx, {
        action: 'admin.service.create',
        actor: ctx.actor,
        targetType: 'service',
        targetId: service.id,
        requestId: ctx.requestId,
        params: input,
      })
      return service
    })
  } catch (err) {
    throw fromDatabaseError(err, { conflict: duplicate(input) })
  }
}

export async function updateService(ctx: ActorContext, { id, ...fields }: UpdateServiceInput) {
  requireCan(ctx.actor, 'admin:catalog', 'Only an admin can change the service catalog.')
  try {
    return await db.$transaction(async (tx) => {
      const before = await tx.service.findUnique({ where: { id } })
      if (!before) throw new AppError('NOT_FOUND', 'That service is no longer in the catalog.')
      const service = await tx.service.update({ where: { id }, data: fields, select: { id: true, name: true } })
      const changed = Object.fromEntries(
        Object.entries(fields)
          .filter(([k, v]) => before[k as keyof typeof before] !== v)
          .map(([k, v]) => [k, { from: before[k as keyof typeof before], to: v }]),
      )
      await recordAudit(tx, {
        action: 'admin.service.update',
        actor: ctx.actor,
        targetType: 'service',
        targetId: id,
        requestId: ctx.requestId,
        params: changed,
      })
      return service
    })
  } catch (err) {
    throw fromDatabaseError(err, { conflict: duplicate(fields) })
  }
}

export async function deleteService(ctx: ActorContext, id: string) {
  requireCan(ctx.actor, 'admin:catalog', 'Only an admin can change the service catalog.')
  return db.$transaction(async (tx) => {
    const service = await tx.service.findUnique({
      where: { id },
      select: { id: true, name: true, cluster: true, region: true, ecsServiceName: true, _count: { select: { incidents: true } } },
    })
    if (!service) throw new AppError('NOT_FOUND', 'That service is no longer in the catalog.')
    if (service._count.incidents > 0) {
      throw new AppError(
        'CONFLICT',
        `${service.name} is named in ${service._count.incidents} incident(s); it stays in the catalog so their history stays whole.`,
      )
    }
    await tx.service.delete({ where: { id } })
    const { _count, ...params } = service
    await recordAudit(tx, { action: 'admin.service.delete', actor: ctx.actor, targetType: 'service', targetId: id, requestId: ctx.requestId, params })
    return { id }
  })
}

/** Adds the named ECS services of a cluster that the catalog does not have yet, with the target group ECS reports for each. */
export async function importServices(
  ctx: ActorContext,
  input: ImportClusterInput,
  ecsServiceNames: string[],
  targetGroups: Record<string, string | null> = {},
) {
  requireCan(ctx.actor, 'admin:catalog', 'Only an admin can change the service catalog.')
  return db.$transaction(async (tx) => {
    const existing = await tx.service.findMany({
      where: { region: input.region, cluster: input.cluster, ecsServiceName: { in: ecsServiceNames } },
      select: { ecsServiceName: true },
    })
    const have = new Set(existing.map((s) => s.ecsServiceName))
    const added = ecsServiceNames.filter((n) => !have.has(n)).sort()
    if (added.length) {
      await tx.service.createMany({
        data: added.map((n) => ({
          name: n,
          ecsServiceName: n,
          cluster: input.cluster,
          region: input.region,
          environment: input.environment,
          team: input.team,
          targetGroupArn: targetGroups[n] ?? null,
        })),
      })
    }
    await recordAudit(tx, {
      action: 'admin.service.import',
      actor: ctx.actor,
      targetType: 'cluster',
      targetId: `${input.region}/${input.cluster}`,
      requestId: ctx.requestId,
      params: { added, alreadyPresent: [...have].sort() },
    })
    return { added, alreadyPresent: have.size }
  })
}

/** Reads the cluster's services from ECS (ListServices) and adds the ones the catalog lacks. */
export async function importClusterServices(ctx: ActorContext, input: ImportClusterInput) {
  requireCan(ctx.actor, 'admin:catalog', 'Only an admin can change the service catalog.')
  let names: string[]
  try {
    names = await listClusterServices(input.region, input.cluster)
  } catch (err) {
    throw new AppError('VALIDATION', `ECS did not list ${input.cluster}: ${isAwsError(err) ? err.message : String(err)}`)
  }
  if (names.length === 0) throw new AppError('NOT_FOUND', `ECS has no services in ${input.cluster} (${input.region}).`)
  // The target groups come from ECS (the service's loadBalancers), never typed by hand.
  let described
  try {
    described = await describeServices(
      names.map((service) => ({ region: input.region, cluster: input.cluster, service })),
      { eventsLimit: 0 },
    )
  } catch (err) {
    throw new AppError('VALIDATION', `ECS did not describe the services of ${input.cluster}: ${isAwsError(err) ? err.message : String(err)}`)
  }
  if (described.failures.length) {
    throw new AppError('VALIDATION', `ECS did not describe some services of ${input.cluster}: ${described.failures[0].error.message}`)
  }
  const targetGroups = Object.fromEntries(described.services.map((s) => [s.ref.service, s.targetGroupArns[0] ?? null]))
  return importServices(ctx, input, names, targetGroups)
}
