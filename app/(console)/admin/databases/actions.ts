'use server'

import { revalidatePath } from 'next/cache'
import { defineAction } from '@/lib/actions/define-action'
import { linkDatabaseResource, registerDatabase, removeDatabase } from '@/lib/databases/mutations'
import { linkDatabaseResourceSchema, registerDatabaseSchema, removeDatabaseSchema } from '@/lib/databases/schemas'

export const registerDatabaseAction = defineAction({ schema: registerDatabaseSchema, permission: 'admin:catalog' }, async (input, ctx) => {
  const row = await registerDatabase(ctx, input)
  revalidatePath('/admin/databases')
  return row
})

export const removeDatabaseAction = defineAction({ schema: removeDatabaseSchema, permission: 'admin:catalog' }, async (input, ctx) => {
  const result = await removeDatabase(ctx, input.id)
  revalidatePath('/admin/databases')
  return result
})

export const linkDatabaseResourceAction = defineAction({ schema: linkDatabaseResourceSchema, permission: 'admin:catalog' }, async (input, ctx) => {
  const result = await linkDatabaseResource(ctx, input)
  revalidatePath('/admin/databases')
  revalidatePath('/')
  return result
})
