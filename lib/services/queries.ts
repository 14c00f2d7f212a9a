import 'server-only'
import type { Actor } from '@/lib/actions/actor'
import { db, Prisma } from '@/lib/db/client'
import { cache } from 'react'
import type { ServiceSummary } from './dto'

export async function listServices(_actor: Actor): Promise<ServiceSummary[]> {
  return db.service.findMany({
    orderBy: [{ environment: 'desc' }, { cluster: 'asc' }, { name: 'asc' }],
    select: {
      id: true,
      name: true,
      environment: true,
      region: true,
      cluster: true,
      ecsServiceName: true,
      team: true,
      healthUrl: true,
      targetGroupArn: true,
    },
  })
}

const serviceSelect = {
  id: true,
  name: true,
  environment: true,
  region: true,
  cluster: true,
  ecsServiceName: true,
  team: true,
  healthUrl: true,
  targetGroupArn: true,
} as const

export const getService = cache(async (_actor: Actor, id: string) => {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return null
  return db.service.findUnique({ where: { id }, select: serviceSelect })
})

/**
 * A digest of what the board reads per service (id, region, cluster, ECS name, target group),
 * computed by Postgres: one short row per status request instead of the whole catalog.
 */
/** The service catalog's digest as an SQL expression (what the refresh reads: ids, regions, clusters, names, target groups). */
export const catalogDigestSql = Prisma.sql`(SELECT md5(string_agg("id"::text || '|' || "region" || '|' || "cluster" || '|' || "ecsServiceName" || '|' || coalesce("targetGroupArn", ''), E'\n' ORDER BY "id")) FROM "Service")`
