'use server'

import { revalidatePath } from 'next/cache'
import { defineAction } from '@/lib/actions/define-action'
import { approveRemediation, rejectRemediation, requestRemediation } from '@/lib/remediation/mutations'
import { decideRemediationSchema, requestRemediationSchema } from '@/lib/remediation/schemas'
import { fixStepOf } from '@/lib/runbooks/queries'
import { AppError } from '@/lib/errors'

export const requestRemediationAction = defineAction({ schema: requestRemediationSchema, permission: 'remediation:request' }, async (input, ctx) => {
  // A fix launched from a runbook step: the step must be a remediation step of this action, in a run of this incident.
  if (input.runbookStep) {
    const step = await fixStepOf(input.runbookStep.runId, input.runbookStep.stepId)
    if (!step || step.kind !== input.action.kind || step.incidentId !== input.incidentId) {
      throw new AppError('VALIDATION', 'That runbook step does not launch this action for this incident. Open the fix from the step again.', {
        runbookStep: ['Open the fix from the runbook step again'],
      })
    }
  }
  const result = await requestRemediation(ctx, input)
  revalidatePath('/remediations')
  return result
})

export const approveRemediationAction = defineAction({ schema: decideRemediationSchema, permission: 'remediation:approve' }, async (input, ctx) => {
  const result = await approveRemediation(ctx, input)
  revalidatePath('/remediations')
  return result
})

export const rejectRemediationAction = defineAction({ schema: decideRemediationSchema, permission: 'remediation:approve' }, async (input, ctx) => {
  const result = await rejectRemediation(ctx, input)
  revalidatePath('/remediations')
  return result
})
