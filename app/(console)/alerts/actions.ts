'use server'

import { revalidatePath } from 'next/cache'
import { defineAction } from '@/lib/actions/define-action'
import { acknowledgeAlert, attachAlert, silenceAlert } from '@/lib/alerts/mutations'
import { acknowledgeAlertSchema, attachAlertSchema, silenceAlertSchema } from '@/lib/alerts/schemas'

export const acknowledgeAlertAction = defineAction({ schema: acknowledgeAlertSchema, permission: 'incident:write' }, async (input, ctx) => {
  const done = await acknowledgeAlert(ctx, input)
  revalidatePath('/alerts')
  return done
})

export const silenceAlertAction = defineAction({ schema: silenceAlertSchema, permission: 'incident:write' }, async (input, ctx) => {
  const done = await silenceAlert(ctx, input)
  revalidatePath('/alerts')
  return done
})

export const attachAlertAction = defineAction({ schema: attachAlertSchema, permission: 'incident:write' }, async (input, ctx) => {
  const done = await attachAlert(ctx, input)
  revalidatePath('/alerts')
  return done
})
