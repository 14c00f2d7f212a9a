import 'server-only'
import type { Actor } from '@/lib/actions/actor'
import { getFleetHealth } from '@/lib/health/queries/fleet'
import { logger } from '@/lib/logger'

/**
 * What the affected services looked like at the moment of declaring: attached to the
 * `declared` timeline entry as evidence. Uses the shared health cache, so declaring
 * costs no extra AWS calls when the board is being watched.
 */
export async function healthSnapshot(actor: Actor, serviceIds: string[]) {
  if (serviceIds.length === 0) return { takenAt: new Date().toISOString(), services: [] }
  try {
    const fleet = await getFleetHealth(actor)
    return {
      takenAt: fleet.refreshedAt,
      services: fleet.services
        .filter((s) => serviceIds.includes(s.serviceId))
        .map((s) => ({
          serviceId: s.serviceId,
          name: s.name,
          cluster: s.cluster,
          environment: s.environment,
          status: s.status,
          reason: s.reason,
          running: s.running,
          desired: s.desired,
          cpuPercent: s.cpuPercent,
          memoryPercent: s.memoryPercent,
          errorRatePercent: s.errorRatePercent,
          latencyMs: s.latencyMs,
        })),
    }
  } catch (err) {
    logger.warn({ err }, 'health snapshot unavailable at declare')
    return { takenAt: new Date().toISOString(), services: [], error: 'Live health was unavailable when the incident was declared.' }
  }
}
