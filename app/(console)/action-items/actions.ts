'use server'

import { revalidatePath } from 'next/cache'
import { defineAction } from '@/lib/actions/define-action'
import { createActionItem, deleteActionItem, updateActionItem } from '@/lib/postmortems/mutations'
import { createActionItemSchema, deleteActionItemSchema, updateActionItemSchema } from '@/lib/postmortems/schemas'

// Used by the post-mortem page and the action item list alike.
const changed = <T>(result: T) => {
  revalidatePath('/action-items')
  revalidatePath('/dashboard')
  return result
}

export const createActionItemAction = defineAction({ schema: createActionItemSchema, permission: 'incident:write' }, async (input, ctx) =>
  changed(await createActionItem(ctx, input)),
)

export const updateActionItemAction = defineAction({ schema: updateActionItemSchema, permission: 'incident:write' }, async (input, ctx) =>
  changed(await updateActionItem(ctx, input)),
)

export const deleteActionItemAction = defineAction({ schema: deleteActionItemSchema, permission: 'incident:write' }, async (input, ctx) =>
  changed(await deleteActionItem(ctx, input)),
)
