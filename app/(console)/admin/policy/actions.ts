'use server'

import { revalidatePath } from 'next/cache'
import { defineAction } from '@/lib/actions/define-action'
import { updateSeverityPolicy, updateWebhooks } from '@/lib/incidents/mutations'
import { updateSeverityPolicySchema, updateWebhooksSchema } from '@/lib/incidents/schemas'

export const updateSeverityPolicyAction = defineAction({ schema: updateSeverityPolicySchema, permission: 'admin:policy' }, async (input, ctx) => {
  const row = await updateSeverityPolicy(ctx, input)
  revalidatePath('/admin/policy')
  return row
})

export const updateWebhooksAction = defineAction({ schema: updateWebhooksSchema, permission: 'admin:policy' }, async (input, ctx) => {
  const settings = await updateWebhooks(ctx, input)
  revalidatePath('/admin/policy')
  return settings
})
