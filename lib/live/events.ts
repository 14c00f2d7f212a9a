// What the live stream carries (pure and client-safe). Each notification from Postgres
// is small: a kind, an id and a version or cursor; the browser refetches through its
// usual queries, except that a timeline event may carry the new entries themselves
// (read once per instance, not once per viewer).
import type { TimelineEntryDto } from '@/lib/incidents/dto'

/** The Postgres channel the triggers in prisma/migrations/*_live_notify notify on. */
export const LIVE_CHANNEL = 'incident_command_live'

export type LiveChange =
  | { k: 'timeline'; i: string; e: number; entries?: TimelineEntryDto[] }
  | { k: 'incident'; i: string; v: number }
  | { k: 'remediation'; r: string; i: string | null; s: string; g?: string | null }
  | { k: 'alert'; a: string; i: string | null; v?: number; n?: number }
  /** The board's refresh (services and resources) stored a result. */
  | { k: 'health'; t?: string }

/** `hello` opens every stream: resumed says whether nothing was missed since Last-Event-ID. */
export type LiveHello = { resumed: boolean; live: boolean }
/** `status`: whether this server instance currently listens to Postgres. */
export type LiveStatus = { live: boolean }

const kinds = new Set(['timeline', 'incident', 'remediation', 'alert', 'health'])

/** A notification payload as sent by the triggers, or null when it is not one. */
export function parseLiveChange(payload: string): LiveChange | null {
  try {
    const value = JSON.parse(payload) as { k?: unknown }
    return value && typeof value === 'object' && typeof value.k === 'string' && kinds.has(value.k) ? (value as LiveChange) : null
  } catch {
    return null
  }
}

/** An event id is `<instance boot id>.<sequence>`: a reconnect to the same instance can resume. */
export function parseEventId(id: string | null | undefined): { boot: string; seq: number } | null {
  const m = /^([a-z0-9]{1,32})\.(\d{1,15})$/.exec(id ?? '')
  return m ? { boot: m[1], seq: Number(m[2]) } : null
}
