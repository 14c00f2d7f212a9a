import 'server-only'
import { createPgListener } from '@/lib/db/listen'
import { env } from '@/lib/env'
import type { Actor } from '@/lib/actions/actor'
import { getTimeline } from '@/lib/incidents/queries'
import { logger } from '@/lib/logger'
import { LIVE_CHANNEL } from './events'
import { createLiveHub, type LiveHub } from './hub'

// This instance's one live hub: a single LISTEN connection (lib/db/listen.ts), opened on
// the first stream and kept for the life of the process (across hot reloads in development).

const holder = globalThis as unknown as { incidentLiveHub?: LiveHub }

/** The entries a timeline event carries: read with the permissions of the reader that asked first. */
const loader = (actor: Actor) => async (incidentId: string, fromId: number) => (await getTimeline(actor, incidentId, fromId - 1, 20)).entries

export function liveHub(actor: Actor): LiveHub {
  if (holder.incidentLiveHub) return holder.incidentLiveHub
  const log = logger.child({ component: 'live' })
  const listener = createPgListener(env.DATABASE_URL ?? '', LIVE_CHANNEL, {
    onError: (err) => log.warn({ err }, 'live: the LISTEN connection failed; reconnecting'),
  })
  holder.incidentLiveHub = createLiveHub(listener, { loadEntries: loader(actor), onError: (err) => log.warn({ err }, 'live: could not read new entries') })
  return holder.incidentLiveHub
}
