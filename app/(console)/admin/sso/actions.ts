'use server'

import { revalidatePath } from 'next/cache'
import { z } from 'zod'
import { defineAction } from '@/lib/actions/define-action'
import { updateSsoSettings } from '@/lib/sso/mutations'
import { ssoSettingsSchema } from '@/lib/sso/settings'

const updateSchema = z.object({ settings: ssoSettingsSchema, expectedVersion: z.number().int().min(0) })

export const updateSsoSettingsAction = defineAction({ schema: updateSchema, permission: 'admin:users' }, async (input, ctx) => {
  const result = await updateSsoSettings(ctx, input)
  revalidatePath('/admin/sso')
  return result
})
