'use server'

import { revalidatePath } from 'next/cache'
import { defineAction } from '@/lib/actions/define-action'
import { clearScenarios, injectScenario } from '@/lib/gameday/mutations'
import { clearScenarioSchema, injectScenarioSchema } from '@/lib/gameday/schemas'

export const injectScenarioAction = defineAction({ schema: injectScenarioSchema, permission: 'admin:gameday' }, async (input, ctx) => {
  const started = await injectScenario(ctx, input)
  revalidatePath('/admin/game-day')
  return started
})

export const clearScenariosAction = defineAction({ schema: clearScenarioSchema, permission: 'admin:gameday' }, async (input, ctx) => {
  const result = await clearScenarios(ctx, input.id)
  revalidatePath('/admin/game-day')
  return result
})
