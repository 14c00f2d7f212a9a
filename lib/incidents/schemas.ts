// Inputs of the incidents domain. Client-safe: forms validate with the same schemas
// the server actions parse with. Every change to an incident carries the version the
// user saw (expectedVersion); notes are the exception, they never conflict.
import { z } from 'zod'
import { environments } from '@/lib/services/dto'
import { webhookFormats } from './dto'
import { severities } from './policy'
import { statusUpdateKinds } from './status-update'
import { incidentRoles } from './timeline'
import { incidentStatuses } from './transitions'

const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v)
const optional = <T extends z.ZodType>(schema: T) => z.preprocess(blankToUndefined, schema.optional())
/** A boolean from JSON or from a form: a checkbox sends "on" when ticked and nothing when not. */
const flag = (absent: boolean) =>
  z.preprocess((v) => {
    if (v === undefined || v === null || v === '') return absent
    if (v === 'on' || v === 'true') return true
    if (v === 'false' || v === 'off') return false
    return v
  }, z.boolean('Choose yes or no'))

const incidentId = z.uuid('Unknown incident')
const expectedVersion = z.coerce
  .number('Reload the incident and try again')
  .int('Reload the incident and try again')
  .min(0, 'Reload the incident and try again')
const reason = z.string().trim().min(3, 'Give a reason (at least 3 characters)').max(1000, 'Use at most 1000 characters')

export const declareIncidentSchema = z.object({
  /** Made once per declare form; a retry or a double click sends the same key and gets the same incident. */
  idempotencyKey: z.string().trim().min(8, 'Reload the form and try again').max(100, 'Reload the form and try again'),
  title: z.string().trim().min(3, 'Give the incident a short title').max(200, 'Use at most 200 characters'),
  severity: z.enum(severities, 'Choose a severity'),
  impact: z.string().trim().min(3, 'Say who or what is affected').max(2000, 'Use at most 2000 characters'),
  serviceIds: z
    .array(z.uuid('Unknown service'))
    .max(50, 'Name at most 50 services')
    .default([])
    .transform((ids) => [...new Set(ids)]),
  /** Someone else to command the incident; by default the person declaring it. */
  commanderId: optional(z.uuid('Unknown user').nullable()),
  /** Declare even though a named service already has an open incident (the form asks first). */
  declareAnyway: z.boolean().optional(),
  /** A runbook to start on the new incident as it is declared (the declare form proposes the best match). */
  runbookId: z.preprocess((v) => (v === '' ? undefined : v), z.string().trim().max(100).optional()),
})
export type DeclareIncidentInput = z.infer<typeof declareIncidentSchema>

export const acknowledgeIncidentSchema = z.object({ incidentId, expectedVersion })
export type AcknowledgeIncidentInput = z.infer<typeof acknowledgeIncidentSchema>

export const changeSeveritySchema = z.object({
  incidentId,
  expectedVersion,
  severity: z.enum(severities, 'Choose a severity'),
  reason,
})
export type ChangeSeverityInput = z.infer<typeof changeSeveritySchema>

export const changeStatusSchema = z
  .object({
    incidentId,
    expectedVersion,
    status: z.enum(incidentStatuses, 'Choose a status'),
    /** Needed to move back a step or to reopen (see transitions.ts). */
    reason: optional(z.string().trim().max(1000, 'Use at most 1000 characters')),
    /** Needed to resolve: what fixed it. */
    resolutionSummary: optional(z.string().trim().max(4000, 'Use at most 4000 characters')),
  })
  .superRefine((v, ctx) => {
    if (v.status === 'RESOLVED' && !v.resolutionSummary) {
      ctx.addIssue({ code: 'custom', path: ['resolutionSummary'], message: 'Say what fixed it' })
    }
  })
export type ChangeStatusInput = z.infer<typeof changeStatusSchema>

export const assignRoleSchema = z.object({
  incidentId,
  expectedVersion,
  role: z.enum(incidentRoles, 'Choose a role'),
  /** null unassigns the communications or operations lead; the commander cannot be left empty. */
  userId: z.preprocess((v) => (v === '' ? null : v), z.uuid('Choose a person').nullable()),
})
export type AssignRoleInput = z.infer<typeof assignRoleSchema>

export const changeServiceSchema = z.object({ incidentId, expectedVersion, serviceId: z.uuid('Choose a service') })
export type ChangeServiceInput = z.infer<typeof changeServiceSchema>

export const addNoteSchema = z.object({
  incidentId,
  text: z.string().trim().min(1, 'Write the note first').max(5000, 'Use at most 5000 characters'),
})
export type AddNoteInput = z.infer<typeof addNoteSchema>

export const postStatusUpdateSchema = z.object({
  incidentId,
  expectedVersion,
  kind: z.enum(statusUpdateKinds, 'Choose the kind of update'),
  text: z.string().trim().min(1, 'Write the update first').max(4000, 'Use at most 4000 characters'),
})
export type PostStatusUpdateInput = z.infer<typeof postStatusUpdateSchema>

const minutes = (least: number, most: number) =>
  z.coerce
    .number('Enter a number of minutes')
    .int('Enter whole minutes')
    .min(least, `Use at least ${least} minute${least > 1 ? 's' : ''}`)
    .max(most, `Use at most ${most} minutes`)
const optionalMinutes = (least: number, most: number) => z.preprocess((v) => (v === '' || v === undefined ? null : v), minutes(least, most).nullable())

export const updateSeverityPolicySchema = z
  .object({
    severity: z.enum(severities, 'Choose a severity'),
    expectedVersion,
    description: z.string().trim().min(3, 'Describe the severity').max(300, 'Use at most 300 characters'),
    /** Empty: by the end of the next business day. */
    ackWithinMinutes: optionalMinutes(1, 7 * 24 * 60),
    /** Empty: no resolution target. */
    resolveWithinMinutes: optionalMinutes(1, 30 * 24 * 60),
    /** Empty: no regular updates. */
    updateEveryMinutes: optionalMinutes(5, 24 * 60),
    updatesAtStartAndEnd: flag(false),
    /** Empty: escalate only after an hour without progress. */
    escalateAfterMinutes: optionalMinutes(1, 7 * 24 * 60),
    postmortemRequired: flag(false),
  })
  .superRefine((v, ctx) => {
    if (v.updateEveryMinutes != null && v.updatesAtStartAndEnd) {
      ctx.addIssue({
        code: 'custom',
        path: ['updatesAtStartAndEnd'],
        message: 'Choose regular updates or updates at start and end, not both',
      })
    }
  })
export type UpdateSeverityPolicyInput = z.infer<typeof updateSeverityPolicySchema>

const localHosts = new Set(['localhost', '127.0.0.1', '[::1]'])

/**
 * Incoming webhook URLs: https, or plain http to a receiver on this machine (tests, local
 * relays). The server also refuses private, loopback and link-local destinations, and any
 * plain http, unless WEBHOOK_ALLOW_HOSTS names the host (lib/security/outbound.ts): that
 * needs DNS and the configuration, so it is checked there, at save and at every send.
 */
export const webhookUrlSchema = z
  .url({ protocol: /^https?$/, error: 'Paste the https:// URL of an incoming webhook' })
  .max(2000, 'Use at most 2000 characters')
  .refine((u) => {
    const url = new URL(u)
    return url.protocol === 'https:' || localHosts.has(url.hostname)
  }, 'Use https:// (plain http only reaches a receiver on this machine)')

export const webhookInputSchema = z.object({
  /** An existing webhook's id; absent for a new one. */
  id: optional(z.uuid('Unknown webhook')),
  name: z.string().trim().min(1, 'Name the channel, for example #incidents').max(60, 'Use at most 60 characters'),
  format: z.enum(webhookFormats, 'Choose Slack or Teams'),
  /** Required for a new webhook; leave empty to keep an existing one's URL. */
  url: optional(webhookUrlSchema),
  /** Absent means enabled; a form with a checkbox must send "false" when it is unticked. */
  enabled: flag(true),
})

export const updateWebhooksSchema = z
  .object({
    expectedVersion,
    webhooks: z.array(webhookInputSchema).max(10, 'Use at most 10 webhooks'),
  })
  .superRefine((v, ctx) => {
    v.webhooks.forEach((w, i) => {
      if (!w.id && !w.url) ctx.addIssue({ code: 'custom', path: ['webhooks', i, 'url'], message: 'Paste the webhook URL' })
    })
    const names = v.webhooks.map((w) => w.name.toLowerCase())
    names.forEach((n, i) => {
      if (names.indexOf(n) !== i) ctx.addIssue({ code: 'custom', path: ['webhooks', i, 'name'], message: 'Each webhook needs its own name' })
    })
  })
export type UpdateWebhooksInput = z.infer<typeof updateWebhooksSchema>

const listOf = <T extends readonly [string, ...string[]]>(values: T, message: string) =>
  z.preprocess(
    (v) => {
      const raw = typeof v === 'string' ? v.split(',') : v
      return Array.isArray(raw) ? raw.map((x) => (typeof x === 'string' ? x.trim() : x)).filter((x) => x !== '') : raw
    },
    z.array(z.enum(values, message)).optional(),
  )

const dateOnly = /^\d{4}-\d{2}-\d{2}$/

/**
 * The incident list's filters, as they come from the URL's search params (strings,
 * comma-separated lists) or from code. `to` is exclusive; a date alone (2025-11-19)
 * means through the end of that day, UTC.
 */
export const incidentListFilterSchema = z.object({
  /** open: not resolved; resolved: resolved only; all (default). */
  state: z.preprocess(blankToUndefined, z.enum(['open', 'resolved', 'all'], 'Choose open, resolved or all').default('all')),
  status: listOf(incidentStatuses, 'Unknown status'),
  severity: listOf(severities, 'Unknown severity'),
  serviceId: optional(z.uuid('Unknown service')),
  environment: optional(z.enum(environments, 'Unknown environment')),
  commanderId: optional(z.uuid('Unknown user')),
  from: optional(z.coerce.date('Use a date such as 2025-11-19')),
  to: z.preprocess((v) => {
    if (typeof v === 'string' && dateOnly.test(v.trim())) return new Date(Date.parse(`${v.trim()}T00:00:00Z`) + 24 * 60 * 60 * 1000)
    return blankToUndefined(v)
  }, z.coerce.date('Use a date such as 2025-11-19').optional()),
  /** Words in the title, the impact or a note; or an incident number (42, INC-42). */
  q: optional(z.string().trim().max(200, 'Use at most 200 characters')),
  limit: z.preprocess(blankToUndefined, z.coerce.number().int().min(1).max(100).default(25)),
})
export type IncidentListFilterInput = z.input<typeof incidentListFilterSchema>

/** The timeline route's search params: `after` for live polling, `before` to page back. */
export const timelineQuerySchema = z.object({
  after: optional(z.coerce.number().int().min(0)),
  before: optional(z.coerce.number().int().min(1)),
  limit: optional(z.coerce.number().int().min(1).max(1000)),
})
