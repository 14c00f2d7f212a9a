'use server'

import { revalidatePath } from 'next/cache'
import { defineAction } from '@/lib/actions/define-action'
import { approveRemediation, rejectRemediation, requestRemediation } from '@/lib/remediation/mutations'
import { decideRemediationSchema, requestRemediationSchema } from '@/lib/remediation/schemas'

export const requestRemediationAction = defineAction({ schema: requestRemediationSchema, permission: 'remediation:request' }, async (input, ctx) => {
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
