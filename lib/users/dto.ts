import type { Role } from '@/lib/auth/permissions'

export type CurrentUser = { id: string; email: string; name: string; role: Role }

export type UserRow = {
  id: string
  email: string
  name: string
  role: Role
  disabled: boolean
  authProvider: string
  /** Single sign-on identities linked to this user. */
  identities: number
  /** Those identities, for unlinking (the email the provider last sent). */
  linkedIdentities: { id: string; email: string | null }[]
  /** Until when an admin allowed the next verified SSO sign-in with this email to link (ISO), or null. */
  ssoLinkAllowedUntil: string | null
  /** Password sign-in locked for this account from some sources (too many wrong passwords), or null. */
  signInLock: { sources: number; until: string } | null
  lastLoginAt: string | null
  createdAt: string
}
