'use server'

import { revalidatePath } from 'next/cache'
import { defineAction } from '@/lib/actions/define-action'
import {
  createAlertRoute,
  createIntegration,
  createMaintenanceWindow,
  createServiceMapping,
  removeAlertRule,
  rotateIntegrationToken,
  savePagerDuty,
  updateIntegration,
} from '@/lib/alerts/mutations'
import {
  createAlertRouteSchema,
  createIntegrationSchema,
  createMaintenanceWindowSchema,
  createServiceMappingSchema,
  removeAlertRuleSchema,
  rotateIntegrationSchema,
  savePagerDutySchema,
  updateIntegrationSchema,
} from '@/lib/alerts/schemas'

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

export const createServiceMappingAction = defineAction({ schema: createServiceMappingSchema, permission: 'admin:policy' }, async (input, ctx) => {
  const made = await createServiceMapping(ctx, input)
  revalidatePath('/admin/alerts')
  return made
})

export const createAlertRouteAction = defineAction({ schema: createAlertRouteSchema, permission: 'admin:policy' }, async (input, ctx) => {
  const made = await createAlertRoute(ctx, input)
  revalidatePath('/admin/alerts')
  return made
})

export const createMaintenanceWindowAction = defineAction({ schema: createMaintenanceWindowSchema, permission: 'admin:policy' }, async (input, ctx) => {
  const made = await createMaintenanceWindow(ctx, input)
  revalidatePath('/admin/alerts')
  return made
})

export const removeAlertRuleAction = defineAction({ schema: removeAlertRuleSchema, permission: 'admin:policy' }, async (input, ctx) => {
  const done = await removeAlertRule(ctx, input)
  revalidatePath('/admin/alerts')
  return done
})

export const savePagerDutyAction = defineAction({ schema: savePagerDutySchema, permission: 'admin:policy' }, async (input, ctx) => {
  const saved = await savePagerDuty(ctx, {
    enabled: input.enabled,
    url: input.url || undefined,
    routingKey: input.routingKey || undefined,
    expectedVersion: input.expectedVersion,
  })
  revalidatePath('/admin/alerts')
  return saved
})
