'use server'

import { defineAction } from '@/lib/actions/define-action'
import { addStepNote, attachDiagnostic, checkStep, runDiagnostic, skipStep, startRunbook, verifyStep } from '@/lib/runbooks/mutations'
import { previewBackendAction, requestBackendAction } from '@/lib/databases/mutations'
import { previewBackendActionSchema, requestBackendActionSchema } from '@/lib/databases/schemas'
import {
  attachDiagnosticSchema,
  checkStepSchema,
  runDiagnosticSchema,
  runStepCheckSchema,
  skipStepSchema,
  startRunbookSchema,
  stepNoteSchema,
} from '@/lib/runbooks/schemas'

export const startRunbookAction = defineAction({ schema: startRunbookSchema, permission: 'incident:write' }, (input, ctx) => startRunbook(ctx, input))
export const checkStepAction = defineAction({ schema: checkStepSchema, permission: 'incident:write' }, (input, ctx) => checkStep(ctx, input))
export const skipStepAction = defineAction({ schema: skipStepSchema, permission: 'incident:write' }, (input, ctx) => skipStep(ctx, input))
export const stepNoteAction = defineAction({ schema: stepNoteSchema, permission: 'incident:write' }, (input, ctx) => addStepNote(ctx, input))
export const runDiagnosticAction = defineAction({ schema: runDiagnosticSchema, permission: 'incident:write' }, (input, ctx) => runDiagnostic(ctx, input))
export const attachDiagnosticAction = defineAction({ schema: attachDiagnosticSchema, permission: 'incident:write' }, (input, ctx) =>
  attachDiagnostic(ctx, input),
)
export const verifyStepAction = defineAction({ schema: runStepCheckSchema, permission: 'incident:write' }, (input, ctx) => verifyStep(ctx, input))

/** Cancel a query or end a session on a registered database (a remediation request of a database kind). */
export const previewBackendActionAction = defineAction({ schema: previewBackendActionSchema, permission: 'remediation:request' }, (input, ctx) =>
  previewBackendAction(ctx, input),
)
export const requestBackendActionAction = defineAction({ schema: requestBackendActionSchema, permission: 'remediation:request' }, (input, ctx) =>
  requestBackendAction(ctx, input),
)
