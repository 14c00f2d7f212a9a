import type { Role } from '@/lib/auth/permissions'

export type CurrentUser = { id: string; email: string; name: string; role: Role }

export type UserRow = {
  id: string
  email: string
  name: string
  role: Role
  disabled: boolean
  authProvider: string
  lastLoginAt: string | null
  createdAt: string
}
