// From the provider's claims to a decision: who this is, whether they may enter,
// and with which role. Pure, so every rule is unit tested.
import { z } from 'zod'
import { atLeast, type Role } from '@/lib/auth/permissions'
import type { SsoSettings } from './settings'

export type SsoClaims = {
  issuer: string
  subject: string
  /** From `email`, or from `preferred_username` when that is an email address; null when neither. */
  email: string | null
  /** True only when the provider sent `email_verified: true` for `email`. */
  emailVerified: boolean
  name: string
  /** The groups claim as sent; null when the provider did not send it. */
  groups: string[] | null
}

/** Why single sign-on refused; the login page explains each (see signInErrorMessage). */
export type SsoRefusal =
  | { code: 'SSO_MISSING_CLAIM'; detail: string }
  | { code: 'SSO_NOT_ALLOWED'; detail: 'domain' | 'group' | 'unverified' }
  | { code: 'SSO_NOT_INVITED' }
  | { code: 'SSO_UNVERIFIED' }
  | { code: 'SSO_ACCOUNT_EXISTS' }
  | { code: 'SSO_LINK_CONFLICT' }
  | { code: 'SSO_LINK_EXPIRED' }
  | { code: 'DISABLED' }

/** The error code carried in /login?error=…; the detail names the claim or the rule. */
export function refusalCode(refusal: SsoRefusal) {
  return 'detail' in refusal ? `${refusal.code}:${refusal.detail}` : refusal.code
}

const emailShape = z.email()

function text(value: unknown) {
  return typeof value === 'string' && value.trim() ? value.trim() : null
}

/**
 * The ID token's claims completed from user-info. `email` and `email_verified` are
 * taken together from one source (user-info when it sends an email, else the ID
 * token), so an email from one never inherits the other's `email_verified`. The ID
 * token keeps the last word on who this is (iss, sub).
 */
export function mergeClaims(idClaims: Record<string, unknown>, info: Record<string, unknown>): Record<string, unknown> {
  const emailSource = typeof info.email === 'string' ? info : idClaims
  const merged: Record<string, unknown> = { ...idClaims, ...info }
  delete merged.email
  delete merged.email_verified
  if (emailSource.email !== undefined) merged.email = emailSource.email
  if (emailSource.email_verified !== undefined) merged.email_verified = emailSource.email_verified
  return { ...merged, iss: String(idClaims.iss ?? ''), sub: String(idClaims.sub ?? '') }
}

/** Reads the claims we use from the merged ID token and user-info claims (see mergeClaims). */
export function claimsFromProfile(profile: Record<string, unknown>, groupsClaim: string): { ok: true; claims: SsoClaims } | { ok: false; refusal: SsoRefusal } {
  const issuer = text(profile.iss)
  const subject = text(profile.sub)
  if (!issuer) return { ok: false, refusal: { code: 'SSO_MISSING_CLAIM', detail: 'iss' } }
  if (!subject) return { ok: false, refusal: { code: 'SSO_MISSING_CLAIM', detail: 'sub' } }
  const email = text(profile.email)?.toLowerCase() ?? null
  const username = text(profile.preferred_username)?.toLowerCase() ?? null
  let chosen: string | null = null
  let verified = false
  if (email && emailShape.safeParse(email).success) {
    chosen = email
    verified = profile.email_verified === true || profile.email_verified === 'true'
  } else if (username && emailShape.safeParse(username).success) {
    chosen = username
  }
  const rawGroups = profile[groupsClaim]
  const groups = Array.isArray(rawGroups) ? rawGroups.filter((g): g is string => typeof g === 'string') : typeof rawGroups === 'string' ? [rawGroups] : null
  const name = text(profile.name) ?? username ?? chosen ?? subject
  return { ok: true, claims: { issuer, subject, email: chosen, emailVerified: verified, name: name.slice(0, 100), groups } }
}

/** The role the group mapping gives, or null when no mapping is configured. */
export function mappedRole(groups: string[] | null, settings: Pick<SsoSettings, 'groupRoles'>): Role | null {
  if (settings.groupRoles.length === 0) return null
  let role: Role = 'VIEWER'
  for (const { group, role: mapped } of settings.groupRoles) {
    if (groups?.includes(group) && atLeast(mapped, role)) role = mapped
  }
  return role
}

/** The role the group mapping may grant: never more than Viewer to an identity whose email is not verified. */
export function grantableRole(role: Role | null, emailVerified: boolean): Role | null {
  if (!role || emailVerified) return role
  return 'VIEWER'
}

/** The allow-list rules, checked at every SSO sign-in before anything is written. */
export function checkAccess(claims: SsoClaims, settings: SsoSettings): { ok: true; role: Role | null } | { ok: false; refusal: SsoRefusal } {
  if (settings.allowedDomains.length > 0) {
    if (!claims.email) return { ok: false, refusal: { code: 'SSO_MISSING_CLAIM', detail: 'email' } }
    if (!claims.emailVerified) return { ok: false, refusal: { code: 'SSO_NOT_ALLOWED', detail: 'unverified' } }
    const domain = claims.email.slice(claims.email.lastIndexOf('@') + 1)
    if (!settings.allowedDomains.includes(domain)) return { ok: false, refusal: { code: 'SSO_NOT_ALLOWED', detail: 'domain' } }
  }
  if (settings.requiredGroups.length > 0) {
    if (!claims.groups) return { ok: false, refusal: { code: 'SSO_MISSING_CLAIM', detail: settings.groupsClaim } }
    if (!settings.requiredGroups.some((g) => claims.groups?.includes(g))) {
      return { ok: false, refusal: { code: 'SSO_NOT_ALLOWED', detail: 'group' } }
    }
  }
  return { ok: true, role: mappedRole(claims.groups, settings) }
}
