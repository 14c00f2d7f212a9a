import { z } from 'zod'
import { faultPresetsList, scenarioKindsList } from './scenarios'

export const injectScenarioSchema = z.object({
  serviceId: z.uuid('Choose a service'),
  scenario: z.enum(scenarioKindsList, 'Choose a failure'),
  /** The failure began this many minutes ago (0: now); the simulator replays the service's minutes since. */
  minutesIn: z.number('Choose when the failure began').int().min(0).max(30, 'At most 30 minutes ago').optional(),
})
export type InjectScenarioInput = z.infer<typeof injectScenarioSchema>

export const clearScenarioSchema = z.object({ id: z.string().min(1).max(100).optional() })

export const injectFaultSchema = z.object({ preset: z.enum(faultPresetsList, 'Choose a fault') })
export type InjectFaultInput = z.infer<typeof injectFaultSchema>
export const clearFaultsSchema = z.object({})
export const databaseLocksSchema = z.object({ databaseId: z.uuid('Choose a database') })
