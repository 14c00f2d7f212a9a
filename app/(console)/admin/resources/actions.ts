'use server'

import { revalidatePath } from 'next/cache'
import { defineAction } from '@/lib/actions/define-action'
import { importResources, linkResource } from '@/lib/resources/mutations'
import { importResourcesSchema, linkResourceSchema } from '@/lib/resources/schemas'

export const importResourcesAction = defineAction({ schema: importResourcesSchema, permission: 'admin:catalog' }, async (input, ctx) => {
  const result = await importResources(ctx, input)
  revalidatePath('/admin/services')
  revalidatePath('/services')
  return result
})

export const linkResourceAction = defineAction({ schema: linkResourceSchema, permission: 'admin:catalog' }, async (input, ctx) => {
  const result = await linkResource(ctx, input)
  revalidatePath('/admin/services')
  return result
})
