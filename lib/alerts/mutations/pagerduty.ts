import 'server-only'
// Forwarding auto-declared incidents to a PagerDuty Events API v2 compatible endpoint, and the
// admin's setting for it (an AppSetting row, versioned and audited like the status webhooks).
// Sends happen after the incident's transaction has committed, through the outbound guard;
// an endpoint that does not take an event is written on the incident's timeline
// (`update_failed`), never thrown and never silent. The routing key is stored encrypted
// (`../pagerduty-key.ts`) and decrypted only for a send.
import type { ActorContext } from '@/lib/actions/actor'
import { requireCan } from '@/lib/actions/actor'
import { recordAudit } from '@/lib/audit/record'
import { db } from '@/lib/db/client'
import { credentialsKey } from '@/lib/databases/queries'
import { env } from '@/lib/env'
import { AppError } from '@/lib/errors'
import { appendIncidentEntry } from '@/lib/incidents/mutations'
import { checkDestination, postJson, type PostOutcome } from '@/lib/security/outbound'
import { SYSTEM_EMAIL } from './system'
import { PAGERDUTY_DEFAULT_URL, isSealedPagerDuty, pagerDutyEvent, pagerDutySettingKey, parseStoredPagerDuty, type StoredPagerDuty } from '../pagerduty'
import { routingKeyOf, sealPagerDuty } from '../pagerduty-key'

const PAGERDUTY_TIMEOUT_MS = 5_000

export async function storedPagerDutySetting() {
  const row = await db.appSetting.findUnique({ where: { key: pagerDutySettingKey }, select: { value: true, version: true } })
  return { version: row?.version ?? 0, setting: parseStoredPagerDuty(row?.value) }
}

/** Saves the forward (admins). The routing key stays as it was unless a new one is given. */
export async function savePagerDuty(ctx: ActorContext, input: { enabled: boolean; url?: string; routingKey?: string; expectedVersion: number }) {
  requireCan(ctx.actor, 'admin:policy', 'Only an admin can change the PagerDuty forward.')
  // The address stays as it was unless a new one is given; a new one is checked before the transaction (it resolves DNS).
  const { setting: before } = await storedPagerDutySetting()
  const url = input.url?.trim() || before?.url || PAGERDUTY_DEFAULT_URL
  const check = url === before?.url ? { ok: true as const } : await checkDestination(url)
  if (!check.ok) throw new AppError('VALIDATION', 'The PagerDuty URL points somewhere the app may not send to.', { url: [`Not allowed: ${check.reason}`] })
  const secret = credentialsKey()
  const given = input.routingKey?.trim()
  return db.$transaction(async (tx) => {
    await tx.appSetting.createMany({ data: [{ key: pagerDutySettingKey, value: {} }], skipDuplicates: true })
    const row = await tx.appSetting.findUniqueOrThrow({ where: { key: pagerDutySettingKey }, select: { value: true, version: true } })
    const current = parseStoredPagerDuty(row.value)
    if (!given && !current) throw new AppError('VALIDATION', 'Give the routing key of the PagerDuty service.', { routingKey: ['Required'] })
    const next: StoredPagerDuty = given
      ? sealPagerDuty({ enabled: input.enabled, url, routingKey: given }, secret)
      : current && isSealedPagerDuty(current)
        ? { ...current, enabled: input.enabled, url }
        : sealPagerDuty({ enabled: input.enabled, url, routingKey: routingKeyOf(current!, secret) }, secret)
    const { count } = await tx.appSetting.updateMany({
      where: { key: pagerDutySettingKey, version: input.expectedVersion },
      data: { value: next, version: { increment: 1 } },
    })
    if (count !== 1) throw new AppError('CONFLICT', 'The PagerDuty forward changed since you loaded it. Reload to see it, then try again.')
    await recordAudit(tx, {
      action: 'admin.pagerduty.update',
      actor: ctx.actor,
      targetType: 'setting',
      targetId: pagerDutySettingKey,
      requestId: ctx.requestId,
      // Never the routing key.
      params: {
        enabled: next.enabled,
        host: new URL(url).host,
        routingKeyReplaced: Boolean(given) && given !== savedKey(current, secret),
      },
    })
    return { version: input.expectedVersion + 1, enabled: next.enabled, url }
  })
}

/** The saved routing key in clear, or null when there is none or it does not decrypt (no key, or another key). */
function savedKey(s: StoredPagerDuty | null, secret = env.DATABASE_CREDENTIALS_KEY ?? '') {
  try {
    return s ? routingKeyOf(s, secret) : null
  } catch {
    return null
  }
}

export type PagerDutyOutcome = { sent: false; reason: 'off' } | { sent: true; ok: true } | { sent: true; ok: false; error: string }

/**
 * Sends the incident's trigger or resolve event, when the forward is on. Call it after the
 * incident's transaction has committed. A failure becomes an `update_failed` entry.
 */
export async function forwardToPagerDuty(ctx: ActorContext, incidentId: string, action: 'trigger' | 'resolve', reason = ''): Promise<PagerDutyOutcome> {
  const { setting } = await storedPagerDutySetting()
  if (!setting?.enabled) return { sent: false, reason: 'off' }
  const incident = await db.incident.findUnique({
    where: { id: incidentId },
    select: { id: true, number: true, title: true, severity: true, services: { select: { service: { select: { name: true } } } } },
  })
  if (!incident) return { sent: false, reason: 'off' }
  const ref = `INC-${incident.number}`
  const link = `${(env.NEXTAUTH_URL ?? '').replace(/\/$/, '')}/incidents/${incident.id}`
  const routingKey = savedKey(setting)
  const body = pagerDutyEvent(routingKey ?? '', action, {
    id: incident.id,
    ref,
    title: incident.title,
    severity: incident.severity,
    services: incident.services.map((s) => s.service.name),
    reason,
    link,
  })
  const got: PostOutcome = routingKey
    ? await postJson(setting.url, body, { timeoutMs: PAGERDUTY_TIMEOUT_MS })
    : { ok: false, error: 'the saved routing key does not decrypt (DATABASE_CREDENTIALS_KEY unset or changed); save it again on Admin → Alert integrations' }
  if (got.ok) {
    ctx.log.info({ incidentId, action }, 'PagerDuty event sent')
    return { sent: true, ok: true }
  }
  const error = got.error
  ctx.log.warn({ incidentId, action, error }, 'PagerDuty event not delivered')
  await db.$transaction((tx) =>
    appendIncidentEntry(tx, {
      incidentId,
      kind: 'update_failed',
      actorId: ctx.actor.id,
      text: `The PagerDuty ${action} did not reach ${new URL(setting.url).host}: ${error}`,
      data: { channel: 'pagerduty', action, error, httpStatus: got.status ?? null },
      progress: false,
    }),
  )
  return { sent: true, ok: false, error }
}

/**
 * After an incident resolved: the resolve event, only for incidents the alerts declared
 * (those are the ones a trigger went out for). Never throws: the resolution stands.
 */
export async function resolveInPagerDuty(ctx: ActorContext, incidentId: string) {
  try {
    const row = await db.incident.findUnique({ where: { id: incidentId }, select: { status: true, declaredBy: { select: { email: true } } } })
    if (row?.status !== 'RESOLVED' || row.declaredBy?.email !== SYSTEM_EMAIL) return { sent: false as const, reason: 'off' as const }
    return await forwardToPagerDuty(ctx, incidentId, 'resolve')
  } catch (err) {
    ctx.log.error({ err, incidentId }, 'PagerDuty resolve not sent')
    return { sent: false as const, reason: 'off' as const }
  }
}
