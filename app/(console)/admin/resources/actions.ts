'use server'

import { revalidatePath } from 'next/cache'
import { defineAction } from '@/lib/actions/define-action'
import { importResources } from '@/lib/resources/mutations'
import { importResourcesSchema } from '@/lib/resources/schemas'

export const importResourcesAction = defineAction({ schema: importResourcesSchema, permission: 'admin:catalog' }, async (input, ctx) => {
  const result = await importResources(ctx, input)
  revalidatePath('/admin/services')
  revalidatePath('/services')
  return result
})
