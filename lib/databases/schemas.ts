// Inputs for registered databases and their backend actions. Pure and client-safe.
import { z } from 'zod'
import { environments } from '@/lib/services/dto'

const blank = (v: unknown) => (v === undefined || v === null || (typeof v === 'string' && v.trim() === '') ? undefined : v)
const pgName = z
  .string()
  .trim()
  .min(1, 'Required')
  .max(63, 'PostgreSQL names are at most 63 characters')
  .regex(/^[A-Za-z0-9_.$-]+$/, 'Use letters, digits and _ . $ - only')

export const registerDatabaseSchema = z
  .object({
    name: z
      .string()
      .trim()
      .min(1, 'Enter a name')
      .max(100, 'Use at most 100 characters')
      .regex(/^[A-Za-z0-9_.-]+$/, 'Use letters, digits, - _ and . only'),
    environment: z.enum(environments, 'Choose an environment'),
    team: z.string().trim().min(1, 'Enter the owning team').max(100),
    host: z
      .string()
      .trim()
      .min(1, 'Enter the host')
      .max(255)
      .regex(/^[A-Za-z0-9.:_-]+$/, 'Use a host name or an IP address'),
    port: z.coerce.number('Enter a port').int('Enter a port').min(1, 'Use a port from 1 to 65535').max(65535, 'Use a port from 1 to 65535'),
    dbname: pgName,
    username: pgName,
    password: z.string().min(1, 'Enter the password').max(500),
    /** The role with pg_signal_backend, for cancel and terminate; optional. */
    actionUsername: z.preprocess(blank, pgName.optional()),
    actionPassword: z.preprocess(blank, z.string().max(500).optional()),
    serviceIds: z.preprocess((v) => (typeof v === 'string' ? (v ? [v] : []) : v), z.array(z.uuid('Unknown service')).max(50).default([])),
    /** The RDS resource (lib/resources) it runs on; optional. */
    resourceId: z.preprocess(blank, z.uuid('Choose an RDS instance from the list').optional()),
  })
  .refine((v) => !v.actionUsername || v.actionPassword, { path: ['actionPassword'], message: 'Enter the password of the action role' })
export type RegisterDatabaseInput = z.infer<typeof registerDatabaseSchema>

export const removeDatabaseSchema = z.object({ id: z.uuid('Unknown database') })

/** Which RDS resource a registered database runs on; blank unlinks it. */
export const linkDatabaseResourceSchema = z.object({
  id: z.uuid('Unknown database'),
  resourceId: z.preprocess(blank, z.uuid('Choose an RDS instance from the list').nullable().default(null)),
})
export type LinkDatabaseResourceInput = z.infer<typeof linkDatabaseResourceSchema>

export const backendActions = ['cancel', 'terminate'] as const
export type BackendAction = (typeof backendActions)[number]

export const previewBackendActionSchema = z.object({
  databaseId: z.uuid('Unknown database'),
  pid: z.coerce.number('Enter a pid').int().min(1, 'Enter a pid').max(2_147_483_647),
  action: z.enum(backendActions, 'Choose cancel or terminate'),
})
export type PreviewBackendActionInput = z.infer<typeof previewBackendActionSchema>

export const requestBackendActionSchema = previewBackendActionSchema.extend({
  idempotencyKey: z.string().trim().min(8, 'Reload and try again').max(100),
  reason: z.string().trim().min(3, 'Say why (at least 3 characters)').max(1000),
  incidentId: z.preprocess(blank, z.uuid('Choose the incident').optional()),
  /** In production, the database name typed by the person, to confirm the target. */
  confirmName: z.preprocess(blank, z.string().trim().max(255).optional()),
})
export type RequestBackendActionInput = z.infer<typeof requestBackendActionSchema>
