'use server'

import { revalidatePath } from 'next/cache'
import { defineAction } from '@/lib/actions/define-action'
import { createService, deleteService, importClusterServices, updateService } from '@/lib/services/mutations'
import { createServiceSchema, deleteServiceSchema, importClusterSchema, updateServiceSchema } from '@/lib/services/schemas'

export const createServiceAction = defineAction({ schema: createServiceSchema, permission: 'admin:catalog' }, async (input, ctx) => {
  const service = await createService(ctx, input)
  revalidatePath('/admin/services')
  return service
})

export const updateServiceAction = defineAction({ schema: updateServiceSchema, permission: 'admin:catalog' }, async (input, ctx) => {
  const service = await updateService(ctx, input)
  revalidatePath('/admin/services')
  return service
})

export const deleteServiceAction = defineAction({ schema: deleteServiceSchema, permission: 'admin:catalog' }, async (input, ctx) => {
  const result = await deleteService(ctx, input.id)
  revalidatePath('/admin/services')
  return result
})

export const importClusterAction = defineAction({ schema: importClusterSchema, permission: 'admin:catalog' }, async (input, ctx) => {
  const result = await importClusterServices(ctx, input)
  revalidatePath('/admin/services')
  return result
})
