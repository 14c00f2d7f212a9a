import { z } from 'zod'
import { faultPresetsList, scenarioKindsList } from './scenarios'

export const injectScenarioSchema = z.object({
  serviceId: z.uuid('Choose a service'),
  scenario: z.enum(scenarioKindsList, 'Choose a failure'),
})
export type InjectScenarioInput = z.infer<typeof injectScenarioSchema>

export const clearScenarioSchema = z.object({ id: z.string().min(1).max(100).optional() })

export const injectFaultSchema = z.object({ preset: z.enum(faultPresetsList, 'Choose a fault') })
export type InjectFaultInput = z.infer<typeof injectFaultSchema>
export const clearFaultsSchema = z.object({})
export const databaseLocksSchema = z.object({ databaseId: z.uuid('Choose a database') })
