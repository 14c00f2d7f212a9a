'use server'

import { revalidatePath } from 'next/cache'
import { defineAction } from '@/lib/actions/define-action'
import { changePostMortemStatus, savePostMortem, startPostMortem } from '@/lib/postmortems/mutations'
import { changePostMortemStatusSchema, savePostMortemSchema, startPostMortemSchema } from '@/lib/postmortems/schemas'

export const startPostMortemAction = defineAction({ schema: startPostMortemSchema, permission: 'incident:write' }, async (input, ctx) => {
  const result = await startPostMortem(ctx, input)
  revalidatePath(`/incidents/${input.incidentId}/postmortem`)
  return result
})

// Autosave: no revalidation, the editor holds the text and its version.
export const savePostMortemAction = defineAction({ schema: savePostMortemSchema, permission: 'incident:write' }, (input, ctx) => savePostMortem(ctx, input))

export const changePostMortemStatusAction = defineAction({ schema: changePostMortemStatusSchema, permission: 'incident:write' }, async (input, ctx) => {
  const result = await changePostMortemStatus(ctx, input)
  revalidatePath('/incidents')
  revalidatePath('/dashboard')
  return result
})
