'use server'

import { defineAction } from '@/lib/actions/define-action'
import { addStepNote, attachDiagnostic, checkStep, runDiagnostic, skipStep, startRunbook, verifyStep } from '@/lib/runbooks/mutations'
import { attachDiagnosticSchema, checkStepSchema, runStepCheckSchema, skipStepSchema, startRunbookSchema, stepNoteSchema } from '@/lib/runbooks/schemas'

export const startRunbookAction = defineAction({ schema: startRunbookSchema, permission: 'incident:write' }, (input, ctx) => startRunbook(ctx, input))
export const checkStepAction = defineAction({ schema: checkStepSchema, permission: 'incident:write' }, (input, ctx) => checkStep(ctx, input))
export const skipStepAction = defineAction({ schema: skipStepSchema, permission: 'incident:write' }, (input, ctx) => skipStep(ctx, input))
export const stepNoteAction = defineAction({ schema: stepNoteSchema, permission: 'incident:write' }, (input, ctx) => addStepNote(ctx, input))
export const runDiagnosticAction = defineAction({ schema: runStepCheckSchema, permission: 'incident:write' }, (input, ctx) => runDiagnostic(ctx, input))
export const attachDiagnosticAction = defineAction({ schema: attachDiagnosticSchema, permission: 'incident:write' }, (input, ctx) =>
  attachDiagnostic(ctx, input),
)
export const verifyStepAction = defineAction({ schema: runStepCheckSchema, permission: 'incident:write' }, (input, ctx) => verifyStep(ctx, input))
