// Which target groups a service is really in: ECS's word over the catalog's. Pure; used by
// the board, the service page and runbook diagnostics alike.
import type { EcsServiceStatus } from '@/lib/aws/types'

/**
 * The target groups to read: the ones ECS says the service is registered with (the truth),
 * else the catalog's. A catalog ARN that ECS does not list is a warning, not silently used.
 */
export function targetGroupsOf(status: Pick<EcsServiceStatus, 'targetGroupArns'> | undefined, catalogArn: string | null) {
  const ecs = status?.targetGroupArns ?? []
  const arn = ecs[0] ?? catalogArn
  const stale = Boolean(status && catalogArn && ecs.length > 0 && !ecs.includes(catalogArn))
  const name = (a: string) => a.split(':').slice(5).join(':').split('/')[1] ?? a
  return {
    arn,
    all: ecs.length ? ecs : catalogArn ? [catalogArn] : [],
    warning: stale ? `catalog target group ${name(catalogArn!)} is not the service's: ECS uses ${ecs.map(name).join(', ')}; update the catalog` : null,
  }
}
