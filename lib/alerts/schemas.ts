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
