// The status-update webhooks as stored in the AppSetting table, and how an admin
// sees them. A webhook URL is a secret (whoever has it can post to the channel), so
// it leaves the server only as a preview.
import { z } from 'zod'
import { webhookFormats, type WebhookView } from './dto'

export const statusWebhooksKey = 'incidents.status_webhooks'

export type StoredWebhook = { id: string; name: string; format: (typeof webhookFormats)[number]; url: string; enabled: boolean }

const storedWebhook = z.object({
  id: z.string().min(1),
  name: z.string(),
  format: z.enum(webhookFormats),
  url: z.string(),
  enabled: z.boolean(),
})

/** The stored list, skipping anything malformed (a hand-edited row never breaks posting). */
export function parseStoredWebhooks(value: unknown): StoredWebhook[] {
  if (!Array.isArray(value)) return []
  return value.flatMap((v) => {
    const parsed = storedWebhook.safeParse(v)
    return parsed.success ? [parsed.data] : []
  })
}

/** "hooks.slack.com/…x9Yz": enough to recognise a URL, not enough to use it. */
export function previewUrl(url: string): string {
  try {
    const u = new URL(url)
    const tail = `${u.pathname}${u.search}`.replace(/\/+$/, '')
    return tail.length > 4 ? `${u.host}/…${tail.slice(-4)}` : u.host
  } catch {
    return '(not a URL)'
  }
}

export function toWebhookView(w: StoredWebhook): WebhookView {
  return { id: w.id, name: w.name, format: w.format, enabled: w.enabled, urlPreview: previewUrl(w.url) }
}
