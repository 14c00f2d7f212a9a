import 'server-only'
// The resource catalog: resources beside services and the services that depend on them.
import type { Actor } from '@/lib/actions/actor'
import { db, Prisma } from '@/lib/db/client'
import type { ResourceSummary } from '../dto'
import { configOf } from '../kinds'

export async function listResources(_actor: Actor, where: { serviceId?: string } = {}): Promise<ResourceSummary[]> {
  const rows = await db.resource.findMany({
    where: where.serviceId ? { services: { some: { serviceId: where.serviceId } } } : undefined,
    orderBy: [{ kind: 'asc' }, { environment: 'desc' }, { name: 'asc' }],
    select: {
      id: true,
      kind: true,
      name: true,
      awsId: true,
      arn: true,
      region: true,
      environment: true,
      team: true,
      config: true,
      services: { select: { serviceId: true } },
      database: { select: { id: true, name: true } },
    },
  })
  return rows.map(({ services, config, ...r }) => ({ ...r, config: configOf(config), serviceIds: services.map((s) => s.serviceId) }))
}

/** A digest of what the refresh reads (ids, AWS ids, regions, config, links, the registered database), as an SQL expression. */
export const resourceCatalogDigestSql = Prisma.sql`(SELECT md5(string_agg(r."id"::text || '|' || r."awsId" || '|' || r."region" || '|' || r."config"::text || '|' ||
      coalesce((SELECT string_agg(l."serviceId"::text, ',' ORDER BY l."serviceId") FROM "ResourceService" l WHERE l."resourceId" = r."id"), '') || '|' ||
      coalesce((SELECT d."id"::text || ':' || d."name" FROM "RegisteredDatabase" d WHERE d."resourceId" = r."id"), ''),
      E'\n' ORDER BY r."id")) FROM "Resource" r)`
