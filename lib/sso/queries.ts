import 'server-only'
import { cache } from 'react'
import { db, type DbTransaction } from '@/lib/db/client'
import { env } from '@/lib/env'
import { resolveSsoSettings, type EnvSsoValues, type SsoSettings, type SsoSettingsView } from './settings'

export const ssoSettingsKey = 'sso'

/** The sign-in settings in force (environment over the admin's saved values over defaults). */
export const getSsoSettings = cache(async (): Promise<SsoSettingsView> => {
  const row = await db.appSetting.findUnique({ where: { key: ssoSettingsKey }, select: { value: true, version: true } })
  return resolveSsoSettings(env, row?.value, row?.version ?? 0)
})

/** The settings in force, read inside a transaction whose writes depend on them. */
export async function readSsoSettings(tx: DbTransaction, envValues: EnvSsoValues = env): Promise<SsoSettings> {
  const row = await tx.appSetting.findUnique({ where: { key: ssoSettingsKey }, select: { value: true } })
  return resolveSsoSettings(envValues, row?.value).settings
}

export type IdentityRow = { id: string; issuer: string; email: string | null; createdAt: string; lastSeenAt: string }

/** The single sign-on identities linked to a user, for their profile. */
export async function listIdentities(userId: string): Promise<IdentityRow[]> {
  const rows = await db.userIdentity.findMany({
    where: { userId },
    orderBy: { createdAt: 'asc' },
    select: { id: true, issuer: true, email: true, createdAt: true, lastSeenAt: true },
  })
  return rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString(), lastSeenAt: r.lastSeenAt.toISOString() }))
}
