import { z } from 'zod'
import { auditActions } from './actions'

const blank = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v)

/** The audit page's filters, from the URL's search params. `to` is inclusive of that day (UTC). */
export const auditFilterSchema = z.object({
  actor: z.preprocess(blank, z.string().trim().toLowerCase().max(200).optional()),
  action: z.preprocess(blank, z.enum(auditActions, 'Unknown action').optional()),
  serviceId: z.preprocess(blank, z.uuid('Unknown service').optional()),
  incident: z.preprocess(
    blank,
    z
      .string()
      .trim()
      .regex(/^(INC-)?\d+$/i, 'Use an incident number such as INC-12')
      .optional(),
  ),
  from: z.preprocess(blank, z.coerce.date('Use a date such as 2026-11-21').optional()),
  to: z.preprocess(
    (v) => (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) ? new Date(Date.parse(`${v}T00:00:00Z`) + 86_400_000) : blank(v)),
    z.coerce.date('Use a date such as 2026-11-21').optional(),
  ),
  before: z.preprocess(blank, z.coerce.number().int().positive().optional()),
})
export type AuditFilter = z.infer<typeof auditFilterSchema>
