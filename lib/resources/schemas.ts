import { z } from 'zod'
import { serviceFieldsSchema } from '@/lib/services/schemas'
import { environments } from '@/lib/services/dto'

export const importResourcesSchema = z.object({
  region: serviceFieldsSchema.shape.region,
  environment: z.enum(environments, 'Choose an environment'),
  team: z.string().trim().min(1, 'Enter the owning team').max(100),
})
export type ImportResourcesInput = z.infer<typeof importResourcesSchema>

export const linkResourceSchema = z.object({
  resourceId: z.uuid('Unknown resource'),
  serviceIds: z.array(z.uuid('Unknown service')).max(200, 'Link at most 200 services'),
})
export type LinkResourceInput = z.infer<typeof linkResourceSchema>
