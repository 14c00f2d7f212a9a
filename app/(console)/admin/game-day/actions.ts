'use server'

import { revalidatePath } from 'next/cache'
import { defineAction } from '@/lib/actions/define-action'
import { clearFaults, clearScenarios, injectFault, injectScenario } from '@/lib/gameday/mutations'
import { startDatabaseLocks, stopDatabaseLocks } from '@/lib/gameday/mutations/database-locks'
import { clearFaultsSchema, clearScenarioSchema, databaseLocksSchema, injectFaultSchema, injectScenarioSchema } from '@/lib/gameday/schemas'

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

export const injectFaultAction = defineAction({ schema: injectFaultSchema, permission: 'admin:gameday' }, async (input, ctx) => {
  const fault = await injectFault(ctx, input)
  revalidatePath('/admin/game-day')
  return fault
})

export const clearFaultsAction = defineAction({ schema: clearFaultsSchema, permission: 'admin:gameday' }, async (_input, ctx) => {
  const result = await clearFaults(ctx)
  revalidatePath('/admin/game-day')
  return result
})

/** "Database locks": a real blocking transaction in a registered (demo) database. */
export const startDatabaseLocksAction = defineAction({ schema: databaseLocksSchema, permission: 'admin:gameday' }, async (input, ctx) => {
  const started = await startDatabaseLocks(ctx, input)
  revalidatePath('/admin/game-day')
  return started
})

export const stopDatabaseLocksAction = defineAction({ schema: databaseLocksSchema, permission: 'admin:gameday' }, async (input, ctx) => {
  const stopped = await stopDatabaseLocks(ctx, input)
  revalidatePath('/admin/game-day')
  return stopped
})
