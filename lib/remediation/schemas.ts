import { z } from 'zod'

/** The actions on an ECS service (the service page offers these). */
export const remediationKinds = ['FORCE_NEW_DEPLOYMENT', 'SCALE', 'ROLLBACK', 'RAISE_MEMORY'] as const
export type RemediationKind = (typeof remediationKinds)[number]

/** The actions on a registered PostgreSQL database (lib/databases/remediation.ts); the request names a database, not a service. */
export const databaseRemediationKinds = ['PG_CANCEL_BACKEND', 'PG_TERMINATE_BACKEND'] as const
export type DatabaseRemediationKind = (typeof databaseRemediationKinds)[number]
export type AnyRemediationKind = RemediationKind | DatabaseRemediationKind
export const isDatabaseRemediation = (kind: string): kind is DatabaseRemediationKind => (databaseRemediationKinds as readonly string[]).includes(kind)

export const remediationKindLabels: Record<AnyRemediationKind, string> = {
  FORCE_NEW_DEPLOYMENT: 'Force new deployment',
  SCALE: 'Scale',
  ROLLBACK: 'Roll back',
  RAISE_MEMORY: 'Raise memory',
  PG_CANCEL_BACKEND: 'Cancel query',
  PG_TERMINATE_BACKEND: 'End database session',
}

/**
 * A whole number from a form field (a numeric string) or JSON (a number). Nothing
 * else is coerced: null, true or an empty field is refused, never read as 0 (a
 * null desiredCount once scaled a service to zero).
 */
const count = (required: string) => z.preprocess((v) => (typeof v === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(v) ? Number(v) : v), z.number(required))

export const remediationParamsSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('FORCE_NEW_DEPLOYMENT') }),
  z.object({
    kind: z.literal('SCALE'),
    desiredCount: count('Enter a task count').pipe(z.number().int('Enter a whole number').min(0, 'Use 0 or more').max(200, 'Use at most 200')),
  }),
  z.object({ kind: z.literal('ROLLBACK') }),
  z.object({
    kind: z.literal('RAISE_MEMORY'),
    memoryMiB: count('Enter the new memory in MiB').pipe(
      z.number().int('Enter whole MiB').min(128, 'Use at least 128 MiB').max(122_880, 'Use at most 120 GiB'),
    ),
    cpu: z.preprocess((v) => (v === '' || v == null ? undefined : v), z.coerce.number().int().min(128).max(16_384).optional()),
  }),
])
export type RemediationParams = z.infer<typeof remediationParamsSchema>

const text = (min: number, max: number, message: string) => z.string().trim().min(min, message).max(max, `Use at most ${max} characters`)
const blank = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v)

export const previewRemediationSchema = z.object({
  serviceId: z.uuid('Unknown service'),
  action: remediationParamsSchema,
})
export type PreviewRemediationInput = z.infer<typeof previewRemediationSchema>

export const requestRemediationSchema = previewRemediationSchema.extend({
  /** Made once per dialog: a double click, a retry or the same click twice is one request. */
  idempotencyKey: z.string().trim().min(8, 'Reload and try again').max(100),
  reason: text(3, 1000, 'Say why (at least 3 characters)'),
  incidentId: z.preprocess(blank, z.uuid('Choose the incident').optional()),
  /** In production, the service name typed by the person, to confirm the target. */
  confirmName: z.preprocess(blank, z.string().trim().max(255).optional()),
  /** Acting again within the cooldown needs a reason of its own. */
  cooldownOverride: z.preprocess(blank, text(3, 500, 'Say why you cannot wait').optional()),
  /** The runbook step whose "Open fix-it" launched this request: the step links to it and is ticked when it succeeds. */
  runbookStep: z.object({ runId: z.uuid('Unknown runbook step'), stepId: z.string().trim().min(1).max(100) }).optional(),
})
export type RequestRemediationInput = z.infer<typeof requestRemediationSchema>

export const decideRemediationSchema = z.object({
  requestId: z.uuid('Unknown request'),
  reason: z.preprocess(blank, text(3, 1000, 'Give a reason (at least 3 characters)').optional()),
})
export type DecideRemediationInput = z.infer<typeof decideRemediationSchema>
