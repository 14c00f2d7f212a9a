'use server'

import { revalidatePath } from 'next/cache'
import { defineAction } from '@/lib/actions/define-action'
import { createIntegration, rotateIntegrationToken, updateIntegration } from '@/lib/alerts/mutations'
import { createIntegrationSchema, rotateIntegrationSchema, updateIntegrationSchema } from '@/lib/alerts/schemas'

export const createIntegrationAction = defineAction({ schema: createIntegrationSchema, permission: 'admin:policy' }, async (input, ctx) => {
  const made = await createIntegration(ctx, { ...input, topicArns: input.topicArns.filter(Boolean) })
  revalidatePath('/admin/alerts')
  return made
})

export const rotateIntegrationAction = defineAction({ schema: rotateIntegrationSchema, permission: 'admin:policy' }, async (input, ctx) => {
  const rotated = await rotateIntegrationToken(ctx, input)
  revalidatePath('/admin/alerts')
  return rotated
})

export const updateIntegrationAction = defineAction({ schema: updateIntegrationSchema, permission: 'admin:policy' }, async (input, ctx) => {
  const updated = await updateIntegration(ctx, { ...input, topicArns: input.topicArns?.filter(Boolean) })
  revalidatePath('/admin/alerts')
  return updated
})
