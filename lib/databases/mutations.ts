import 'server-only'
// Registering and removing databases for live diagnostics. The password is encrypted
// before it reaches a query and is never recorded in the audit log or returned.
import { requireCan, type ActorContext } from '@/lib/actions/actor'
import { recordAudit } from '@/lib/audit/record'
import { db } from '@/lib/db/client'
import { AppError, fromDatabaseError } from '@/lib/errors'
import { encryptSecret } from './crypto'
import { credentialsKey } from './queries'
import type { LinkDatabaseResourceInput, RegisterDatabaseInput } from './schemas'

type Tx = Parameters<Parameters<typeof db.$transaction>[0]>[0]

/** A database runs on one RDS instance, and an instance has one registered database: refuses anything else, naming it. */
async function assertRdsResource(tx: Tx, resourceId: string | null, databaseId: string | null) {
  if (!resourceId) return null
  const r = await tx.resource.findUnique({ where: { id: resourceId }, select: { kind: true, name: true, database: { select: { id: true, name: true } } } })
  if (!r || r.kind !== 'RDS')
    throw new AppError('VALIDATION', 'That RDS instance is not in the resource catalog.', { resourceId: ['Choose an RDS instance from the list'] })
  if (r.database && r.database.id !== databaseId)
    throw new AppError('CONFLICT', `${r.name} already has a registered database (${r.database.name}).`, { resourceId: ['Already linked'] })
  return r
}

export { executeDatabaseRemediation, previewBackendAction, requestBackendAction, settleLostDatabaseAction } from './mutations/backend-action'

export async function registerDatabase(ctx: ActorContext, input: RegisterDatabaseInput) {
  requireCan(ctx.actor, 'admin:catalog', 'Only an admin can register databases.')
  const key = credentialsKey()
  const { password, actionPassword, serviceIds, ...fields } = input
  try {
    return await db.$transaction(async (tx) => {
      const known = await tx.service.count({ where: { id: { in: serviceIds } } })
      if (known !== serviceIds.length)
        throw new AppError('VALIDATION', 'One of the linked services is no longer in the catalog.', { serviceIds: ['Pick services from the list'] })
      await assertRdsResource(tx, fields.resourceId ?? null, null)
      const row = await tx.registeredDatabase.create({
        data: {
          ...fields,
          actionUsername: fields.actionUsername ?? null,
          passwordEncrypted: encryptSecret(password, key),
          actionPasswordEncrypted: fields.actionUsername && actionPassword ? encryptSecret(actionPassword, key) : null,
          createdById: ctx.actor.id,
          services: { create: serviceIds.map((serviceId) => ({ serviceId })) },
        },
        select: { id: true, name: true },
      })
      await recordAudit(tx, {
        action: 'admin.database.create',
        actor: ctx.actor,
        targetType: 'database',
        targetId: row.id,
        requestId: ctx.requestId,
        // Where it points and as whom; never the passwords.
        params: { ...fields, actionUsername: fields.actionUsername ?? null, resourceId: fields.resourceId ?? null, serviceIds },
      })
      return row
    })
  } catch (err) {
    throw fromDatabaseError(err, { conflict: `A database named ${input.name} is already registered.` })
  }
}

export async function removeDatabase(ctx: ActorContext, id: string) {
  requireCan(ctx.actor, 'admin:catalog', 'Only an admin can remove databases.')
  return db.$transaction(async (tx) => {
    const row = await tx.registeredDatabase.findUnique({ where: { id }, select: { id: true, name: true, host: true, dbname: true } })
    if (!row) throw new AppError('NOT_FOUND', 'That database is not registered.')
    const history = await tx.remediationRequest.count({ where: { databaseId: id } })
    if (history)
      throw new AppError('CONFLICT', `${row.name} has ${history} cancel/terminate request(s) on record; it stays registered so they keep their target.`)
    await tx.registeredDatabase.delete({ where: { id } })
    await recordAudit(tx, {
      action: 'admin.database.delete',
      actor: ctx.actor,
      targetType: 'database',
      targetId: id,
      requestId: ctx.requestId,
      params: { name: row.name, host: row.host, dbname: row.dbname },
    })
    return { id }
  })
}

/** Sets (or clears) the RDS resource a registered database runs on. Audited. */
export async function linkDatabaseResource(ctx: ActorContext, input: LinkDatabaseResourceInput) {
  requireCan(ctx.actor, 'admin:catalog', 'Only an admin can link databases.')
  try {
    return await db.$transaction(async (tx) => {
      const row = await tx.registeredDatabase.findUnique({ where: { id: input.id }, select: { id: true, name: true, resourceId: true } })
      if (!row) throw new AppError('NOT_FOUND', 'That database is not registered.')
      const resource = await assertRdsResource(tx, input.resourceId, row.id)
      if (row.resourceId === input.resourceId) return { id: row.id, resourceId: row.resourceId }
      await tx.registeredDatabase.update({ where: { id: row.id }, data: { resourceId: input.resourceId } })
      await recordAudit(tx, {
        action: 'admin.database.link',
        actor: ctx.actor,
        targetType: 'database',
        targetId: row.id,
        requestId: ctx.requestId,
        params: { name: row.name, from: row.resourceId, resourceId: input.resourceId, resource: resource?.name ?? null },
      })
      return { id: row.id, resourceId: input.resourceId }
    })
  } catch (err) {
    throw fromDatabaseError(err, { conflict: 'That RDS instance already has a registered database.' })
  }
}
