// PagerDuty Events API v2 forwarding of auto-declared incidents: the stored setting and the
// event bodies. Pure. The dedup_key is the incident's, so the resolve closes what the trigger
// opened, and a trigger sent twice stays one PagerDuty incident.
import { z } from 'zod'

export const pagerDutySettingKey = 'alerts.pagerduty'
export const PAGERDUTY_DEFAULT_URL = 'https://events.pagerduty.com/v2/enqueue'

const common = { enabled: z.boolean(), url: z.string().url() }
/**
 * The stored setting. The routing key is a secret: encrypted at rest (`pagerduty-key.ts`), never
 * sent to the browser; its last four characters are kept beside it for the admin page.
 */
const sealedPagerDuty = z.object({ ...common, routingKeyEncrypted: z.string().startsWith('v1:'), routingKeyLast4: z.string().max(4) })
/** How it was stored before the key was encrypted; the launcher's upgrade step (`encryptPlainPagerDutyKey`) rewrites it. */
const plainPagerDuty = z.object({ ...common, routingKey: z.string().min(1) })
export const storedPagerDuty = z.union([sealedPagerDuty, plainPagerDuty])
export type SealedPagerDuty = z.infer<typeof sealedPagerDuty>
export type StoredPagerDuty = z.infer<typeof storedPagerDuty>

export function parseStoredPagerDuty(value: unknown): StoredPagerDuty | null {
  const parsed = storedPagerDuty.safeParse(value)
  return parsed.success ? parsed.data : null
}

export const isSealedPagerDuty = (s: StoredPagerDuty): s is SealedPagerDuty => 'routingKeyEncrypted' in s

/** What the admin page shows of the routing key: its last four characters. */
export const routingKeyPreview = (s: StoredPagerDuty) => `…${isSealedPagerDuty(s) ? s.routingKeyLast4 : s.routingKey.slice(-4)}`

const severityOf = { SEV1: 'critical', SEV2: 'error', SEV3: 'warning', SEV4: 'info' } as const

export const pagerDutyDedupKey = (incidentId: string) => `incident-command:${incidentId}`

export type PagerDutyIncident = { id: string; ref: string; title: string; severity: keyof typeof severityOf; services: string[]; reason: string; link: string }

export function pagerDutyEvent(routingKey: string, action: 'trigger' | 'resolve', i: PagerDutyIncident) {
  const base = { routing_key: routingKey, event_action: action, dedup_key: pagerDutyDedupKey(i.id) }
  if (action === 'resolve') return base
  return {
    ...base,
    client: 'Incident command',
    client_url: i.link,
    payload: {
      summary: `${i.ref} ${i.title}`.slice(0, 1024),
      severity: severityOf[i.severity],
      source: i.services.join(', ') || 'incident-command',
      component: i.services[0],
      custom_details: { incident: i.ref, reason: i.reason, link: i.link },
    },
  }
}
