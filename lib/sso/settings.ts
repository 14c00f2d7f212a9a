// Who may enter through single sign-on, with which role, and how long a session
// lasts. Each setting comes from the environment when its variable is set (shown
// locked on the admin page), otherwise from what an admin saved, otherwise a
// default. Pure: lib/sso/queries.ts reads the stored part.
import { z } from 'zod'
import { roles, type Role } from '@/lib/auth/permissions'

export type GroupRole = { group: string; role: Role }

export type SsoSettings = {
  /** Email domains allowed to sign in through SSO; empty means any. */
  allowedDomains: string[]
  /** A user must be in at least one of these groups; empty means no group is required. */
  requiredGroups: string[]
  /** The claim that carries the user's groups (or roles). */
  groupsClaim: string
  /** Groups mapped to roles; applied at every SSO sign-in (highest match wins, no match is Viewer). */
  groupRoles: GroupRole[]
  /** No account is created by SSO: an admin adds the user first and allows the link. */
  inviteOnly: boolean
  /** A new viewer may be created from an email the provider has not verified. */
  allowUnverifiedEmail: boolean
  /** Password sign-in is off, except for the break-glass admin. */
  ssoOnly: boolean
  breakGlassEmail: string | null
  /** How long a session lasts after sign-in, for every user (at most 12 hours). */
  sessionMaxAgeMinutes: number
}

export type SettingSource = 'environment' | 'admin' | 'default'
export type SsoSettingsView = { settings: SsoSettings; sources: Record<keyof SsoSettings, SettingSource>; version: number }

export const MAX_SESSION_MINUTES = 12 * 60

export const defaultSsoSettings: SsoSettings = {
  allowedDomains: [],
  requiredGroups: [],
  groupsClaim: 'groups',
  groupRoles: [],
  inviteOnly: false,
  allowUnverifiedEmail: false,
  ssoOnly: false,
  breakGlassEmail: null,
  sessionMaxAgeMinutes: MAX_SESSION_MINUTES,
}

/** The environment variable behind each setting. */
export const settingVariables: Record<keyof SsoSettings, string> = {
  allowedDomains: 'AUTH_OIDC_ALLOWED_DOMAINS',
  requiredGroups: 'AUTH_OIDC_REQUIRED_GROUPS',
  groupsClaim: 'AUTH_OIDC_GROUPS_CLAIM',
  groupRoles: 'AUTH_OIDC_GROUP_ROLES',
  inviteOnly: 'AUTH_OIDC_INVITE_ONLY',
  allowUnverifiedEmail: 'AUTH_OIDC_ALLOW_UNVERIFIED_EMAIL',
  ssoOnly: 'AUTH_SSO_ONLY',
  breakGlassEmail: 'AUTH_BREAK_GLASS_EMAIL',
  sessionMaxAgeMinutes: 'AUTH_SESSION_MAX_AGE_MINUTES',
}

const domain = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9.-]+\.[a-z]{2,}$/, 'Enter domains such as example.com')
const group = z.string().trim().min(1).max(200)

/** What an admin may save (also how a stored value is read back). */
export const ssoSettingsSchema = z.object({
  allowedDomains: z.array(domain).max(50),
  requiredGroups: z.array(group).max(50),
  groupsClaim: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_:/.-]{1,100}$/, 'Enter a claim name such as groups or roles'),
  groupRoles: z.array(z.object({ group, role: z.enum(roles, 'Choose a role') })).max(50),
  inviteOnly: z.boolean(),
  allowUnverifiedEmail: z.boolean(),
  ssoOnly: z.boolean(),
  breakGlassEmail: z.union([z.email('Enter an email address').trim().toLowerCase(), z.null()]),
  sessionMaxAgeMinutes: z.number().int().min(5, 'At least 5 minutes').max(MAX_SESSION_MINUTES, 'At most 720 minutes (12 hours)'),
})

export type EnvSsoValues = {
  AUTH_OIDC_ALLOWED_DOMAINS?: string[]
  AUTH_OIDC_REQUIRED_GROUPS?: string[]
  AUTH_OIDC_GROUPS_CLAIM?: string
  AUTH_OIDC_GROUP_ROLES?: { group: string; role: string }[]
  AUTH_OIDC_INVITE_ONLY?: '0' | '1'
  AUTH_OIDC_ALLOW_UNVERIFIED_EMAIL?: '0' | '1'
  AUTH_SSO_ONLY?: '0' | '1'
  AUTH_BREAK_GLASS_EMAIL?: string
  AUTH_SESSION_MAX_AGE_MINUTES?: number
}

function fromEnv(env: EnvSsoValues): Partial<SsoSettings> {
  const out: Partial<SsoSettings> = {}
  if (env.AUTH_OIDC_ALLOWED_DOMAINS) out.allowedDomains = env.AUTH_OIDC_ALLOWED_DOMAINS
  if (env.AUTH_OIDC_REQUIRED_GROUPS) out.requiredGroups = env.AUTH_OIDC_REQUIRED_GROUPS
  if (env.AUTH_OIDC_GROUPS_CLAIM) out.groupsClaim = env.AUTH_OIDC_GROUPS_CLAIM
  if (env.AUTH_OIDC_GROUP_ROLES) out.groupRoles = env.AUTH_OIDC_GROUP_ROLES as GroupRole[]
  if (env.AUTH_OIDC_INVITE_ONLY) out.inviteOnly = env.AUTH_OIDC_INVITE_ONLY === '1'
  if (env.AUTH_OIDC_ALLOW_UNVERIFIED_EMAIL) out.allowUnverifiedEmail = env.AUTH_OIDC_ALLOW_UNVERIFIED_EMAIL === '1'
  if (env.AUTH_SSO_ONLY) out.ssoOnly = env.AUTH_SSO_ONLY === '1'
  if (env.AUTH_BREAK_GLASS_EMAIL) out.breakGlassEmail = env.AUTH_BREAK_GLASS_EMAIL
  if (env.AUTH_SESSION_MAX_AGE_MINUTES) out.sessionMaxAgeMinutes = env.AUTH_SESSION_MAX_AGE_MINUTES
  return out
}

/** The settings in force: environment, then the admin's saved value, then the default, per setting. */
export function resolveSsoSettings(env: EnvSsoValues, stored: unknown, version = 0): SsoSettingsView {
  const parsedStored = ssoSettingsSchema.partial().safeParse(stored ?? {})
  const saved: Partial<SsoSettings> = parsedStored.success ? parsedStored.data : {}
  const forced = fromEnv(env)
  const settings = { ...defaultSsoSettings }
  const sources = {} as Record<keyof SsoSettings, SettingSource>
  for (const key of Object.keys(defaultSsoSettings) as (keyof SsoSettings)[]) {
    if (forced[key] !== undefined) {
      ;(settings as Record<string, unknown>)[key] = forced[key]
      sources[key] = 'environment'
    } else if (saved[key] !== undefined) {
      ;(settings as Record<string, unknown>)[key] = saved[key]
      sources[key] = 'admin'
    } else {
      sources[key] = 'default'
    }
  }
  return { settings, sources, version }
}
