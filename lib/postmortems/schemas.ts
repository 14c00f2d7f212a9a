// Inputs of the post-mortem domain. Client-safe: forms validate with the same
// schemas the server actions parse with. Every edit carries the version the editor
// loaded (expectedVersion), so two editors never overwrite each other silently.
import { z } from 'zod'
import { actionItemStatuses, postMortemStatuses } from './dto'
import { sectionKeys, type SectionKey } from './sections'

const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v)
const optional = <T extends z.ZodType>(schema: T) => z.preprocess(blankToUndefined, schema.optional())

const expectedVersion = z.coerce.number('Reload the page and try again').int('Reload the page and try again').min(0, 'Reload the page and try again')

export const SECTION_MAX = 20_000
const sectionText = z.string().max(SECTION_MAX, `Use at most ${SECTION_MAX.toLocaleString('en')} characters in a section`)

export const startPostMortemSchema = z.object({ incidentId: z.uuid('Unknown incident') })
export type StartPostMortemInput = z.infer<typeof startPostMortemSchema>

export const savePostMortemSchema = z.object({
  postMortemId: z.uuid('Unknown post-mortem'),
  expectedVersion,
  /** Only the sections that changed since the last save. */
  sections: z
    .object(Object.fromEntries(sectionKeys.map((k) => [k, sectionText.optional()])) as Record<SectionKey, z.ZodOptional<typeof sectionText>>)
    .strict()
    .default({}),
  /** The timeline entries chosen for the curated timeline; absent to leave the choice as it is. */
  includedEntryIds: z.array(z.number().int().positive()).max(5000, 'Choose at most 5000 entries').optional(),
})
export type SavePostMortemInput = z.infer<typeof savePostMortemSchema>

export const changePostMortemStatusSchema = z.object({
  postMortemId: z.uuid('Unknown post-mortem'),
  expectedVersion,
  status: z.enum(postMortemStatuses, 'Choose a status'),
})
export type ChangePostMortemStatusInput = z.infer<typeof changePostMortemStatusSchema>

const dateOnly = /^\d{4}-\d{2}-\d{2}$/
/** A due date from a date input (2025-11-26), or null to clear it. */
const dueDate = z.preprocess(
  (v) => (v === '' ? null : v),
  z
    .string()
    .regex(dateOnly, 'Use a date such as 2025-11-26')
    .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)), 'Use a real date')
    .nullable(),
)
const title = z.string().trim().min(3, 'Say what needs doing (at least 3 characters)').max(300, 'Use at most 300 characters')
const ownerId = z.preprocess((v) => (v === '' ? null : v), z.uuid('Choose a person').nullable())

export const createActionItemSchema = z.object({
  postMortemId: z.uuid('Unknown post-mortem'),
  title,
  ownerId: ownerId.optional(),
  dueAt: dueDate.optional(),
})
export type CreateActionItemInput = z.infer<typeof createActionItemSchema>

export const updateActionItemSchema = z
  .object({
    actionItemId: z.uuid('Unknown action item'),
    expectedVersion,
    title: title.optional(),
    ownerId: ownerId.optional(),
    dueAt: dueDate.optional(),
    status: z.enum(actionItemStatuses, 'Choose a status').optional(),
  })
  .refine((v) => v.title !== undefined || v.ownerId !== undefined || v.dueAt !== undefined || v.status !== undefined, {
    message: 'Nothing to change',
    path: ['form'],
  })
export type UpdateActionItemInput = z.infer<typeof updateActionItemSchema>

export const deleteActionItemSchema = z.object({ actionItemId: z.uuid('Unknown action item'), expectedVersion })
export type DeleteActionItemInput = z.infer<typeof deleteActionItemSchema>

export const actionItemStateFilters = ['active', 'open', 'in_progress', 'done', 'all'] as const

/**
 * The action item list's filters, from the URL. owner: a user id, "me" or "none"
 * (unassigned); overdue: only items past their due date and not done; state:
 * active (open or in progress, the default), open, in_progress, done or all;
 * from/to: the incident's declaration (to exclusive; a date alone means through
 * the end of that day, UTC), as the dashboard links them.
 */
export const actionItemFilterSchema = z.object({
  owner: optional(z.union([z.literal('me'), z.literal('none'), z.uuid('Unknown owner')])),
  overdue: z.preprocess((v) => v === '1' || v === 'true' || v === 'on' || v === true, z.boolean().optional()),
  state: z.preprocess(blankToUndefined, z.enum(actionItemStateFilters, 'Choose a state').default('active')),
  from: optional(z.coerce.date('Use a date such as 2025-11-19')),
  to: z.preprocess((v) => {
    if (typeof v === 'string' && dateOnly.test(v.trim())) return new Date(Date.parse(`${v.trim()}T00:00:00Z`) + 24 * 60 * 60 * 1000)
    return blankToUndefined(v)
  }, z.coerce.date('Use a date such as 2025-11-19').optional()),
  limit: z.preprocess(blankToUndefined, z.coerce.number().int().min(1).max(200).default(50)),
})
export type ActionItemFilterInput = z.input<typeof actionItemFilterSchema>
