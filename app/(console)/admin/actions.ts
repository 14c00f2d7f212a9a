'use server'

import { revalidatePath } from 'next/cache'
import { defineAction } from '@/lib/actions/define-action'
import { allowSsoLink, unlinkIdentity } from '@/lib/sso/mutations'
import { changeUserRole, createUser, setUserDisabled, unlockUser } from '@/lib/users/mutations'
import { allowSsoLinkSchema, changeRoleSchema, createUserSchema, setDisabledSchema, unlinkIdentitySchema, unlockUserSchema } from '@/lib/users/schemas'

export const createUserAction = defineAction({ schema: createUserSchema, permission: 'admin:users' }, async (input, ctx) => {
  const user = await createUser(ctx, input)
  revalidatePath('/admin')
  return user
})

export const changeUserRoleAction = defineAction({ schema: changeRoleSchema, permission: 'admin:users' }, async (input, ctx) => {
  const user = await changeUserRole(ctx, input)
  revalidatePath('/admin')
  return user
})

export const setUserDisabledAction = defineAction({ schema: setDisabledSchema, permission: 'admin:users' }, async (input, ctx) => {
  const user = await setUserDisabled(ctx, input)
  revalidatePath('/admin')
  return user
})

export const allowSsoLinkAction = defineAction({ schema: allowSsoLinkSchema, permission: 'admin:users' }, async (input, ctx) => {
  const user = await allowSsoLink(ctx, input)
  revalidatePath('/admin')
  return user
})

export const unlinkIdentityAction = defineAction({ schema: unlinkIdentitySchema, permission: 'admin:users' }, async (input, ctx) => {
  const result = await unlinkIdentity(ctx, input, 'admin')
  revalidatePath('/admin')
  return result
})

export const unlockUserAction = defineAction({ schema: unlockUserSchema, permission: 'admin:users' }, async (input, ctx) => {
  const result = await unlockUser(ctx, input)
  revalidatePath('/admin')
  return result
})
