// PagerDuty Events API v2 forwarding of auto-declared incidents: the stored setting and the
// event bodies. Pure. The dedup_key is the incident's, so the resolve closes what the trigger
// opened, and a trigger sent twice stays one PagerDuty incident.
import { z } from 'zod'

export const pagerDutySettingKey = 'alerts.pagerduty'
export const PAGERDUTY_DEFAULT_URL = 'https://events.pagerduty.com/v2/enqueue'

/** The stored setting. The routing key is a secret like the webhook URLs: kept server-side, shown only as a preview. */
export const storedPagerDuty = z.object({ enabled: z.boolean(), url: z.string().url(), routingKey: z.string().min(1) })
export type StoredPagerDuty = z.infer<typeof storedPagerDuty>

export function parseStoredPagerDuty(value: unknown): StoredPagerDuty | null {
  const parsed = storedPagerDuty.safeParse(value)
  return parsed.success ? parsed.data : null
}

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
