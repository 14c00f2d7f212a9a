import { z } from 'zod'

const id = z.uuid('Unknown item')
const stepId = z.string().min(1).max(100)

export const startRunbookSchema = z.object({ incidentId: id, runbookId: z.string().min(1).max(100) })
export const checkStepSchema = z.object({ runId: id, stepId, note: z.preprocess((v) => (v === '' ? undefined : v), z.string().trim().max(2000).optional()) })
export const skipStepSchema = z.object({ runId: id, stepId, reason: z.string().trim().min(3, 'Say why you skip it').max(1000) })
export const stepNoteSchema = z.object({ runId: id, stepId, note: z.string().trim().min(1, 'Write the note first').max(2000) })
export const runStepCheckSchema = z.object({ runId: id, stepId, serviceId: id })
/** A diagnostic runs on a service, or (PostgreSQL steps) on a registered database. */
export const runDiagnosticSchema = runStepCheckSchema.extend({ databaseId: z.preprocess((v) => (v === '' ? undefined : v), id.optional()) })
export const attachDiagnosticSchema = runDiagnosticSchema
