// Admin inputs for alert integrations. Client-safe.
import { z } from 'zod'

export const integrationKinds = ['SNS', 'EVENTBRIDGE', 'ALERTMANAGER', 'WEBHOOK'] as const
export type IntegrationKind = (typeof integrationKinds)[number]

const topicArns = z.array(z.string().trim().max(300, 'Use at most 300 characters')).max(20, 'Allow at most 20 topics')
const id = z.uuid('Unknown integration')
const expectedVersion = z.number().int().min(0)

export const createIntegrationSchema = z
  .object({
    kind: z.enum(integrationKinds, 'Choose where the alerts come from'),
    name: z.string().trim().min(2, 'Name the integration').max(80, 'Use at most 80 characters'),
    topicArns: topicArns.default([]),
  })
  .refine((v) => v.kind !== 'SNS' || v.topicArns.filter(Boolean).length > 0, { path: ['topicArns'], message: 'Allow at least one SNS topic ARN' })

export const rotateIntegrationSchema = z.object({ id, expectedVersion })

export const updateIntegrationSchema = z.object({ id, expectedVersion, enabled: z.boolean().optional(), topicArns: topicArns.optional() })

const alertRef = { alertId: z.uuid('Unknown alert'), expectedVersion }

export const acknowledgeAlertSchema = z.object(alertRef)

export const silenceAlertSchema = z.object({
  ...alertRef,
  minutes: z
    .number()
    .int()
    .min(5, 'Silence for at least 5 minutes')
    .max(7 * 24 * 60, 'Silence for at most a week'),
  reason: z.string().trim().min(3, 'Say why it is silenced').max(500, 'Use at most 500 characters'),
})

export const attachAlertSchema = z.object({ ...alertRef, incidentId: z.uuid('Choose an open incident') })

// ── Routing: explicit service mappings, routing rules, maintenance windows (admins) ──

const serviceId = z.uuid('Choose a service')
const optional = <T extends z.ZodType>(t: T) => z.preprocess((v) => (v === '' ? null : v), t.nullable().default(null))
const pattern = z
  .string()
  .trim()
  .min(1, 'Give a pattern')
  .max(300, 'Use at most 300 characters')
  .refine((p) => p.replace(/\*/g, '').length >= 2, 'Match at least two characters besides *')

export const createServiceMappingSchema = z.object({ pattern, serviceId })

export const routeActions = ['DECLARE', 'INBOX'] as const
export const incidentSeverities = ['SEV1', 'SEV2', 'SEV3', 'SEV4'] as const

export const createAlertRouteSchema = z
  .object({
    source: optional(z.enum(['sns', 'eventbridge', 'alertmanager', 'webhook'], 'Unknown source')),
    environment: optional(z.enum(['DEV', 'STAGING', 'PROD'], 'Unknown environment')),
    serviceId: optional(serviceId),
    namePattern: optional(pattern),
    action: z.enum(routeActions, 'Declare or inbox'),
    severity: optional(z.enum(incidentSeverities, 'Unknown severity')),
    runbookId: optional(z.string().trim().max(100)),
  })
  .refine((r) => r.source || r.environment || r.serviceId || r.namePattern, { path: ['namePattern'], message: 'Set at least one condition' })
  .refine((r) => r.action === 'DECLARE' || (!r.severity && !r.runbookId), { path: ['severity'], message: 'Severity and runbook apply only to declare' })

/** "YYYY-MM-DDTHH:MM" (a datetime-local field) read as UTC, or a full ISO time. */
const utcTime = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z)?$/, 'Give a date and time (UTC)')
  .transform((v) => new Date(v.endsWith('Z') ? v : `${v}Z`))
  .refine((d) => !Number.isNaN(d.getTime()), 'Not a date')

const bothTimes = (w: { startsAt: unknown; endsAt: unknown }) => w.startsAt instanceof Date && w.endsAt instanceof Date

export const createMaintenanceWindowSchema = z
  .object({
    serviceId,
    startsAt: utcTime,
    endsAt: utcTime,
    reason: z.string().trim().min(3, 'Say what the maintenance is').max(500, 'Use at most 500 characters'),
  })
  // The span is checked only once both times parsed: a refinement also runs when a field failed, with its raw value.
  .refine((w) => !bothTimes(w) || w.endsAt > w.startsAt, { path: ['endsAt'], message: 'End after the start' })
  .refine((w) => !bothTimes(w) || w.endsAt.getTime() - w.startsAt.getTime() <= 7 * 24 * 3600_000, {
    path: ['endsAt'],
    message: 'A window lasts at most a week',
  })

export const removeAlertRuleSchema = z.object({ kind: z.enum(['mapping', 'route', 'window']), id: z.uuid('Unknown rule') })

export const savePagerDutySchema = z.object({
  enabled: z.boolean(),
  /** Empty: keep the saved address (the PagerDuty default the first time). */
  url: z.union([z.literal(''), z.url('Give the full https address of the Events API').max(500, 'Use at most 500 characters')]).optional(),
  /** Empty: keep the saved routing key. */
  routingKey: z.string().trim().max(200, 'Use at most 200 characters').optional(),
  expectedVersion: z.number().int().min(0),
})
