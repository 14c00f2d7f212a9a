import { z } from 'zod'
import { environments } from './dto'

// ECS names: letters, digits, hyphens and underscores, up to 255 characters.
const ecsName = z
  .string()
  .trim()
  .min(1, 'Required')
  .max(255, 'Use at most 255 characters')
  .regex(/^[A-Za-z0-9_-]+$/, 'Use letters, digits, - and _ only (as ECS does)')

const optionalText = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (v === undefined || (typeof v === 'string' && v.trim() === '') ? null : v), schema.nullable())

export const serviceFieldsSchema = z.object({
  name: z.string().trim().min(1, 'Enter a name').max(100, 'Use at most 100 characters'),
  environment: z.enum(environments, 'Choose an environment'),
  region: z
    .string()
    .trim()
    .regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'Use a region such as us-east-1'),
  cluster: ecsName,
  ecsServiceName: ecsName,
  team: z.string().trim().min(1, 'Enter the owning team').max(100),
  targetGroupArn: optionalText(
    z
      .string()
      .trim()
      .regex(/^arn:aws[a-z-]*:elasticloadbalancing:[a-z0-9-]+:\d{12}:targetgroup\/.+/, 'Use a target group ARN'),
  ),
  healthUrl: optionalText(z.url({ protocol: /^https?$/, error: 'Use an http(s) URL' })),
})
export type ServiceFieldsInput = z.infer<typeof serviceFieldsSchema>

export const createServiceSchema = serviceFieldsSchema
export const updateServiceSchema = serviceFieldsSchema.extend({ id: z.uuid('Unknown service') })
export type UpdateServiceInput = z.infer<typeof updateServiceSchema>
export const deleteServiceSchema = z.object({ id: z.uuid('Unknown service') })

export const importClusterSchema = z.object({
  region: serviceFieldsSchema.shape.region,
  cluster: ecsName,
  environment: z.enum(environments, 'Choose an environment'),
  team: z.string().trim().min(1, 'Enter the owning team').max(100),
})
export type ImportClusterInput = z.infer<typeof importClusterSchema>
