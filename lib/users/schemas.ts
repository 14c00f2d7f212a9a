import { z } from 'zod'
import { roles } from '@/lib/auth/permissions'

export const emailSchema = z.string().trim().toLowerCase().pipe(z.email('Enter an email address such as jane@example.com'))

export const passwordSchema = z.string().min(12, 'Use at least 12 characters').max(200, 'Use at most 200 characters')

export const createUserSchema = z.object({
  email: emailSchema,
  name: z.string().trim().min(1, 'Enter a name').max(100, 'Use at most 100 characters'),
  role: z.enum(roles, 'Choose a role'),
  password: passwordSchema,
})
export type CreateUserInput = z.infer<typeof createUserSchema>

export const changeRoleSchema = z.object({
  userId: z.uuid('Unknown user'),
  role: z.enum(roles, 'Choose a role'),
})
export type ChangeRoleInput = z.infer<typeof changeRoleSchema>

export const setDisabledSchema = z.object({
  userId: z.uuid('Unknown user'),
  disabled: z.boolean(),
})
export type SetDisabledInput = z.infer<typeof setDisabledSchema>

export const changePasswordSchema = z
  .object({ currentPassword: z.string().min(1, 'Enter your current password').max(200), newPassword: passwordSchema })
  .strict()
  .refine((v) => v.currentPassword !== v.newPassword, { path: ['newPassword'], message: 'Choose a password different from the current one' })
export type ChangePasswordInput = z.infer<typeof changePasswordSchema>

export const unlockUserSchema = z.object({ userId: z.uuid('Unknown user') })
export type UnlockUserInput = z.infer<typeof unlockUserSchema>

export const allowSsoLinkSchema = z.object({
  userId: z.uuid('Unknown user'),
  allowed: z.boolean(),
})

export const unlinkIdentitySchema = z.object({
  userId: z.uuid('Unknown user'),
  identityId: z.uuid('Unknown identity'),
})
