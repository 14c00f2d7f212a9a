// The PagerDuty routing key at rest: AES-256-GCM encrypted with DATABASE_CREDENTIALS_KEY, the key
// that already encrypts registered databases' passwords (`lib/databases/crypto.ts`). Decrypted only
// on the server, for one send. Settings saved before this was encrypted hold the key in plain text;
// `encryptPlainPagerDutyKey` rewrites such a row, and the launcher runs it after the migrations at
// every start (a SQL migration cannot do it: it has no key). No 'server-only': the launcher runs this.
import { recordAudit } from '../audit/record'
import { decryptSecret, encryptSecret } from '../databases/crypto'
import type { DbClient } from '@/lib/db/create-client'
import { isSealedPagerDuty, pagerDutySettingKey, parseStoredPagerDuty, type SealedPagerDuty, type StoredPagerDuty } from './pagerduty'

export function sealPagerDuty(s: { enabled: boolean; url: string; routingKey: string }, secret: string): SealedPagerDuty {
  return { enabled: s.enabled, url: s.url, routingKeyEncrypted: encryptSecret(s.routingKey, secret), routingKeyLast4: s.routingKey.slice(-4) }
}

/** The routing key in clear, for one send. Throws when it does not decrypt with this secret. */
export function routingKeyOf(s: StoredPagerDuty, secret: string): string {
  return isSealedPagerDuty(s) ? decryptSecret(s.routingKeyEncrypted, secret) : s.routingKey
}

/**
 * Encrypts a routing key stored in plain text, under the setting's version guard (a concurrent
 * save wins and is looked at again), audited as the system. Idempotent.
 */
export async function encryptPlainPagerDutyKey(client: DbClient, secret: string, source: string): Promise<'encrypted' | 'unchanged'> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const done = await client.$transaction(async (tx) => {
      const row = await tx.appSetting.findUnique({ where: { key: pagerDutySettingKey }, select: { value: true, version: true } })
      const stored = parseStoredPagerDuty(row?.value)
      if (!row || !stored || isSealedPagerDuty(stored)) return 'unchanged' as const
      const { count } = await tx.appSetting.updateMany({
        where: { key: pagerDutySettingKey, version: row.version },
        data: { value: sealPagerDuty(stored, secret), version: { increment: 1 } },
      })
      if (count !== 1) return null
      await recordAudit(tx, {
        action: 'admin.pagerduty.update',
        actorEmail: 'system',
        targetType: 'setting',
        targetId: pagerDutySettingKey,
        params: { routingKeyEncrypted: true, source },
      })
      return 'encrypted' as const
    })
    if (done) return done
  }
  throw new Error('the PagerDuty setting kept changing while its routing key was being encrypted; start again')
}
